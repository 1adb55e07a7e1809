import type { GoFileContext } from './goFileContext';
import { child, type GoNode } from './goTree';

/** One `Key: value` element of a composite literal, as source text. */
export interface KeyedEntry {
  key: string;
  /** Value text; continuation lines are indented relative to the entry line's indentation `baseIndent`. */
  value: string;
  baseIndent: string;
  /** A `//` comment trailing the entry on its line. */
  comment?: string;
}

export interface KeyedLiteral {
  entries: KeyedEntry[];
  /** A `//` comment right after the opening brace, on its line. */
  leadComment?: string;
}

/**
 * Reads the keyed elements of a composite literal, with trailing line comments. Undefined when the
 * literal holds positional elements or comments elsewhere (then it is not rewritten).
 */
export function readKeyedLiteral(ctx: GoFileContext, literal: GoNode): KeyedLiteral | undefined {
  const body = child(literal, 'body');
  if (!body) return undefined;
  const lineOf = (offset: number) => ctx.lines.position(offset).line;
  const out: KeyedLiteral = { entries: [] };
  let last: GoNode | undefined;
  for (const el of body.children) {
    if (!el.named) continue;
    if (el.type === 'comment') {
      const text = ctx.text(el);
      if (!text.startsWith('//')) return undefined;
      if (!last && lineOf(el.start) === lineOf(body.start) && out.leadComment === undefined) out.leadComment = text;
      else if (last && lineOf(el.start) === lineOf(last.end) && out.entries[out.entries.length - 1].comment === undefined) {
        const entry = out.entries[out.entries.length - 1];
        if (entry.value.includes('\n')) return undefined;
        entry.comment = text;
      } else return undefined;
      continue;
    }
    if (el.type !== 'keyed_element') return undefined;
    const key = child(el, 'key');
    const value = child(el, 'value');
    if (!key || !value) return undefined;
    out.entries.push({ key: ctx.text(key), value: ctx.text(value), baseIndent: ctx.indentAt(el.start) });
    last = el;
  }
  return out;
}

/** The entries alone, for literals rebuilt elsewhere (comments on the opening line are dropped). */
export function readKeyedEntries(ctx: GoFileContext, literal: GoNode): KeyedEntry[] | undefined {
  return readKeyedLiteral(ctx, literal)?.entries;
}

function reindent(entry: KeyedEntry, indent: string): string {
  if (!entry.value.includes('\n')) return entry.value;
  return entry.value
    .split('\n')
    .map((line, i) => (i > 0 && line.startsWith(entry.baseIndent) ? indent + line.slice(entry.baseIndent.length) : line))
    .join('\n');
}

/**
 * Renders `{...}` for keyed entries the way gofmt lays them out: one entry per line; values of
 * consecutive single-line entries aligned one space after the longest `Key:`; trailing comments of
 * consecutive commented lines aligned one space after the longest `value,`; a multi-line entry
 * stands alone. `indent` is the indentation of the line holding the opening brace.
 */
export function renderKeyedBody(entries: KeyedEntry[], indent: string, multiline: boolean, leadComment?: string): string {
  const hasComments = !!leadComment || entries.some((e) => e.comment);
  if (entries.length === 0 && !leadComment) return '{}';
  if (!multiline && !hasComments && entries.every((e) => !e.value.includes('\n'))) return `{${entries.map((e) => `${e.key}: ${e.value}`).join(', ')}}`;
  const inner = `${indent}\t`;
  const lines: string[] = [];
  let section: KeyedEntry[] = [];
  const flush = () => {
    const keyWidth = Math.max(...section.map((e) => e.key.length + 1)) + 1;
    for (let i = 0; i < section.length; ) {
      if (!section[i].comment) {
        const e = section[i++];
        lines.push(`${inner}${(`${e.key}:`).padEnd(keyWidth)}${e.value},`);
        continue;
      }
      let j = i;
      while (j < section.length && section[j].comment) j++;
      const run = section.slice(i, j);
      const valueWidth = Math.max(...run.map((e) => e.value.length + 1)) + 1;
      for (const e of run) lines.push(`${inner}${(`${e.key}:`).padEnd(keyWidth)}${(`${e.value},`).padEnd(valueWidth)}${e.comment}`);
      i = j;
    }
    section = [];
  };
  for (const e of entries) {
    if (e.value.includes('\n')) {
      if (section.length) flush();
      lines.push(`${inner}${e.key}: ${reindent(e, inner)},`);
    } else section.push(e);
  }
  if (section.length) flush();
  return `{${leadComment ? ` ${leadComment}` : ''}\n${lines.join('\n')}${lines.length ? '\n' : ''}${indent}}`;
}

/** True when the literal's braces are on different lines. */
export function isMultiline(ctx: GoFileContext, literal: GoNode): boolean {
  const body = child(literal, 'body');
  return !!body && ctx.text(body).includes('\n');
}
