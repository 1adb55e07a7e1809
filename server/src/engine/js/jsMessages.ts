/**
 * JS/TS diagnostic messages: one line of at most MAX_MESSAGE_LENGTH characters that says what leaks, where,
 * and the action (ESLint/gopls style). Background and arithmetic belong in the rule explanation.
 */

export const MAX_MESSAGE_LENGTH = 120;

/** Source text shown in a message: one line, at most `max` characters. */
export function codeSnippet(text: string, max = 32): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  return flat.length <= max ? flat : `${flat.slice(0, max - 1)}…`;
}

/**
 * The first candidate that fits, most detailed first; the last one is cut to fit as a last resort. Candidates
 * drop detail (the origin, the second leaking path) rather than the action.
 */
export function fitMessage(...candidates: string[]): string {
  const lines = candidates.map((c) => c.replace(/\s*\n\s*/g, ' '));
  for (const c of lines) if (c.length <= MAX_MESSAGE_LENGTH) return c;
  const last = lines[lines.length - 1];
  return `${last.slice(0, MAX_MESSAGE_LENGTH - 1)}…`;
}
