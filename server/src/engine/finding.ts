/**
 * The finding model shared by the language server, the CLI and the tests.
 * Plain data: no LSP or VS Code types.
 *
 * Positions: `line`/`column` are 1-based; columns count UTF-16 code units (as
 * JavaScript strings and LSP do); `endLine`/`endColumn` point just past the
 * last character. `start`/`end` are the same range as 0-based string offsets.
 */

export type Category = 'per-request-client' | 'unclosed-body' | 'keep-alive' | 'other';

/** Ordered from most to least severe. */
export const SEVERITIES = ['error', 'warning', 'info', 'hint'] as const;
export type Severity = (typeof SEVERITIES)[number];

export function isSeverity(value: unknown): value is Severity {
  return typeof value === 'string' && (SEVERITIES as readonly string[]).includes(value);
}

/** True when `a` is at least as severe as `b`. */
export function severityAtLeast(a: Severity, b: Severity): boolean {
  return SEVERITIES.indexOf(a) <= SEVERITIES.indexOf(b);
}

/** Replace the text between two 0-based offsets of the analysed document. */
export interface TextEdit {
  start: number;
  end: number;
  newText: string;
}

/**
 * How sure the analysis is that the finding is a real leak.
 * - `high`: the leak is proven from the code in view (every link of the chain is known).
 * - `medium`: a likely leak that rests on one assumption (a guessed call context, a library model).
 * A medium finding never outranks a proven one: its default severity is at most `info`.
 */
export type Confidence = 'high' | 'medium';
export const CONFIDENCES = ['high', 'medium'] as const;

export interface Fix {
  title: string;
  /** One fix is clearly right: offered as the preferred quick fix and applied by `scan --fix` and fix-all. */
  preferred: boolean;
  edits: TextEdit[];
}

/** A place on the leaking path (where the resource is obtained, the exit that skips the close, …). */
export interface RelatedLocation {
  /** 0-based string offsets in the same document. */
  start: number;
  end: number;
  /** A few words, e.g. "returns here without closing the body". */
  note: string;
}

export interface Finding {
  /** Stable rule id, e.g. `go-unclosed-body`. */
  rule: string;
  category: Category;
  severity: Severity;
  /** How sure the analysis is; see `Confidence`. */
  confidence: Confidence;
  line: number;
  column: number;
  endLine: number;
  endColumn: number;
  start: number;
  end: number;
  /** One or two sentences: what leaks and what it costs. */
  message: string;
  /**
   * Markdown this finding adds to its rule's prose (why there is no quick fix here, where the per-request context
   * comes from). The rule's own explanation is not copied into findings: look it up by id (`findRule` in rules.ts).
   */
  note?: string;
  /** Documentation link for the rule on the web (JSON and SARIF; the editor opens the packaged page). */
  docUrl: string;
  fixes: Fix[];
  /** Optional: the lines of the leaking path, shown as links on hover and as related information. */
  related?: RelatedLocation[];
}
