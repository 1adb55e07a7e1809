import type { RuleInfo } from '../rules';

/** Go rules. Filled in by the Go analysis. */
export const GO_RULES: RuleInfo[] = [];
