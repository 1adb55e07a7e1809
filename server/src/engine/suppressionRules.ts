import type { Category, Severity } from './finding';
import { REPOSITORY_URL } from './rules';

/** Checks of the suppression comments themselves. Their findings can be re-graded or turned off like any rule's. */
export interface SuppressionRuleInfo {
  id: string;
  category: Category;
  defaultSeverity: Severity;
  title: string;
  explanation: string;
}

export const UNKNOWN_SUPPRESSION_RULE = 'unknown-suppression-rule';
export const UNUSED_SUPPRESSION = 'unused-suppression';

export const SUPPRESSION_RULES: readonly SuppressionRuleInfo[] = [
  {
    id: UNKNOWN_SUPPRESSION_RULE,
    category: 'other',
    defaultSeverity: 'warning',
    title: 'Suppression comment names an unknown rule',
    explanation:
      'A `socketlens:ignore` or `socketlens:file-ignore` comment names something that is neither a rule id, a category nor `*`, ' +
      'so it silences nothing (often a typo or a renamed rule). Use one of the rule ids listed in the README.',
  },
  {
    id: UNUSED_SUPPRESSION,
    category: 'other',
    defaultSeverity: 'warning',
    title: 'Suppression comment silences nothing',
    explanation:
      'The code this comment was written for no longer has the finding it names: remove the comment, so it cannot hide a future leak. ' +
      'Reported by `socket-lens scan --report-unused-suppressions`.',
  },
];

export function suppressionRuleDocUrl(): string {
  return `${REPOSITORY_URL}/blob/main/README.md#suppressing-findings`;
}
