import { type Category, type Confidence, type Finding, type Fix, type Severity, severityAtLeast } from './finding';
import { ruleDocUrl } from './rules';
import type { LineIndex } from './textPositions';

/** What a finding needs from its rule: rule metadata (`RuleInfo`) or a check of the engine's own (suppression comments). */
export interface FindingRule {
  id: string;
  category: Category;
  defaultSeverity: Severity;
  /** Where the rule is documented; a rule page under docs/rules/ when absent. */
  docUrl?: string;
}

/** Builds a finding for `rule` covering the 0-based offsets [start, end) of the indexed text. */
export function createFinding(
  rule: FindingRule,
  lines: LineIndex,
  start: number,
  end: number,
  message: string,
  fixes: Fix[] = [],
  note?: string,
): Finding {
  const from = lines.position(start);
  const to = lines.position(end);
  return {
    rule: rule.id,
    category: rule.category,
    severity: rule.defaultSeverity,
    confidence: 'high',
    line: from.line,
    column: from.column,
    endLine: to.line,
    endColumn: to.column,
    start,
    end,
    message,
    ...(note ? { note } : {}),
    docUrl: rule.docUrl ?? ruleDocUrl(rule.id),
    fixes,
  };
}

/**
 * The same finding at medium confidence: a guess never outranks a proven leak, so its severity drops to
 * `info` when the rule's default is above that (a user's explicit severity setting still applies later).
 */
export function withConfidence(finding: Finding, confidence: Confidence): Finding {
  if (confidence === 'high') return { ...finding, confidence };
  const severity = severityAtLeast(finding.severity, 'info') ? 'info' : finding.severity;
  return { ...finding, confidence, severity };
}
