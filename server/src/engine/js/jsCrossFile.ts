import * as path from 'node:path';
import ts = require('typescript');
import type { RepeatReason } from './jsContexts';
import type { JsFile } from './jsFile';
import { isFunctionLike, propertyName, skipOuter } from './jsSyntax';

/**
 * Cross-file following: a function exported by one file and called from a request handler (or a
 * loop, timer, ...) in another file runs per request too. Only files the front-end knows (open
 * documents, or every file during `scan`) are followed, one import hop deep.
 */

const EXTENSIONS = ['.ts', '.tsx', '.mts', '.cts', '.js', '.jsx', '.mjs', '.cjs'];

/** The files a relative import specifier may denote. */
export function candidatePaths(fromPath: string, spec: string): string[] {
  const base = path.resolve(path.dirname(fromPath), spec);
  const out = [base, ...EXTENSIONS.map((e) => base + e), ...EXTENSIONS.map((e) => path.join(base, `index${e}`))];
  // TypeScript ESM imports name the emitted file: './db.js' is './db.ts' in the source tree.
  const swap: Record<string, string[]> = { '.js': ['.ts', '.tsx'], '.jsx': ['.tsx'], '.mjs': ['.mts'], '.cjs': ['.cts'] };
  const ext = path.extname(base);
  for (const to of swap[ext] ?? []) out.push(base.slice(0, -ext.length) + to);
  return out;
}

export interface IncomingCall {
  exportName: string;
  reason: RepeatReason;
  from: string;
}

/** Seeds for `file`'s context index: its exported functions that other files call per request. */
export function seedsFor(file: JsFile, incoming: readonly IncomingCall[]): { fn: ts.Node; reason: RepeatReason }[] {
  const out: { fn: ts.Node; reason: RepeatReason }[] = [];
  for (const call of incoming) {
    for (const fn of exportedFunctions(file, call.exportName)) {
      out.push({ fn, reason: { kind: call.reason.kind, origin: `${call.reason.origin} in \`${path.basename(call.from)}\``, via: call.reason.via } });
    }
  }
  return out;
}

/** Function-like nodes a file exports under `name` (`default` for the default / `module.exports` export). */
export function exportedFunctions(file: JsFile, name: string): ts.Node[] {
  const sf = file.sourceFile;
  const out: ts.Node[] = [];
  const add = (expr: ts.Expression | undefined) => {
    if (!expr) return;
    const e = skipOuter(expr);
    if (ts.isArrowFunction(e) || ts.isFunctionExpression(e)) out.push(e);
    else if (ts.isClassExpression(e)) pushConstructor(e, out);
    else if (ts.isIdentifier(e)) {
      const node = file.scopes.resolve(e)?.node;
      if (node && isFunctionLike(node)) out.push(node);
      else if (node && (ts.isClassDeclaration(node) || ts.isClassExpression(node))) pushConstructor(node, out);
    } else if (ts.isObjectLiteralExpression(e) && name !== 'default') {
      for (const p of e.properties) {
        if (propertyName(p.name) !== name) continue;
        if (ts.isShorthandPropertyAssignment(p)) add(p.name);
        else if (ts.isPropertyAssignment(p)) add(p.initializer);
        else if (ts.isMethodDeclaration(p)) out.push(p);
      }
    }
  };
  if (name !== 'default') {
    const decl = file.scopes.moduleScope().get(name);
    if (decl?.node && isFunctionLike(decl.node)) out.push(decl.node);
    else if (decl?.node && (ts.isClassDeclaration(decl.node) || ts.isClassExpression(decl.node))) pushConstructor(decl.node, out);
  }
  for (const st of sf.statements) {
    if (name === 'default') {
      if (ts.isExportAssignment(st)) add(st.expression);
      if ((ts.isFunctionDeclaration(st) || ts.isClassDeclaration(st)) && ts.getModifiers(st)?.some((m) => m.kind === ts.SyntaxKind.DefaultKeyword)) {
        if (ts.isFunctionDeclaration(st)) out.push(st);
        else pushConstructor(st, out);
      }
    }
    if (ts.isExpressionStatement(st) && ts.isBinaryExpression(st.expression) && st.expression.operatorToken.kind === ts.SyntaxKind.EqualsToken) {
      const target = file.entities.entityOf(st.expression.left);
      if (target === 'global.module.exports') add(st.expression.right);
      else if (target === `global.module.exports.${name}` || target === `global.exports.${name}`) add(st.expression.right);
    }
  }
  return [...new Set(out)];
}

function pushConstructor(c: ts.ClassLikeDeclaration, out: ts.Node[]): void {
  const ctor = c.members.find((m) => ts.isConstructorDeclaration(m));
  if (ctor) out.push(ctor);
}
