/**
 * Pieces of Go diagnostic messages. A message is one line of at most 120 characters: what leaks, where,
 * and the action. Names taken from the code are clipped so that a long expression cannot push a message
 * over that limit; the background (the ~470 connections/s arithmetic) lives in the rule explanation.
 */
export const MAX_MESSAGE_LENGTH = 120;

/** `text` on one line, at most `max` characters (an ellipsis marks a cut). */
export function clip(text: string, max: number): string {
  const line = text.replace(/\s+/g, ' ').trim();
  return line.length <= max ? line : `${line.slice(0, max - 1)}…`;
}

/** Code quoted in a message: a clipped name in backticks. */
export function code(text: string, max = 24): string {
  return `\`${clip(text, max)}\``;
}
