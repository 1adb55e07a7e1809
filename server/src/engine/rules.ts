import { GO_RULES } from './go/goRuleList';
import { JS_RULES } from './js/jsRuleMetadata';
import type { RuleInfo } from './ruleInfo';

export type { RuleExample, RuleInfo, RuleLanguage, RuleSpec } from './ruleInfo';

/** The project's repository; rule pages live under docs/rules/ in it (and in the packaged extension). */
export const REPOSITORY_URL = 'https://github.com/socket-lens/socket-lens';
/** Where the rule pages are published: `<DOCS_BASE_URL>/<rule id>.md`. */
export const DOCS_BASE_URL = `${REPOSITORY_URL}/blob/main/docs/rules`;

/** Every rule, Go first; the one list the docs, the README table and SARIF are generated from. */
export const RULES: readonly RuleInfo[] = [...GO_RULES, ...JS_RULES];

const byId = new Map<string, RuleInfo>(RULES.map((r) => [r.id, r]));

export function findRule(id: string): RuleInfo | undefined {
  return byId.get(id);
}

/** The rule page's path relative to the repository root and to the installed extension. */
export function ruleDocPath(id: string): string {
  return `docs/rules/${id}.md`;
}

/** The rule page on the web (JSON and SARIF output). The editor opens the packaged copy instead. */
export function ruleDocUrl(id: string): string {
  return `${DOCS_BASE_URL}/${id}.md`;
}
