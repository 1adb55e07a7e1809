import type { Category, Severity } from './finding';
import { GO_RULES } from './go/goRules';
import { JS_RULES } from './js/jsRules';

/** Where each rule is documented: the README's "Rules" section, one anchor per rule id. */
export const DOCS_BASE_URL = 'https://github.com/socket-lens/socket-lens/blob/main/README.md';

export type RuleLanguage = 'go' | 'js';

export interface RuleInfo {
  /** Stable id, used in settings, suppression comments, JSON and SARIF output. */
  id: string;
  language: RuleLanguage;
  category: Category;
  defaultSeverity: Severity;
  /** Short title, e.g. "Response body not closed". */
  title: string;
  /** Markdown explanation shown on hover: what leaks, why it matters, how to fix it. */
  explanation: string;
}

export const RULES: readonly RuleInfo[] = [...GO_RULES, ...JS_RULES];

const byId = new Map(RULES.map((r) => [r.id, r]));

export function findRule(id: string): RuleInfo | undefined {
  return byId.get(id);
}

export function ruleDocUrl(id: string): string {
  return `${DOCS_BASE_URL}#${id}`;
}
