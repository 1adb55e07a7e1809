import type { RuleInfo } from '../rules';

/** JavaScript/TypeScript rules. Filled in by the Node.js analysis. */
export const JS_RULES: RuleInfo[] = [];
