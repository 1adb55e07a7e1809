/** `text` with the block between the `start` and `end` markers replaced by `block` (which carries the markers). */
export function replaceBlock(text: string, start: string, end: string, block: string): string {
  const from = text.indexOf(start);
  const to = text.indexOf(end);
  if (from < 0 || to < from) throw new Error(`no ${start} … ${end} markers`);
  return text.slice(0, from) + block + text.slice(to + end.length);
}
