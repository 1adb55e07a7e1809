import type { TextEdit } from '../finding';
import type { GoFileContext } from './goFileContext';
import type { GoNode } from './goTree';

/** Offset just past the end of the line holding `offset` (before its line break). */
export function lineEnd(text: string, offset: number): number {
  const i = text.indexOf('\n', offset);
  if (i < 0) return text.length;
  return i > offset && text.charCodeAt(i - 1) === 13 /* \r */ ? i - 1 : i;
}

export function lineStart(text: string, offset: number): number {
  return text.lastIndexOf('\n', offset - 1) + 1;
}

/** True when nothing but whitespace (and a trailing line comment) shares the lines of `node`. */
export function aloneOnLines(text: string, node: GoNode): boolean {
  const before = text.slice(lineStart(text, node.start), node.start);
  const after = text.slice(node.end, lineEnd(text, node.end));
  return /^[ \t]*$/.test(before) && /^[ \t]*(\/\/.*)?$/.test(after);
}

/** Deletes a statement together with its line(s) (and a trailing comment), when it is alone on them. */
export function deleteStatementLines(ctx: GoFileContext, node: GoNode): TextEdit | undefined {
  const text = ctx.tree.text;
  if (!aloneOnLines(text, node)) return undefined;
  const start = lineStart(text, node.start);
  let end = lineEnd(text, node.end);
  if (text.startsWith('\r\n', end)) end += 2;
  else if (end < text.length) end++;
  return { start, end, newText: '' };
}

/** Inserts a new line with `code` after the line where `node` ends, indented like `node`. */
export function insertLineAfter(ctx: GoFileContext, node: GoNode, code: string, indent = ctx.indentAt(node.start)): TextEdit {
  const at = lineEnd(ctx.tree.text, node.end);
  return { start: at, end: at, newText: `\n${indent}${code}` };
}

/** Inserts a new line with `code` before the line where `node` starts, indented like `node`. */
export function insertLineBefore(ctx: GoFileContext, node: GoNode, code: string, indent = ctx.indentAt(node.start)): TextEdit {
  const at = lineStart(ctx.tree.text, node.start);
  return { start: at, end: at, newText: `${indent}${code}\n` };
}
