import ts = require('typescript');
import type { TextEdit } from '../finding';
import { normalizeModule } from './jsEntities';
import type { JsFile } from './jsFile';
import { indentationAt, skipOuter, startsLine } from './jsSyntax';
import { jsWork } from './jsWorkCounter';

/** Building blocks for JS/TS fixes: module style, fresh names, module-scope insertions, imports. */

export type ModuleStyle = 'esm' | 'cjs';

export function moduleStyle(file: JsFile): ModuleStyle {
  // Once per file version: fixes ask for every finding, and the answer reads every statement and the whole text.
  file.memo.moduleStyle ??= fileModuleStyle(file);
  return file.memo.moduleStyle;
}

function fileModuleStyle(file: JsFile): ModuleStyle {
  jsWork.units += file.sourceFile.statements.length + file.text.length;
  const lower = file.path.toLowerCase();
  if (lower.endsWith('.mjs') || lower.endsWith('.mts')) return 'esm';
  if (lower.endsWith('.cjs') || lower.endsWith('.cts')) return 'cjs';
  const sf = file.sourceFile;
  const esm = sf.statements.some(
    (s) =>
      (ts.isImportDeclaration(s) && !s.importClause?.isTypeOnly) ||
      ts.isExportAssignment(s) ||
      ts.isExportDeclaration(s) ||
      (ts.canHaveModifiers(s) && ts.getModifiers(s)?.some((m) => m.kind === ts.SyntaxKind.ExportKeyword)),
  );
  if (esm) return 'esm';
  if (/\brequire\s*\(/.test(file.text)) return 'cjs';
  return lower.endsWith('.ts') || lower.endsWith('.tsx') ? 'esm' : 'cjs';
}

/** A name used nowhere in the file and not yet taken by another fix of this analysis. */
export function freshName(file: JsFile, base: string): string {
  const candidates = [base, `shared${base[0].toUpperCase()}${base.slice(1)}`];
  for (let i = 2; i < 100; i++) candidates.push(`${base}${i}`);
  for (const c of candidates) {
    if (!file.scopes.usedNames.has(c) && !file.reservedNames.has(c)) {
      file.reservedNames.add(c);
      return c;
    }
  }
  return `${base}_${Date.now()}`;
}

export function topLevelStatementOf(file: JsFile, node: ts.Node): ts.Statement | undefined {
  let n: ts.Node | undefined = node;
  while (n && n.parent !== file.sourceFile) n = n.parent;
  return n as ts.Statement | undefined;
}

function isImportLike(st: ts.Statement): boolean {
  if (ts.isImportDeclaration(st) || ts.isImportEqualsDeclaration(st)) return true;
  if (ts.isVariableStatement(st)) {
    return st.declarationList.declarations.every((d) => d.initializer && isRequireExpression(d.initializer));
  }
  if (ts.isExpressionStatement(st) && ts.isStringLiteral(st.expression)) return true; // 'use strict'
  return false;
}

function isRequireExpression(e: ts.Expression): boolean {
  let x = skipOuter(e);
  while (ts.isPropertyAccessExpression(x)) x = x.expression;
  return ts.isCallExpression(x) && ts.isIdentifier(x.expression) && x.expression.text === 'require';
}

/**
 * Offset after which module-scope code can be inserted: after the leading imports/requires and
 * after the top-level statements that declare anything in `dependencies`.
 */
export function moduleInsertAfter(file: JsFile, dependencies: readonly ts.Statement[] = []): ts.Statement | undefined {
  let last: ts.Statement | undefined;
  for (const st of file.sourceFile.statements) {
    if (isImportLike(st)) last = st;
    else break;
  }
  for (const d of dependencies) if (!last || d.pos > last.pos) last = d;
  return last;
}

/** Inserts module-scope lines after `after` (or at the top), separated by blank lines; import lines go right after the imports. */
export function insertModuleLines(file: JsFile, lines: readonly string[], after: ts.Statement | undefined, importLines: readonly string[] = []): TextEdit {
  const text = lines.join('\n');
  const imports = importLines.join('\n');
  if (after) {
    const at = endOfLineAfter(file, after);
    const directive = ts.isExpressionStatement(after) && ts.isStringLiteral(after.expression);
    return { start: at, end: at, newText: `${imports ? `${directive ? '\n\n' : '\n'}${imports}` : ''}\n\n${text}` };
  }
  const first = file.sourceFile.statements[0];
  const at = first ? first.getStart(file.sourceFile) : file.text.length;
  const head = imports ? `${imports}\n\n` : '';
  return { start: at, end: at, newText: first ? `${head}${text}\n\n` : `${head}${text}\n` };
}

export interface ModuleAccess {
  /** The expression to use at module scope. */
  expr: string;
  /** A new import/require line, when nothing in the file gives access yet. */
  importLine?: string;
  /** Or edits that add the name to an existing named import / destructuring require. */
  edits?: TextEdit[];
}

/**
 * An expression for `module.exportName` usable at module scope: an existing module-scope import or
 * require when there is one (adding the name to an existing `import { ... }` or `const { ... } =
 * require(...)`), else a new import line in the file's own style.
 */
export function moduleAccessor(file: JsFile, module: string, exportName: string): ModuleAccess {
  let namedList: ts.NamedImports | ts.ObjectBindingPattern | undefined;
  for (const decl of file.scopes.moduleScope().values()) {
    if (decl.importFrom && normalizeModule(decl.importFrom.module) === module) {
      if (decl.importFrom.name === '*' || decl.importFrom.name === 'default') return { expr: `${decl.name}.${exportName}` };
      if (decl.importFrom.name === exportName) return { expr: decl.name };
      const list = decl.id.parent?.parent;
      if (list && ts.isNamedImports(list) && !list.parent.parent.importClause?.isTypeOnly) namedList = list;
    }
    if ((decl.kind === 'const' || decl.kind === 'let' || decl.kind === 'var') && decl.init) {
      const entity = entityOfDecl(file, decl.id);
      if (entity === module) return { expr: `${decl.name}.${exportName}` };
      if (entity === `${module}.${exportName}`) return { expr: decl.name };
      const pattern = decl.id.parent?.parent;
      if (entity === `${module}.${decl.path?.[decl.path.length - 1]}` && pattern && ts.isObjectBindingPattern(pattern) && (decl.path?.length ?? 0) === 1) namedList = pattern;
    }
  }
  if (namedList && namedList.elements.length > 0 && !file.scopes.usedNames.has(exportName) && !file.reservedNames.has(exportName)) {
    file.reservedNames.add(exportName);
    const last = namedList.elements[namedList.elements.length - 1];
    return { expr: exportName, edits: [{ start: last.getEnd(), end: last.getEnd(), newText: `, ${exportName}` }] };
  }
  const name = freshName(file, module.replace(/[^A-Za-z0-9]/g, '') || 'mod');
  const importLine = moduleStyle(file) === 'esm' ? `import * as ${name} from 'node:${module}';` : `const ${name} = require('node:${module}');`;
  return { expr: `${name}.${exportName}`, importLine };
}

function entityOfDecl(file: JsFile, id: ts.Identifier): string | undefined {
  // Resolve through a reference-like use of the declaring identifier.
  const decl = file.scopes.declarationOf(id);
  if (!decl?.init) return undefined;
  let base = file.entities.entityOf(decl.init);
  if (base === undefined) return undefined;
  for (const seg of decl.path ?? []) base = seg === 'default' ? base : `${base}.${seg}`;
  return base;
}

/** Deletes a statement; when it is alone on its line(s), the whole line goes. */
export function deleteStatement(file: JsFile, st: ts.Node): TextEdit {
  const start = st.getStart(file.sourceFile);
  let end = st.getEnd();
  const text = file.text;
  if (startsLine(text, start)) {
    let lineStart = start;
    while (lineStart > 0 && text[lineStart - 1] !== '\n') lineStart--;
    let e = end;
    while (e < text.length && (text[e] === ' ' || text[e] === '\t')) e++;
    if (text.startsWith('//', e)) while (e < text.length && text[e] !== '\n') e++;
    if (e >= text.length || text[e] === '\n' || text[e] === '\r') {
      if (text[e] === '\r') e++;
      if (text[e] === '\n') e++;
      return { start: lineStart, end: e, newText: '' };
    }
  }
  while (end < text.length && text[end] === ' ') end++;
  return { start, end, newText: '' };
}

/** Inserts `code` as a statement right before `st` (same indentation), or wraps `st` in a block when it shares its line. */
export function insertBeforeStatement(file: JsFile, st: ts.Statement, code: string): TextEdit {
  const start = st.getStart(file.sourceFile);
  const parent = st.parent;
  const inList = ts.isBlock(parent) || ts.isSourceFile(parent) || ts.isCaseClause(parent) || ts.isDefaultClause(parent) || ts.isModuleBlock(parent);
  if (inList && startsLine(file.text, start)) {
    return { start, end: start, newText: `${code}\n${indentationAt(file.text, start)}` };
  }
  return { start, end: st.getEnd(), newText: `{ ${code} ${st.getText(file.sourceFile)} }` };
}

/**
 * Where to insert a line after `node`: past a trailing `// comment` on the same line, so the
 * comment stays with the code it describes.
 */
export function endOfLineAfter(file: JsFile, node: ts.Node): number {
  const text = file.text;
  let e = node.getEnd();
  while (e < text.length && (text[e] === ' ' || text[e] === '\t')) e++;
  if (text.startsWith('//', e)) {
    while (e < text.length && text[e] !== '\n' && text[e] !== '\r') e++;
    return e;
  }
  return node.getEnd();
}

/** Inserts `code` as the last statement of a block. */
export function appendToBlock(file: JsFile, block: ts.Block | ts.SourceFile, code: string, unit: string): TextEdit {
  const stmts = block.statements;
  if (stmts.length > 0) {
    const last = stmts[stmts.length - 1];
    const at = endOfLineAfter(file, last);
    return { start: at, end: at, newText: `\n${indentationAt(file.text, last.getStart(file.sourceFile))}${code}` };
  }
  const open = block.getStart(file.sourceFile) + 1;
  const close = file.text[block.getEnd() - 1] === '}' ? block.getEnd() - 1 : block.getEnd();
  const indent = indentationAt(file.text, block.getStart(file.sourceFile));
  return { start: Math.min(open, close), end: close, newText: `\n${indent}${unit}${code}\n${indent}` };
}

/** Milliseconds as a literal, with numeric separators only when the file already uses them. */
export function formatMs(file: JsFile, ms: number): string {
  if (file.memo.numericSeparators === undefined) {
    // Once per file version (the whole text is read), not once per fix.
    jsWork.units += file.text.length;
    file.memo.numericSeparators = /\d_\d{3}\b/.test(file.text);
  }
  return file.memo.numericSeparators && ms >= 10000 && ms % 1000 === 0 ? `${ms / 1000}_000` : String(ms);
}
