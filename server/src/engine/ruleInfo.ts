import type { RuleId } from './ruleIds';
import type { Category, Severity } from './finding';

/**
 * A rule's metadata: the single source of its hover text, its page under docs/rules/, its row in the
 * README's rule table and its SARIF descriptor. Findings carry the rule id and their own one-line message.
 */

export type RuleLanguage = 'go' | 'js';

/** A small, complete file that shows the rule: the docs print it and a test runs the engine on it. */
export interface RuleExample {
  /** File name the example is analysed under (its extension picks the language). */
  fileName: string;
  /** Code the rule reports. */
  leaks: string;
  /** The same code after the fix: the rule is silent on it. */
  fixed: string;
  /** Analysis options the example needs (e.g. a load balancer idle timeout). */
  options?: { loadBalancerIdleTimeoutSeconds?: number };
}

/** What an author writes for a rule; `defineRule` derives the rest. */
export interface RuleSpec {
  /** Stable id, used in settings, suppression comments, JSON and SARIF output (one of `ruleIds.ts`). */
  id: RuleId;
  language: RuleLanguage;
  category: Category;
  defaultSeverity: Severity;
  /** Short title, e.g. "Response body not closed on every path". */
  title: string;
  /** The fix in one sentence (hover, README table, SARIF). */
  fix: string;
  /** Why it matters, in at most three sentences (hover). */
  why: string;
  /** Rule page: what is reported (Markdown). */
  what: string;
  /** Rule page: the background in full, when there is more to say than `why` (Markdown). */
  background?: string;
  /** Rule page: how to fix it in detail, and what the quick fix does (Markdown). */
  fixDetails: string;
  /** Rule page: what the rule deliberately leaves alone (Markdown). */
  notReported?: string;
  example: RuleExample;
}

export interface RuleInfo extends RuleSpec {
  /** Markdown explanation composed from the parts above (SARIF help; hover and docs look it up by rule id). */
  explanation: string;
}

/** The suppression comment for a rule, in its language's style. */
export function ignoreComment(rule: Pick<RuleSpec, 'id' | 'language'>): string {
  return rule.language === 'go' ? `//socketlens:ignore ${rule.id} reason` : `// socketlens:ignore ${rule.id} reason`;
}

/** How to silence a rule, one paragraph (the same words on every page). */
export function silenceText(rule: Pick<RuleSpec, 'id' | 'language'>): string {
  return (
    `When it is deliberate, put \`${ignoreComment(rule)}\` on the line or the line above, ` +
    `or set \`"${rule.id}": "off"\` in the \`socketLens.rules\` setting (\`--rule\` picks rules on the command line).`
  );
}

/** A rule's metadata, with the explanation composed; the id's literal type is kept (a Go list takes only Go ids). */
export function defineRule<Id extends RuleId>(spec: RuleSpec & { id: Id }): RuleInfo & { id: Id } {
  const explanation = [
    `**What.** ${spec.what}`,
    `**Why it matters.** ${spec.background ?? spec.why}`,
    `**Fix.** ${spec.fixDetails}`,
    ...(spec.notReported ? [`**Not reported.** ${spec.notReported}`] : []),
    `**Silence it.** ${silenceText(spec)}`,
  ].join('\n\n');
  return { ...spec, explanation };
}
