import type { TextEdit } from '../finding';
import { lineEnd } from './goEditText';
import type { GoFileContext } from './goFileContext';
import { namedChildren, type GoNode } from './goTree';

/**
 * Edits that add standard-library imports (in gofmt order, in the group holding `anchorPath`).
 * Undefined when that cannot be done safely (the name is taken by another import).
 */
export function addImports(ctx: GoFileContext, paths: string[], anchorPath = 'net/http'): TextEdit[] | undefined {
  const missing = paths.filter((p) => !ctx.imports.has(p)).sort();
  for (const p of paths) {
    const existing = ctx.imports.imports.find((i) => i.path === p);
    if (existing && existing.localName !== p) return undefined; // imported under another name
    const clash = ctx.imports.imports.find((i) => i.localName === p && i.path !== p);
    if (clash) return undefined;
  }
  if (missing.length === 0) return [];
  const anchor = ctx.imports.imports.find((i) => i.path === anchorPath);
  if (!anchor) return undefined;
  const decl = anchor.spec.parent?.type === 'import_spec_list' ? anchor.spec.parent.parent! : anchor.spec.parent!;
  const list = namedChildren(decl).find((c) => c.type === 'import_spec_list');
  const text = ctx.tree.text;
  if (!list) {
    // import "net/http"  ->  import ( ... ) sorted
    const specs = [ctx.text(anchor.spec), ...missing.map((p) => `"${p}"`)].sort((a, b) => specPath(a).localeCompare(specPath(b)));
    return [{ start: decl.start, end: decl.end, newText: `import (\n${specs.map((s) => `\t${s}`).join('\n')}\n)` }];
  }
  // The group (consecutive lines) that holds the anchor.
  const specs = namedChildren(list).filter((c) => c.type === 'import_spec');
  const line = (n: GoNode) => ctx.lines.position(n.start).line;
  const idx = specs.indexOf(anchor.spec);
  let lo = idx;
  let hi = idx;
  while (lo > 0 && line(specs[lo - 1]) === line(specs[lo]) - 1) lo--;
  while (hi < specs.length - 1 && line(specs[hi + 1]) === line(specs[hi]) + 1) hi++;
  const group = specs.slice(lo, hi + 1);
  const edits: TextEdit[] = [];
  const indent = ctx.indentAt(anchor.spec.start);
  for (const p of missing) {
    const after = group.find((s) => specPath(ctx.text(s)) > p);
    if (after) {
      const at = text.lastIndexOf('\n', after.start) + 1;
      edits.push({ start: at, end: at, newText: `${indent}"${p}"\n` });
    } else {
      const last = group[group.length - 1];
      const pos = lineEnd(text, last.end);
      edits.push({ start: pos, end: pos, newText: `\n${indent}"${p}"` });
    }
  }
  // Two inserts at the same point must come out in sorted order: merge them.
  const merged = new Map<number, TextEdit>();
  for (const e of edits) {
    const prev = merged.get(e.start);
    if (prev) prev.newText = e.newText.startsWith('\n') ? prev.newText + e.newText : prev.newText + e.newText;
    else merged.set(e.start, { ...e });
  }
  return [...merged.values()];
}

function specPath(specText: string): string {
  const m = /"([^"]*)"/.exec(specText);
  return m ? m[1] : specText;
}
