import { estimateNestingDepth } from './nestingDepth';
import { formatBytes } from './safeFileSystem';

/**
 * Limits that keep one file from taking the language server or a scan down with it.
 *
 * Measured on this machine (see test/fuzz): a 1 MB file of real handler code takes 1–2 s to analyse, a 4 MB
 * one 12 s; the deepest of 11,790 real Go and JS/TS files (57 MB) has an estimated nesting depth of 226, while
 * the JS walkers (and TypeScript's own parser) overflow the stack at about 1,000 nested brackets.
 */
export const MAX_ANALYSED_CHARS = 1024 * 1024;
export const MAX_NESTING_DEPTH = 500;
/** A file whose analysis took longer than this is reported; later versions as large are skipped. */
export const ANALYSIS_BUDGET_MS = 5000;

/** Why a file is not analysed at all, before any parser sees it; undefined when it may be. */
export function refusalOf(text: string, language: 'go' | 'js'): string | undefined {
  if (text.length > MAX_ANALYSED_CHARS) {
    return `not analysed: too large (${formatBytes(text.length)} of text, limit ${formatBytes(MAX_ANALYSED_CHARS)})`;
  }
  const depth = estimateNestingDepth(text, language);
  if (depth > MAX_NESTING_DEPTH) return `not analysed: nesting too deep (about ${depth} levels, limit ${MAX_NESTING_DEPTH})`;
  return undefined;
}

/** The reason for a front-end exception, as a user reads it. */
export function failureReason(err: unknown): string {
  if (err instanceof RangeError && /call stack/i.test(err.message)) return 'not analysed: nesting too deep (the analysis ran out of stack)';
  return `not analysed: the analysis failed (${(err as Error)?.message ?? String(err)})`;
}
