import type { Confidence, Fix, RelatedLocation, Severity } from './finding';
import type { RuleId } from './ruleIds';
import type { RuleInfo } from './ruleInfo';

/**
 * The one rule contract for both languages: a rule is its metadata and its check. Each rule lives in its own
 * folder (`go/rules/<id>/rule.ts`, `js/rules/<id>/rule.ts`) and is wired by one line in its language's list
 * (`go/goRuleList.ts`, `js/jsRuleList.ts`); the rule tables, docs and SARIF descriptors are derived from those lists.
 */
export interface Rule<Ctx, Id extends RuleId = RuleId> {
  readonly info: RuleInfo & { id: Id };
  /** Reports every finding of this rule in one file; `report` builds the finding from the rule's metadata. */
  check(ctx: Ctx, report: Reporter): void;
}

/** One finding as a check reports it: 0-based offsets in the analysed text, the one-line message, fixes, a note. */
export interface Report {
  start: number;
  end: number;
  /** One line of at most 120 characters: what leaks, where, and the action. */
  message: string;
  fixes?: Fix[];
  /** Markdown this finding adds to its rule's prose (why there is no quick fix, where the context comes from). */
  note?: string;
  /** `high` unless the finding rests on an assumption (see `Confidence`); medium lowers the severity to `info`. */
  confidence?: Confidence;
  /** A severity below the rule's default for this finding (e.g. a per-request client that is closed every time). */
  severity?: Severity;
  /** The leaking path, shown as links on hover. */
  related?: RelatedLocation[];
}

export type Reporter = (report: Report) => void;
