import type { GoFileContext } from './goFileContext';
import { child, namedChildren, type GoNode } from './goTree';

/** One `Key: value` element of a composite literal, as source text. */
export interface KeyedEntry {
  key: string;
  /** Value text; continuation lines are indented relative to the entry line's indentation `baseIndent`. */
  value: string;
  baseIndent: string;
}

/**
 * Reads the keyed elements of a composite literal. Undefined when the literal holds comments or
 * positional elements (then it is not rewritten).
 */
export function readKeyedEntries(ctx: GoFileContext, literal: GoNode): KeyedEntry[] | undefined {
  const body = child(literal, 'body');
  if (!body) return undefined;
  if (body.children.some((c) => c.type === 'comment')) return undefined;
  const out: KeyedEntry[] = [];
  for (const el of namedChildren(body)) {
    if (el.type !== 'keyed_element') return undefined;
    const key = child(el, 'key');
    const value = child(el, 'value');
    if (!key || !value) return undefined;
    out.push({ key: ctx.text(key), value: ctx.text(value), baseIndent: ctx.indentAt(el.start) });
  }
  return out;
}

function reindent(entry: KeyedEntry, indent: string): string {
  if (!entry.value.includes('\n')) return entry.value;
  return entry.value
    .split('\n')
    .map((line, i) => (i > 0 && line.startsWith(entry.baseIndent) ? indent + line.slice(entry.baseIndent.length) : line))
    .join('\n');
}

/**
 * Renders `{...}` for keyed entries the way gofmt lays them out: one entry per line, values of
 * consecutive single-line entries aligned one space after the longest `Key:`; a multi-line entry
 * stands alone. `indent` is the indentation of the line holding the opening brace.
 */
export function renderKeyedBody(entries: KeyedEntry[], indent: string, multiline: boolean): string {
  if (entries.length === 0) return '{}';
  if (!multiline && entries.every((e) => !e.value.includes('\n'))) return `{${entries.map((e) => `${e.key}: ${e.value}`).join(', ')}}`;
  const inner = indent + '\t';
  const lines: string[] = [];
  let section: KeyedEntry[] = [];
  const flush = () => {
    const width = Math.max(...section.map((e) => e.key.length + 1)) + 1;
    for (const e of section) lines.push(`${inner}${(e.key + ':').padEnd(width)}${e.value},`);
    section = [];
  };
  for (const e of entries) {
    if (e.value.includes('\n')) {
      if (section.length) flush();
      lines.push(`${inner}${e.key}: ${reindent(e, inner)},`);
    } else section.push(e);
  }
  if (section.length) flush();
  return `{\n${lines.join('\n')}\n${indent}}`;
}

/** True when the literal's braces are on different lines. */
export function isMultiline(ctx: GoFileContext, literal: GoNode): boolean {
  const body = child(literal, 'body');
  return !!body && ctx.text(body).includes('\n');
}
