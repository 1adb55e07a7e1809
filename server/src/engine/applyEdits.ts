import type { TextEdit } from './finding';

/**
 * Applies edits given as 0-based offsets into `text`. Edits may come in any order;
 * overlapping edits are a bug in the fix that produced them and are rejected.
 */
export function applyEdits(text: string, edits: readonly TextEdit[]): string {
  const sorted = [...edits].sort((a, b) => a.start - b.start || a.end - b.end);
  let out = '';
  let cursor = 0;
  for (const edit of sorted) {
    if (edit.start < cursor || edit.end < edit.start || edit.end > text.length) {
      throw new Error(`overlapping or out-of-range edit at ${edit.start}-${edit.end}`);
    }
    out += text.slice(cursor, edit.start) + edit.newText;
    cursor = edit.end;
  }
  return out + text.slice(cursor);
}

/** True when no two edits overlap (edits that only touch at one point are allowed). */
export function editsAreDisjoint(edits: readonly TextEdit[]): boolean {
  const sorted = [...edits].sort((a, b) => a.start - b.start || a.end - b.end);
  for (let i = 1; i < sorted.length; i++) if (sorted[i].start < sorted[i - 1].end) return false;
  return true;
}
