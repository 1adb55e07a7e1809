import type { Finding, Fix, TextEdit } from './finding';

/** The line break a document uses (its first one), for text that fixes insert. */
export function lineBreakOf(text: string): '\n' | '\r\n' | '\r' {
  const at = text.search(/[\r\n]/);
  if (at < 0 || text[at] === '\n') return '\n';
  return text[at + 1] === '\n' ? '\r\n' : '\r';
}

/** Line breaks of any kind in inserted text, to rewrite to the document's own. */
const ANY_LINE_BREAK = /\r\n|\r|\n/g;

/**
 * The one finishing step for every front-end's findings, applied by the engine after the front-end returns:
 * - a finding whose range is not inside the text is dropped (a front-end bug must not reach an editor);
 * - duplicates (same rule and range) are dropped, keeping the first;
 * - a fix whose edits leave the text, overlap each other, or split a CRLF pair is dropped;
 * - line breaks in inserted text follow the document (CRLF or CR-only files get CRLF or CR; idempotent).
 * Findings come back sorted by position, then rule.
 */
export function finishFindings(findings: readonly Finding[], text: string): Finding[] {
  const lineBreak = lineBreakOf(text);
  const seen = new Set<string>();
  const out: Finding[] = [];
  for (const finding of findings) {
    if (!validRange(finding.start, finding.end, text.length)) continue;
    const key = `${finding.rule}\0${finding.start}\0${finding.end}`;
    if (seen.has(key)) continue;
    seen.add(key);
    const fixes = finding.fixes.filter((fix) => validEdits(fix.edits, text)).map((fix) => withLineBreaks(fix, lineBreak));
    out.push(fixes.length === finding.fixes.length && fixes.every((f, i) => f === finding.fixes[i]) ? finding : { ...finding, fixes });
  }
  return out.sort((a, b) => a.start - b.start || a.rule.localeCompare(b.rule));
}

function validRange(start: number, end: number, length: number): boolean {
  return Number.isInteger(start) && Number.isInteger(end) && start >= 0 && start <= end && end <= length;
}

/** Edits inside the text, not overlapping, and never between the `\r` and `\n` of one line break. */
function validEdits(edits: readonly TextEdit[], text: string): boolean {
  if (edits.length === 0) return false;
  const splitsLineBreak = (offset: number) => offset > 0 && text.charCodeAt(offset - 1) === 13 && text.charCodeAt(offset) === 10;
  const sorted = [...edits].sort((a, b) => a.start - b.start || a.end - b.end);
  for (let i = 0; i < sorted.length; i++) {
    const e = sorted[i];
    if (!validRange(e.start, e.end, text.length) || typeof e.newText !== 'string') return false;
    if (splitsLineBreak(e.start) || splitsLineBreak(e.end)) return false;
    if (i > 0 && e.start < sorted[i - 1].end) return false;
  }
  return true;
}

function withLineBreaks(fix: Fix, lineBreak: string): Fix {
  if (!fix.edits.some((e) => /[\r\n]/.test(e.newText) && e.newText.replace(ANY_LINE_BREAK, lineBreak) !== e.newText)) return fix;
  return { ...fix, edits: fix.edits.map((e) => ({ ...e, newText: e.newText.replace(ANY_LINE_BREAK, lineBreak) })) };
}
