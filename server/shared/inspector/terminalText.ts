/**
 * Text from a host is untrusted: a compromised host can put ESC, BEL, OSC (`ESC ]` … BEL), CSI or C1
 * controls into a peer address, a sysctl value or an error message, and a terminal that receives them raw
 * can be retitled, have its clipboard written (OSC 52) or its screen rewritten. Everything the CLI prints
 * as text goes through these functions.
 */

// C0 controls, DEL, C1 controls, and the Unicode bidi overrides/isolates that reorder what is shown.
const UNSAFE = /[\u0000-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/g;

function escapeChar(c: string): string {
  const code = c.charCodeAt(0);
  return code <= 0xff ? `\\x${code.toString(16).padStart(2, '0')}` : `\\u${code.toString(16).padStart(4, '0')}`;
}

/** One line of text made inert: every control character (tab and newline included) becomes `\xNN`. */
export function escapeControl(text: string): string {
  return text.replace(UNSAFE, escapeChar);
}

/** Multi-line text made inert: newlines are kept, every other control character becomes `\xNN`. */
export function escapeControlKeepingNewlines(text: string): string {
  return text.split('\n').map(escapeControl).join('\n');
}

/**
 * JSON for a terminal or a log: JSON.stringify already escapes C0, this also escapes DEL, C1 and the bidi
 * controls (still valid JSON, the same value when parsed).
 */
export function terminalSafeJson(value: unknown, indent?: number): string {
  const unsafeForJson = /[\u007f-\u009f\u202a-\u202e\u2066-\u2069]/g;
  return JSON.stringify(value, null, indent).replace(unsafeForJson, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}
