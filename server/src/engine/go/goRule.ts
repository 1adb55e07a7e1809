import type { Confidence, Fix, RelatedLocation } from '../finding';
import type { Reporter, Rule } from '../rule';
import type { GoRuleId } from '../ruleIds';
import type { GoFileContext } from './goFileContext';

/** A Go rule: the shared contract (`engine/rule.ts`) over a Go file's context. */
export type GoRule<Id extends GoRuleId = GoRuleId> = Rule<GoFileContext, Id>;

/** How Go checks report: the syntax node the finding covers, then the message, fixes and note. */
export type GoReport = (
  node: { start: number; end: number },
  message: string,
  fixes?: Fix[],
  note?: string,
  confidence?: Confidence,
  /** The leaking path: where the body is still open, shown as links on hover. */
  related?: RelatedLocation[],
) => void;

/** The positional form Go checks use, over the rule's reporter (notes are written as paragraphs; trimmed here). */
export function goReport(report: Reporter): GoReport {
  return (node, message, fixes, note, confidence, related) =>
    report({ start: node.start, end: node.end, message, fixes, note: note?.trim() || undefined, confidence, related });
}
