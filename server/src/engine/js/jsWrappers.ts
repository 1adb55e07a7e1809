import ts = require('typescript');
import type { ResponseApi } from './jsLibraries';
import type { ContextIndex } from './jsContexts';
import type { EntityResolver } from './jsEntities';
import type { ScopeIndex } from './jsScopes';
import { responseModelOf } from './jsLibraries';
import { enclosingFunction, isFunctionLike, skipOuter, walkNodes, type FunctionLike } from './jsSyntax';

/**
 * Workspace HTTP-client wrappers: functions (and methods) that hand their caller a response whose body is still
 * unread — a fetch `Response`, an undici `request()` result, or a node:http response resolved through a Promise.
 * The caller then owns the body. Summaries follow calls within a file and, through `external`, exported
 * functions of other files, several hops deep (bounded), like the Go side's function summaries.
 */

export interface WrapperSummary {
  api: ResponseApi;
  /** The canonical entity of the request call at the end of the chain (for the library model). */
  entity: string;
  /** `get()` → `request()` → `fetch`: the functions the response passes through, outermost first. */
  via: string[];
}

/** Looks up an export of a relative module, from the file that imports it. */
export type ExternalWrapperLookup = (module: string, exportName: string, depth: number) => WrapperSummary | undefined;

const MAX_DEPTH = 4;


/** What the wrapper index reads of a parsed file (a `JsFile`; named here so that jsFile.ts and this file do not import each other). */
export interface WrapperFileView {
  readonly sourceFile: ts.SourceFile;
  readonly scopes: ScopeIndex;
  readonly entities: EntityResolver;
  readonly contexts: ContextIndex;
}

export class WrapperIndex {
  private readonly memo = new Map<ts.Node, WrapperSummary | null>();

  constructor(
    private readonly file: WrapperFileView,
    private readonly external?: ExternalWrapperLookup,
  ) {}

  /** The summary of the function a call calls, if it is a wrapper. */
  ofCall(call: ts.CallExpression, depth = 0): WrapperSummary | undefined {
    const callee = skipOuter(call.expression);
    if (ts.isIdentifier(callee)) {
      const fn = this.file.contexts.localFunction(callee);
      if (fn) return this.ofFunction(fn, depth);
      const target = this.importOf(callee);
      if (target && this.external) return this.external(target.module, target.name, depth + 1);
      return undefined;
    }
    if (ts.isPropertyAccessExpression(callee)) {
      if (callee.expression.kind === ts.SyntaxKind.ThisKeyword) {
        const method = thisMethod(callee);
        return method ? this.ofFunction(method, depth) : undefined;
      }
      // `api.get(...)` where `api` is a namespace import of a relative module.
      if (ts.isIdentifier(callee.expression) && this.external) {
        const target = this.importOf(callee.expression);
        if (target && target.name === '*') return this.external(target.module, callee.name.text, depth + 1);
      }
    }
    return undefined;
  }

  /** The summary of a function of this file (undefined when it is not a wrapper). */
  ofFunction(fn: ts.Node, depth = 0): WrapperSummary | undefined {
    const cached = this.memo.get(fn);
    if (cached !== undefined) return cached ?? undefined;
    if (depth > MAX_DEPTH || !isFunctionLike(fn) || !fn.body) return undefined;
    this.memo.set(fn, null); // recursion guard
    const summary = this.compute(fn, depth);
    this.memo.set(fn, summary ?? null);
    return summary;
  }

  private compute(fn: FunctionLike, depth: number): WrapperSummary | undefined {
    const returned: ts.Expression[] = [];
    if (fn.body && !ts.isBlock(fn.body)) returned.push(fn.body);
    else if (fn.body) {
      walkNodes(fn.body, (node) => {
        if (isFunctionLike(node)) return false;
        if (ts.isReturnStatement(node) && node.expression) returned.push(node.expression);
        return true;
      });
    }
    let found: WrapperSummary | undefined;
    for (const e of returned) {
      const x = skipOuter(e);
      if (x.kind === ts.SyntaxKind.NullKeyword || (ts.isIdentifier(x) && x.text === 'undefined')) continue;
      const s = this.ofValue(x, fn, depth);
      // Every value the function returns must be the response: a function that returns `res.json()` on one
      // path is a reader, not a wrapper.
      if (!s) return undefined;
      found ??= s;
    }
    if (!found) return undefined;
    const name = functionName(fn);
    return { ...found, via: name ? [name, ...found.via] : found.via };
  }

  /** What an expression returned by `fn` is: a response-producing call, or a variable holding one. */
  private ofValue(expr: ts.Expression, fn: FunctionLike, depth: number): WrapperSummary | undefined {
    const e = skipOuter(expr);
    if (ts.isCallExpression(e)) return this.ofResponseCall(e, depth);
    if (ts.isNewExpression(e)) return this.nodeResponsePromise(e);
    if (ts.isIdentifier(e)) {
      const d = this.file.scopes.resolve(e);
      if (!d?.init || (d.path?.length ?? 0) > 0 || (d.kind !== 'const' && d.kind !== 'let')) return undefined;
      if (enclosingFunction(d.id) !== fn) return undefined;
      // `let` reassigned later could hold something else.
      if (d.kind === 'let' && this.file.scopes.referencesOf(d).some((r) => ts.isBinaryExpression(r.parent) && r.parent.left === r)) return undefined;
      const init = skipOuter(d.init);
      if (ts.isCallExpression(init)) return this.ofResponseCall(init, depth);
      if (ts.isNewExpression(init)) return this.nodeResponsePromise(init);
    }
    return undefined;
  }

  private ofResponseCall(call: ts.CallExpression, depth: number): WrapperSummary | undefined {
    const entity = this.file.entities.entityOf(call.expression);
    const model = responseModelOf(entity);
    // node:http responses come in callbacks (see nodeResponsePromise); libraries without an api read the body.
    if (model?.api && model.api !== 'node' && entity) return isHead(call) ? undefined : { api: model.api, entity, via: [] };
    if (model) return undefined;
    return this.ofCall(call, depth + 1);
  }

  /** `new Promise((resolve, reject) => http.get(url, resolve))` or `http.get(url, (res) => resolve(res))`. */
  private nodeResponsePromise(node: ts.NewExpression): WrapperSummary | undefined {
    if (this.file.entities.entityOf(node.expression) !== 'global.Promise') return undefined;
    const executor = node.arguments?.[0] && skipOuter(node.arguments[0]);
    if (!executor || !(ts.isArrowFunction(executor) || ts.isFunctionExpression(executor))) return undefined;
    const resolve = executor.parameters[0]?.name;
    if (!resolve || !ts.isIdentifier(resolve)) return undefined;
    let found: WrapperSummary | undefined;
    walkNodes(executor.body, (n) => {
      if (found || !ts.isCallExpression(n)) return !found;
      const entity = this.file.entities.entityOf(n.expression);
      if (!entity || !/^(http|https)\.(get|request)$/.test(entity)) return true;
      const cb = n.arguments[n.arguments.length - 1] && skipOuter(n.arguments[n.arguments.length - 1]);
      if (!cb) return true;
      const resolvesWithResponse =
        (ts.isIdentifier(cb) && cb.text === resolve.text) ||
        ((ts.isArrowFunction(cb) || ts.isFunctionExpression(cb)) && onlyResolves(cb, resolve.text));
      if (resolvesWithResponse) found = { api: 'node', entity, via: [] };
      return true;
    });
    return found;
  }

  private importOf(id: ts.Identifier): { module: string; name: string } | undefined {
    const d = this.file.scopes.resolve(id);
    if (!d || d.scope !== this.file.sourceFile) return undefined;
    const relative = (m: string) => m.startsWith('./') || m.startsWith('../');
    if (d.importFrom && relative(d.importFrom.module)) return d.importFrom;
    // `const { get } = require('./http')`, `const http = require('./http')`
    if (d.init && !d.node) {
      const init = skipOuter(d.init);
      if (ts.isCallExpression(init) && ts.isIdentifier(init.expression) && init.expression.text === 'require') {
        const spec = init.arguments[0];
        if (spec && ts.isStringLiteralLike(spec) && relative(spec.text)) {
          const path = d.path ?? [];
          if (path.length === 0) return { module: spec.text, name: '*' };
          if (path.length === 1) return { module: spec.text, name: path[0] };
        }
      }
    }
    return undefined;
  }
}

/** `(res) => resolve(res)` / `(res) => { resolve(res); }`: hands the response over untouched. */
function onlyResolves(cb: ts.ArrowFunction | ts.FunctionExpression, resolve: string): boolean {
  const p = cb.parameters[0]?.name;
  if (!p || !ts.isIdentifier(p)) return false;
  const body = cb.body;
  const expr = ts.isBlock(body) ? (body.statements.length === 1 && ts.isExpressionStatement(body.statements[0]) ? body.statements[0].expression : undefined) : body;
  const call = expr && skipOuter(expr);
  return (
    !!call &&
    ts.isCallExpression(call) &&
    ts.isIdentifier(call.expression) &&
    call.expression.text === resolve &&
    call.arguments.length === 1 &&
    ts.isIdentifier(call.arguments[0]) &&
    call.arguments[0].text === p.text
  );
}

function isHead(call: ts.CallExpression): boolean {
  return call.arguments.some((a) => {
    const o = skipOuter(a);
    return (
      ts.isObjectLiteralExpression(o) &&
      o.properties.some((p) => ts.isPropertyAssignment(p) && ts.isIdentifier(p.name) && p.name.text === 'method' && ts.isStringLiteralLike(p.initializer) && p.initializer.text.toUpperCase() === 'HEAD')
    );
  });
}

function thisMethod(access: ts.PropertyAccessExpression): FunctionLike | undefined {
  for (let p: ts.Node | undefined = access.parent; p; p = p.parent) {
    if (ts.isClassDeclaration(p) || ts.isClassExpression(p)) {
      for (const m of p.members) {
        if (ts.isMethodDeclaration(m) && m.name && ts.isIdentifier(m.name) && m.name.text === access.name.text) return m;
        if (ts.isPropertyDeclaration(m) && ts.isIdentifier(m.name) && m.name.text === access.name.text && m.initializer) {
          const v = skipOuter(m.initializer);
          if (ts.isArrowFunction(v) || ts.isFunctionExpression(v)) return v;
        }
      }
      return undefined;
    }
  }
  return undefined;
}

export function functionName(fn: ts.Node): string | undefined {
  if ((ts.isFunctionDeclaration(fn) || ts.isMethodDeclaration(fn) || ts.isFunctionExpression(fn)) && fn.name && ts.isIdentifier(fn.name)) return fn.name.text;
  const p = fn.parent;
  if (p && (ts.isVariableDeclaration(p) || ts.isPropertyDeclaration(p) || ts.isPropertyAssignment(p)) && ts.isIdentifier(p.name)) return p.name.text;
  return undefined;
}
