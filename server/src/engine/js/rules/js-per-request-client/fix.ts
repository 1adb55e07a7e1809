import ts = require('typescript');
import { applyEdits } from '../../../applyEdits';
import type { Fix, TextEdit } from '../../../finding';
import type { ClientKind } from './model';
import type { JsFile } from '../../jsFile';
import { deleteStatement, freshName, insertModuleLines, moduleInsertAfter, topLevelStatementOf } from '../../jsFixTools';
import { keepAliveEdits } from '../../jsKeepAliveEdits';
import { isFunctionLike, skipOuter, walkNodes } from '../../jsSyntax';

export interface ClientFixes {
  fixes: Fix[];
  /** Why no hoist is offered, appended to the hover. */
  explanation?: string;
}

const LIFECYCLE = new Set(['connect', 'end', 'close', 'destroy', 'quit', 'disconnect', 'release', 'shutdown']);

/**
 * Hoists a per-request client to one shared module-scope instance (with keep-alive for
 * http(s) agents), keeping its options. Not offered when the construction reads per-request
 * values or the code manages the client's connection itself.
 */
export function hoistClientFixes(file: JsFile, node: ts.NewExpression | ts.CallExpression, kind: ClientKind, binding: ts.VariableDeclaration | undefined): ClientFixes {
  const sf = file.sourceFile;
  // Everything the construction reads must exist at module scope.
  const local: string[] = [];
  /** `const https = require('https')` inside the function: moves to module scope with the client. */
  const localRequires = new Set<ts.VariableStatement>();
  const dependencies = new Set<ts.Statement>();
  for (const ref of file.scopes.referencesWithin(node)) {
    const decl = file.scopes.resolve(ref);
    if (!decl) continue; // a global
    if (decl.id.pos >= node.pos && decl.id.end <= node.end) continue; // declared inside, e.g. a callback parameter
    if (decl.scope !== sf) {
      const req = movableRequire(file, decl.id);
      if (req) localRequires.add(req);
      else if (!local.includes(ref.text)) local.push(ref.text);
      continue;
    }
    const st = topLevelStatementOf(file, decl.id);
    if (st && !isImport(st)) dependencies.add(st);
  }
  // `this.url`, `super.x`, `arguments[0]`, `new.target`, `await`/`yield`: instance or call values that do not
  // exist at module scope.
  walkNodes(node, (n) => {
    if (n !== node && isFunctionLike(n) && !ts.isArrowFunction(n)) return false;
    const instance =
      n.kind === ts.SyntaxKind.ThisKeyword ||
      n.kind === ts.SyntaxKind.SuperKeyword ||
      ts.isMetaProperty(n) ||
      ts.isAwaitExpression(n) ||
      ts.isYieldExpression(n) ||
      (ts.isIdentifier(n) && n.text === 'arguments' && !file.scopes.resolve(n));
    if (instance && !local.includes(n.getText(sf))) local.push(n.getText(sf));
    return !instance;
  });
  // `await amqp.connect(url)`: the shared value would be a Promise where the code expects the client.
  for (let p: ts.Node | undefined = node.parent; p && (ts.isParenthesizedExpression(p) || ts.isAwaitExpression(p) || ts.isNonNullExpression(p) || ts.isAsExpression(p)); p = p.parent) {
    if (ts.isAwaitExpression(p)) {
      return {
        fixes: [],
        explanation: '**No automatic fix:** the client is awaited (it connects asynchronously). Connect once at startup (or lazily, keeping the promise: `clientPromise ??= connect()`), and reuse it.',
      };
    }
  }
  if (local.length) {
    return {
      fixes: [],
      explanation: `**No automatic fix:** the construction uses ${local.map((n) => `\`${n}\``).join(', ')}, which ${local.length > 1 ? 'are' : 'is'} only known inside the function (per-request values). Move what varies per request into the calls that use the client, and create the client once.`,
    };
  }
  if (binding) {
    const d = file.scopes.declarationOf(binding.name as ts.Identifier);
    const managed = d && file.scopes.referencesOf(d).find((r) => ts.isPropertyAccessExpression(r.parent) && r.parent.expression === r && LIFECYCLE.has(r.parent.name.text));
    if (managed) {
      const method = (managed.parent as ts.PropertyAccessExpression).name.text;
      return {
        fixes: [],
        explanation: `**No automatic fix:** the code calls \`${binding.name.getText(sf)}.${method}()\` itself, so sharing one instance needs a decision (use a pool such as \`pg.Pool\`, or connect once at startup and stop closing it per request).`,
      };
    }
  }
  const start = node.getStart(sf);
  let constructed = node.getText(sf);
  if (kind.httpAgent && ts.isNewExpression(node)) {
    const edits = keepAliveEdits(file, node);
    if (edits?.every((e) => e.start >= start && e.end <= node.getEnd())) {
      constructed = applyEdits(constructed, edits.map((e) => ({ start: e.start - start, end: e.end - start, newText: e.newText })));
    }
  }
  const after = moduleInsertAfter(file, [...dependencies]);
  const statement = binding?.parent?.parent;
  const declared = binding && ts.isIdentifier(binding.name) ? file.scopes.declarationOf(binding.name) : undefined;
  const refs = declared ? file.scopes.referencesOf(declared) : [];
  const reassigned = refs.some((r) => {
    const p = r.parent;
    return (
      (ts.isBinaryExpression(p) && p.left === r && isAssignment(p.operatorToken.kind)) ||
      ((ts.isPrefixUnaryExpression(p) || ts.isPostfixUnaryExpression(p)) && (p.operator === ts.SyntaxKind.PlusPlusToken || p.operator === ts.SyntaxKind.MinusMinusToken))
    );
  });
  const movable =
    binding &&
    ts.isIdentifier(binding.name) &&
    statement &&
    ts.isVariableStatement(statement) &&
    statement.declarationList.declarations.length === 1 &&
    !reassigned &&
    file.scopes.declarationsNamed(binding.name.text) === 1 &&
    !file.reservedNames.has(binding.name.text) &&
    (after === undefined || statement.pos > after.end || topLevelStatementOf(file, statement) !== statement);
  const edits: TextEdit[] = [];
  let name: string;
  if (movable && binding && ts.isIdentifier(binding.name) && statement) {
    name = binding.name.text;
    file.reservedNames.add(name);
    edits.push(deleteStatement(file, statement));
  } else if (binding && statement && ts.isVariableStatement(statement) && statement.declarationList.declarations.length === 1 && !reassigned) {
    // The local name is taken elsewhere: drop the local and point its uses at the shared instance.
    name = freshName(file, baseName(kind, node, binding));
    edits.push(deleteStatement(file, statement));
    for (const r of refs) {
      const shorthand = ts.isShorthandPropertyAssignment(r.parent) && r.parent.name === r;
      edits.push({ start: r.getStart(sf), end: r.getEnd(), newText: shorthand ? `${r.text}: ${name}` : name });
    }
  } else {
    name = freshName(file, baseName(kind, node, binding));
    edits.push({ start, end: node.getEnd(), newText: name });
  }
  const requireLines: string[] = [];
  for (const st of localRequires) {
    if (statement && st === statement) continue;
    requireLines.push(st.getText(sf));
    edits.push(deleteStatement(file, st));
  }
  edits.unshift(insertModuleLines(file, [`const ${name} = ${reindent(constructed)};`], after, requireLines));
  const what = kind.httpAgent ? `one shared keep-alive ${kind.httpAgent}.Agent` : 'one shared instance at module scope';
  return { fixes: [{ title: `Create ${what} (\`${name}\`) and reuse it`, preferred: true, edits }] };
}

function isAssignment(kind: ts.SyntaxKind): boolean {
  return kind >= ts.SyntaxKind.FirstAssignment && kind <= ts.SyntaxKind.LastAssignment;
}

function isImport(st: ts.Statement): boolean {
  if (ts.isImportDeclaration(st) || ts.isImportEqualsDeclaration(st)) return true;
  if (!ts.isVariableStatement(st)) return false;
  return st.declarationList.declarations.every((d) => {
    let e = d.initializer && skipOuter(d.initializer);
    while (e && ts.isPropertyAccessExpression(e)) e = e.expression;
    return !!e && ts.isCallExpression(e) && ts.isIdentifier(e.expression) && e.expression.text === 'require';
  });
}

function baseName(kind: ClientKind, node: ts.NewExpression | ts.CallExpression, binding: ts.VariableDeclaration | undefined): string {
  if (binding && ts.isIdentifier(binding.name)) return binding.name.text;
  if (kind.httpAgent) return kind.httpAgent === 'https' ? 'httpsAgent' : 'httpAgent';
  const callee = skipOuter(node.expression);
  const last = ts.isPropertyAccessExpression(callee) ? callee.name.text : ts.isIdentifier(callee) ? callee.text : 'client';
  if (last === 'create' || last === 'extend') return 'apiClient';
  if (/^create/.test(last)) return last.slice(6, 7).toLowerCase() + last.slice(7);
  return last[0].toLowerCase() + last.slice(1);
}

/** Removes the indentation the expression had inside the function. */
function reindent(text: string): string {
  const lines = text.split('\n');
  if (lines.length === 1) return text;
  const rest = lines.slice(1).filter((l) => l.trim());
  const min = Math.min(...rest.map((l) => l.length - l.trimStart().length));
  const lastIndent = lines[lines.length - 1].length - lines[lines.length - 1].trimStart().length;
  const cut = Math.min(min, lastIndent);
  return [lines[0], ...lines.slice(1).map((l) => l.slice(Math.min(cut, l.length - l.trimStart().length)))].join('\n');
}

/**
 * A function-local `const x = require('m')` (or destructuring of it) whose names are declared
 * nowhere else in the file, so it can move to module scope unchanged.
 */
function movableRequire(file: JsFile, id: ts.Identifier): ts.VariableStatement | undefined {
  const decl = file.scopes.declarationOf(id);
  if (!decl?.init || !isRequireCall(decl.init)) return undefined;
  let st: ts.Node | undefined = id.parent;
  while (st && !ts.isVariableStatement(st)) st = st.parent;
  if (!st || !ts.isVariableStatement(st) || st.declarationList.declarations.length !== 1) return undefined;
  const names: string[] = [];
  const collect = (n: ts.BindingName) => {
    if (ts.isIdentifier(n)) names.push(n.text);
    else for (const el of n.elements) if (ts.isBindingElement(el)) collect(el.name);
  };
  collect(st.declarationList.declarations[0].name);
  if (names.some((n) => file.scopes.declarationsNamed(n) !== 1 || file.scopes.moduleScope().has(n))) return undefined;
  return st;
}

function isRequireCall(e: ts.Expression): boolean {
  let x = skipOuter(e);
  while (ts.isPropertyAccessExpression(x)) x = x.expression;
  return ts.isCallExpression(x) && ts.isIdentifier(x.expression) && x.expression.text === 'require' && x.arguments.length === 1 && ts.isStringLiteralLike(x.arguments[0]);
}
