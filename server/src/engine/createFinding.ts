import type { Finding, Fix } from './finding';
import type { RuleInfo } from './rules';
import { ruleDocUrl } from './rules';
import type { LineIndex } from './textPositions';

/** Builds a finding for `rule` covering the 0-based offsets [start, end) of the indexed text. */
export function createFinding(
  rule: RuleInfo,
  lines: LineIndex,
  start: number,
  end: number,
  message: string,
  fixes: Fix[] = [],
  explanation: string = rule.explanation,
): Finding {
  const from = lines.position(start);
  const to = lines.position(end);
  return {
    rule: rule.id,
    category: rule.category,
    severity: rule.defaultSeverity,
    line: from.line,
    column: from.column,
    endLine: to.line,
    endColumn: to.column,
    start,
    end,
    message,
    explanation,
    docUrl: ruleDocUrl(rule.id),
    fixes,
  };
}
