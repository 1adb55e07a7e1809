import ts = require('typescript');
import { jsWork } from './jsWorkCounter';
import type { EntityResolver } from './jsEntities';
import type { ScopeIndex } from './jsScopes';
import { enclosingFunction, isFunctionLike, isInLoopBody, isLoop, memberName, propertyName, skipOuter, walkNodes, type FunctionLike } from './jsSyntax';

/**
 * Where code runs repeatedly: request handlers (http.createServer, express, koa, fastify, hapi,
 * Next.js API routes, AWS Lambda), loops and per-item callbacks, repeating timers and event
 * handlers, and the functions of this file that are called from those places.
 */

export type RepeatKind = 'handler' | 'loop' | 'timer' | 'event';

export interface RepeatReason {
  kind: RepeatKind;
  /** In user terms, e.g. "the `app.get('/users')` route handler". */
  origin: string;
  /** Function names the code is reached through, outermost first. */
  via: string[];
}

export function describeReason(r: RepeatReason): string {
  if (r.via.length === 0) return r.origin;
  return `\`${r.via[r.via.length - 1]}()\`, which is called from ${r.origin}`;
}

const ROUTE_METHODS = new Set(['get', 'post', 'put', 'patch', 'delete', 'del', 'all', 'head', 'options', 'use', 'route', 'any']);
const HOOK_NAMES = new Set(['handler', 'preHandler', 'onRequest', 'preValidation', 'preParsing', 'preSerialization']);
const ITERATION_METHODS = new Set(['forEach', 'map', 'flatMap', 'filter', 'reduce', 'reduceRight', 'some', 'every', 'find', 'findIndex']);
const REPEATING_EVENTS = new Set(['message', 'data', 'connection', 'job', 'line', 'upgrade', 'stream', 'task', 'tick']);
const STARTUP_FUNCTION = /^(main|bootstrap|setup|init|initiali[sz]e|start|startup|configure|install|wizard|setupWizard|migrate|seed|onModuleInit|onApplicationBootstrap)$|^(setup|bootstrap|init|initiali[sz]e|configure)[A-Z]/;
/** Calls that register a callback to run later, maybe many times. */
const REGISTRATION_METHODS = new Set(['on', 'once', 'addListener', 'prependListener', 'addEventListener', 'subscribe', 'use', 'handle', 'register', 'listen', 'get', 'post', 'put', 'patch', 'delete', 'all', 'route', 'setInterval', 'setTimeout', 'schedule', 'forEach', 'map', 'then']);
const HTTP_VERB_EXPORTS = new Set(['GET', 'POST', 'PUT', 'PATCH', 'DELETE', 'HEAD', 'OPTIONS']);
const FRAMEWORK = /^(new )?(express|koa|koa-router|@koa\/router|fastify|restify|@hapi\/hapi|hapi|polka|hono|router|connect)\b/;
const FRAMEWORK_MODULES = /^(express|koa|koa-router|@koa\/router|fastify|restify|@hapi\/hapi|hapi|polka|hono|router|connect|next|next\/server)$/;

export class ContextIndex {
  private readonly reasons = new Map<ts.Node, RepeatReason>();
  /** Every call and `new` of the file, in source order (one walk; `propagate` and `outgoingCalls` reuse it). */
  private readonly calls: (ts.CallExpression | ts.NewExpression)[] = [];
  private readonly callSites: { call: ts.Node; callee: FunctionLike; name: string }[] = [];
  /** The calls of `callSites` per callee, in source order (built with them). */
  private readonly callsOf = new Map<ts.Node, ts.Node[]>();
  private readonly frameworkFile: boolean;

  constructor(
    private readonly sourceFile: ts.SourceFile,
    private readonly scopes: ScopeIndex,
    private readonly entities: EntityResolver,
    filePath: string,
    /** Functions of this file called from per-request code in other files (cross-file following). */
    seeds: readonly { fn: ts.Node; reason: RepeatReason }[] = [],
  ) {
    this.frameworkFile = [...scopes.moduleScope().values()].some((d) => {
      const mod = d.importFrom?.module ?? moduleOfRequire(d.init);
      return mod !== undefined && FRAMEWORK_MODULES.test(mod);
    });
    const normalized = filePath.replace(/\\/g, '/');
    const nextPagesApi = /\/pages\/api\//.test(normalized);
    const nextAppRoute = /\/app\/(.*\/)?route\.[cm]?[jt]sx?$/.test(normalized);
    const importsNext = [...scopes.moduleScope().values()].some((d) => d.importFrom?.module === 'next' || d.importFrom?.module === 'next/server');
    const importsNextAny = importsNext || /from\s+['"]next(\/server)?['"]/.test(sourceFile.text);

    walkNodes(sourceFile, (node) => {
      if (ts.isCallExpression(node)) {
        this.calls.push(node);
        this.directCall(node);
      } else if (ts.isNewExpression(node)) {
        this.calls.push(node);
        this.directNew(node);
      }
      if (isFunctionLike(node)) this.byParameters(node);
      this.exports(node, nextPagesApi || importsNextAny, nextAppRoute || importsNextAny);
    });
    for (const seed of seeds) this.mark(seed.fn, seed.reason);
    this.propagate();
  }

  /** Call sites of imported functions of other files (relative specifiers) made from per-request code. */
  outgoingCalls(): { module: string; exportName: string; reason: RepeatReason }[] {
    const out: { module: string; exportName: string; reason: RepeatReason }[] = [];
    for (const node of this.calls) {
      if (!node.expression) continue;
      const target = this.importedTarget(node.expression);
      if (target) {
        const reason = this.contextOf(node);
        if (reason) out.push({ ...target, reason: { ...reason, via: [...reason.via, node.expression.getText(this.sourceFile)] } });
      }
    }
    jsWork.units += this.calls.length;
    return out;
  }

  /**
   * True when `node` runs once per process: script code at the top level of the module, inside an IIFE or a
   * callback handed to a call made at the top level (not an event, route or timer registration), or inside a
   * local function that is only called from such places. One unread body there costs one connection, once.
   */
  runsOnce(node: ts.Node, depth = 0): boolean {
    if (depth > 4 || this.contextOf(node)) return false;
    const fn = enclosingFunction(node);
    if (!fn) return true;
    if (ts.isArrowFunction(fn) || ts.isFunctionExpression(fn)) {
      let use: ts.Node = fn;
      while (use.parent && (ts.isParenthesizedExpression(use.parent) || ts.isAsExpression(use.parent))) use = use.parent;
      const call = use.parent;
      if (call && ts.isCallExpression(call) && (call.expression === use || call.arguments.some((a) => a === use))) {
        if (REGISTRATION_METHODS.has(memberName(call.expression) ?? '')) return false;
        return this.runsOnce(call, depth + 1);
      }
      const decl = use.parent;
      if (!decl || !ts.isVariableDeclaration(decl) || !ts.isIdentifier(decl.name)) return false;
    } else if (!ts.isFunctionDeclaration(fn)) return false;
    if (hasExport(fn) || (fn.parent && ts.isVariableDeclaration(fn.parent) && hasExport(fn.parent.parent.parent))) return false;
    const sites = this.callSitesOf(fn);
    const nameId = fn.name && ts.isIdentifier(fn.name) ? fn.name : fn.parent && ts.isVariableDeclaration(fn.parent) && ts.isIdentifier(fn.parent.name) ? fn.parent.name : undefined;
    const decl = nameId && this.scopes.declarationOf(nameId);
    // Every mention of the function is a call (not a callback handed elsewhere), and every call runs once.
    const mentions = decl ? this.scopes.referencesOf(decl).length : -1;
    return sites.length > 0 && mentions === sites.length && sites.every((site) => this.runsOnce(site, depth + 1));
  }

  /** The calls of this file to a local function (or method) `fn`. */
  callSitesOf(fn: ts.Node): readonly ts.Node[] {
    return this.callsOf.get(fn) ?? [];
  }

  /** Why `node` runs once per request / item, or undefined when it runs once (module scope, startup). */
  contextOf(node: ts.Node): RepeatReason | undefined {
    let crossedFunction = false;
    for (let p: ts.Node | undefined = node.parent, child: ts.Node = node; p; child = p, p = p.parent) {
      jsWork.units++;
      if (!crossedFunction && isLoop(p) && isInLoopBody(p, child)) {
        if (this.isStartupCode(p)) return undefined;
        const line = this.sourceFile.getLineAndCharacterOfPosition(p.getStart(this.sourceFile)).line + 1;
        return { kind: 'loop', origin: `the loop on line ${line}`, via: [] };
      }
      if (isFunctionLike(p)) {
        const r = this.reasons.get(p);
        if (r) return r;
        crossedFunction = true;
      }
    }
    return undefined;
  }

  /**
   * A loop that runs once, at start-up: at the top level of the module, or in a start-up function (`main`,
   * `bootstrap`, `setup`, `init`, a setup wizard, ...) that no per-request code calls. Its items are configuration
   * entries, not requests.
   */
  private isStartupCode(loop: ts.Node): boolean {
    const fn = enclosingFunction(loop);
    if (!fn) return true;
    if (this.reasons.has(fn) || enclosingFunction(fn)) return false;
    const name = fn.name && (ts.isIdentifier(fn.name) || ts.isStringLiteral(fn.name)) ? fn.name.text : variableNameOf(fn);
    return name !== undefined && STARTUP_FUNCTION.test(name);
  }

  /** `helper` imported (or required) from a relative module: the module specifier and export name. */
  private importedTarget(callee: ts.Expression): { module: string; exportName: string } | undefined {
    const e = skipOuter(callee);
    const relative = (m: string | undefined) => m !== undefined && (m.startsWith('./') || m.startsWith('../'));
    const fromDecl = (id: ts.Identifier): { module: string; path: string[] } | undefined => {
      const d = this.scopes.resolve(id);
      if (!d || d.scope !== this.sourceFile) return undefined;
      if (d.importFrom && relative(d.importFrom.module)) {
        return { module: d.importFrom.module, path: d.importFrom.name === '*' || d.importFrom.name === 'default' ? [] : [d.importFrom.name] };
      }
      if (d.init && !d.node) {
        let init = skipOuter(d.init);
        const path = [...(d.path ?? [])];
        while (ts.isPropertyAccessExpression(init)) {
          path.unshift(init.name.text);
          init = skipOuter(init.expression);
        }
        const module = moduleOfRequireCall(init);
        if (relative(module)) return { module: module!, path };
      }
      return undefined;
    };
    if (ts.isIdentifier(e)) {
      const t = fromDecl(e);
      if (t && t.path.length <= 1) return { module: t.module, exportName: t.path[0] ?? 'default' };
    } else if (ts.isPropertyAccessExpression(e) && ts.isIdentifier(e.expression)) {
      const t = fromDecl(e.expression);
      if (t && t.path.length === 0) return { module: t.module, exportName: e.name.text };
    }
    return undefined;
  }

  private mark(fn: ts.Node | undefined, reason: RepeatReason): void {
    if (!fn || this.reasons.has(fn)) return;
    this.reasons.set(fn, reason);
  }

  /** Function-like arguments, local functions named by identifiers, and functions wrapped in a call. */
  private functionsIn(expr: ts.Expression | undefined, depth = 0): ts.Node[] {
    if (!expr || depth > 2) return [];
    const e = skipOuter(expr);
    if (ts.isArrowFunction(e) || ts.isFunctionExpression(e)) return [e];
    if (ts.isIdentifier(e)) {
      const fn = this.localFunction(e);
      return fn ? [fn] : [];
    }
    if (ts.isPropertyAccessExpression(e) && e.expression.kind === ts.SyntaxKind.ThisKeyword) {
      const fn = this.methodOfThisClass(e);
      return fn ? [fn] : [];
    }
    // `this.check.bind(this)`, `poll.bind(null, url)`
    if (ts.isCallExpression(e) && ts.isPropertyAccessExpression(e.expression) && e.expression.name.text === 'bind') return this.functionsIn(e.expression.expression, depth + 1);
    if (ts.isCallExpression(e)) return e.arguments.flatMap((a) => this.functionsIn(a, depth + 1));
    if (ts.isArrayLiteralExpression(e)) return e.elements.flatMap((a) => this.functionsIn(a, depth + 1));
    return [];
  }

  /** The function a local identifier names (function declaration, `const f = () => ...`). */
  localFunction(id: ts.Identifier): FunctionLike | undefined {
    const decl = this.scopes.resolve(id);
    const node = decl?.node;
    if (node && isFunctionLike(node)) return node;
    if (node && (ts.isClassDeclaration(node) || ts.isClassExpression(node))) {
      return node.members.find((m): m is ts.ConstructorDeclaration => ts.isConstructorDeclaration(m));
    }
    return undefined;
  }

  private directCall(call: ts.CallExpression): void {
    const callee = call.expression;
    const entity = this.entities.entityOf(callee);
    const args = call.arguments;
    const sf = this.sourceFile;
    const text = (n: ts.Node) => n.getText(sf);

    if (entity && /^(http|https|http2)\.(createServer|createSecureServer)$/.test(entity)) {
      for (const a of args) for (const fn of this.functionsIn(a)) this.mark(fn, { kind: 'handler', origin: `the \`${entity}\` request handler`, via: [] });
      return;
    }
    if (entity === 'global.setInterval' || entity === 'timers.setInterval' || /^(node-cron|cron)\.schedule$/.test(entity ?? '') || entity === 'node-schedule.scheduleJob') {
      for (const a of args) for (const fn of this.functionsIn(a)) this.mark(fn, { kind: 'timer', origin: `the \`${text(callee)}\` callback (it fires repeatedly)`, via: [] });
      return;
    }
    if ((entity === 'global.setTimeout' || entity === 'timers.setTimeout' || entity === 'global.setImmediate') && args[0]) {
      // A function that re-arms its own timeout is a repeating timer: `setTimeout(poll)`, `setTimeout(() => this.poll())`.
      for (const fn of this.rearmedTargets(args[0])) {
        for (let p: ts.Node | undefined = call.parent; p; p = p.parent) {
          if (p === fn) {
            this.mark(fn, { kind: 'timer', origin: `the \`${isFunctionLike(fn) && fn.name ? text(fn.name) : 'timer'}\` callback (it re-arms its own setTimeout)`, via: [] });
            break;
          }
        }
      }
      return;
    }

    const method = memberName(callee);
    if (method === undefined || !(ts.isPropertyAccessExpression(callee) || ts.isElementAccessExpression(callee))) return;
    const first = args[0] ? skipOuter(args[0]) : undefined;
    const firstString = first && ts.isStringLiteralLike(first) ? first.text : undefined;

    if ((method === 'on' || method === 'addListener' || method === 'prependListener') && firstString !== undefined) {
      if (firstString === 'request') {
        for (const fn of this.functionsIn(args[1])) this.mark(fn, { kind: 'handler', origin: `the \`'request'\` handler`, via: [] });
      } else if (REPEATING_EVENTS.has(firstString)) {
        for (const fn of this.functionsIn(args[1])) this.mark(fn, { kind: 'event', origin: `the \`'${firstString}'\` event handler (it runs once per event)`, via: [] });
      }
      return;
    }
    if (ITERATION_METHODS.has(method)) {
      // `items.map((x) => ...)`, and callbacks passed by reference: `items.map(send)`, `items.forEach(this.push, this)`.
      const fns = !first ? [] : ts.isArrowFunction(first) || ts.isFunctionExpression(first) ? [first] : this.functionsIn(first);
      for (const fn of fns) this.mark(fn, { kind: 'loop', origin: `the \`.${method}()\` callback (it runs once per item)`, via: [] });
      return;
    }
    if (method === 'addHook' || method === 'ext') {
      for (const fn of this.functionsIn(args[1])) this.mark(fn, { kind: 'handler', origin: `the \`${text(callee)}(${firstString ? `'${firstString}'` : ''})\` hook`, via: [] });
      return;
    }
    if (!ROUTE_METHODS.has(method)) return;
    const receiver = this.entities.entityOf(callee.expression);
    const pathArg = firstString?.startsWith('/') ? firstString : first && ts.isTemplateExpression(first) && first.head.text.startsWith('/') ? first.head.text : undefined;
    const knownApp = receiver !== undefined && FRAMEWORK.test(receiver);
    if (!knownApp && pathArg === undefined && !this.frameworkFile) return;
    const label = `the \`${text(callee)}(${pathArg !== undefined ? `'${pathArg}'` : ''})\` ${method === 'use' ? 'middleware' : 'route handler'}`;
    for (const a of args) {
      const e = skipOuter(a);
      if (ts.isObjectLiteralExpression(e) || ts.isArrayLiteralExpression(e)) this.routeObjects(e, label);
      else for (const fn of this.functionsIn(a)) this.mark(fn, { kind: 'handler', origin: label, via: [] });
    }
  }

  /** Functions a timer callback runs: itself (`poll`, `this.poll`), or what a one-line arrow calls (`() => this.poll()`). */
  private rearmedTargets(arg: ts.Expression): ts.Node[] {
    const e = skipOuter(arg);
    const direct = this.functionsIn(e).filter((fn) => fn !== e);
    if (direct.length) return direct;
    if ((ts.isArrowFunction(e) || ts.isFunctionExpression(e)) && e.body) {
      const body = ts.isBlock(e.body) && e.body.statements.length === 1 && ts.isExpressionStatement(e.body.statements[0]) ? e.body.statements[0].expression : e.body;
      const call = ts.isExpression(body as ts.Node) ? skipOuter(body as ts.Expression) : undefined;
      if (call && ts.isCallExpression(call)) return this.functionsIn(call.expression);
    }
    return [];
  }

  /** fastify/hapi `route({ method, url, handler })`, `options: { handler }`, arrays of routes. */
  private routeObjects(node: ts.Expression, label: string, depth = 0): void {
    if (depth > 3) return;
    if (ts.isArrayLiteralExpression(node)) {
      for (const el of node.elements) this.routeObjects(skipOuter(el), label, depth + 1);
      return;
    }
    if (!ts.isObjectLiteralExpression(node)) return;
    for (const p of node.properties) {
      const name = propertyName(p.name);
      if (name === undefined) continue;
      if (ts.isMethodDeclaration(p) && HOOK_NAMES.has(name)) this.mark(p, { kind: 'handler', origin: label, via: [] });
      else if (ts.isPropertyAssignment(p)) {
        if (HOOK_NAMES.has(name)) for (const fn of this.functionsIn(p.initializer)) this.mark(fn, { kind: 'handler', origin: label, via: [] });
        else if (name === 'options' || name === 'config') this.routeObjects(skipOuter(p.initializer), label, depth + 1);
      }
    }
  }

  private directNew(node: ts.NewExpression): void {
    const entity = this.entities.entityOf(node.expression);
    if (entity && /^(http|https|http2)\.Server$/.test(entity)) {
      for (const a of node.arguments ?? []) for (const fn of this.functionsIn(a)) this.mark(fn, { kind: 'handler', origin: `the \`${entity}\` request handler`, via: [] });
    }
    if (entity === 'cron.CronJob') {
      for (const a of node.arguments ?? []) for (const fn of this.functionsIn(a)) this.mark(fn, { kind: 'timer', origin: 'the cron job callback (it fires repeatedly)', via: [] });
    }
  }

  /** `(req, res)`, `(request, reply)`, `(ctx, next)`-style functions are request handlers wherever they are. */
  private byParameters(fn: FunctionLike): void {
    const names = fn.parameters.map((p) => (ts.isIdentifier(p.name) ? p.name.text : ''));
    const [a, b] = names;
    const reqRes = (a === 'req' || a === 'request') && (b === 'res' || b === 'response' || b === 'reply');
    const koa = a === 'ctx' && b === 'next';
    if (reqRes || koa) this.mark(fn, { kind: 'handler', origin: `the request handler${fn.name && ts.isIdentifier(fn.name) ? ` \`${fn.name.text}\`` : ''}`, via: [] });
  }

  /** Exported Lambda handlers and Next.js API routes. */
  private exports(node: ts.Node, nextPages: boolean, nextApp: boolean): void {
    if (ts.isFunctionDeclaration(node)) {
      if (node.parent === this.sourceFile && hasExport(node)) this.exported(hasDefault(node) ? 'default' : node.name?.text ?? 'default', [node], nextPages, nextApp);
    } else if (ts.isVariableStatement(node)) {
      if (node.parent === this.sourceFile && hasExport(node)) {
        for (const d of node.declarationList.declarations) {
          if (ts.isIdentifier(d.name) && d.initializer) this.exported(d.name.text, this.functionsIn(d.initializer), nextPages, nextApp);
        }
      }
    } else if (ts.isExportAssignment(node)) {
      this.exported('default', this.functionsIn(node.expression), nextPages, nextApp);
    } else if (ts.isBinaryExpression(node) && node.operatorToken.kind === ts.SyntaxKind.EqualsToken && node.parent && ts.isExpressionStatement(node.parent)) {
      const target = this.entities.entityOf(node.left);
      const m = target && /^global\.(?:module\.)?exports(?:\.(\w+))?$/.exec(target);
      if (m) this.exported(m[1] ?? 'default', this.functionsIn(node.right), nextPages, nextApp);
    }
  }

  private exported(name: string, fns: ts.Node[], nextPages: boolean, nextApp: boolean): void {
    for (const fn of fns) {
      if (name === 'default' && nextPages) this.mark(fn, { kind: 'handler', origin: 'the Next.js API route handler', via: [] });
      else if (HTTP_VERB_EXPORTS.has(name) && nextApp) this.mark(fn, { kind: 'handler', origin: `the Next.js route handler \`${name}\``, via: [] });
      else {
        const params = isFunctionLike(fn) ? fn.parameters : undefined;
        const firstParam = params?.[0] && ts.isIdentifier(params[0].name) ? params[0].name.text : '';
        if (name === 'handler' || /Handler$/.test(name) || firstParam === 'event') {
          this.mark(fn, { kind: 'handler', origin: `the Lambda handler \`${name}\` (it runs once per invocation)`, via: [] });
        }
      }
    }
  }

  private propagate(): void {
    jsWork.units += this.calls.length;
    for (const node of this.calls) {
      if (node.expression) {
        const callee = skipOuter(node.expression);
        let fn: FunctionLike | undefined;
        if (ts.isIdentifier(callee)) fn = this.localFunction(callee);
        else if (ts.isPropertyAccessExpression(callee) && callee.expression.kind === ts.SyntaxKind.ThisKeyword) fn = this.methodOfThisClass(callee);
        else if (ts.isPropertyAccessExpression(callee) && ts.isIdentifier(callee.expression)) fn = this.methodOfLocalObject(callee.expression, callee.name.text);
        if (fn) {
          this.callSites.push({ call: node, callee: fn, name: ts.isIdentifier(callee) ? callee.text : callee.getText(this.sourceFile) });
          const calls = this.callsOf.get(fn);
          if (calls) calls.push(node);
          else this.callsOf.set(fn, [node]);
        }
      }
    }
    for (let round = 0; round < 12; round++) {
      let changed = false;
      for (const site of this.callSites) {
        if (this.reasons.has(site.callee)) continue;
        // Recursion does not make a function per-request by itself.
        if (enclosingFunction(site.call) === site.callee) continue;
        const r = this.contextOf(site.call);
        if (!r) continue;
        this.reasons.set(site.callee, { kind: r.kind, origin: r.origin, via: [...r.via, site.name] });
        changed = true;
      }
      if (!changed) break;
    }
  }

  /** `svc.load()` where `svc` is `new LocalClass()` or an object literal of this file. */
  private methodOfLocalObject(receiver: ts.Identifier, name: string): FunctionLike | undefined {
    const decl = this.scopes.resolve(receiver);
    if (decl?.kind !== 'const' || !decl.init || (decl.path?.length ?? 0) > 0) return undefined;
    const init = skipOuter(decl.init);
    let members: readonly (ts.ClassElement | ts.ObjectLiteralElementLike)[] | undefined;
    if (ts.isNewExpression(init) && ts.isIdentifier(init.expression)) {
      const cls = this.scopes.resolve(init.expression)?.node;
      if (cls && (ts.isClassDeclaration(cls) || ts.isClassExpression(cls))) members = cls.members;
    } else if (ts.isObjectLiteralExpression(init)) members = init.properties;
    for (const m of members ?? []) {
      if (propertyName(m.name) !== name) continue;
      if (ts.isMethodDeclaration(m)) return m;
      if ((ts.isPropertyAssignment(m) || ts.isPropertyDeclaration(m)) && m.initializer) {
        const v = skipOuter(m.initializer);
        if (ts.isArrowFunction(v) || ts.isFunctionExpression(v)) return v;
      }
    }
    return undefined;
  }

  private methodOfThisClass(access: ts.PropertyAccessExpression): FunctionLike | undefined {
    for (let p: ts.Node | undefined = access.parent; p; p = p.parent) {
      if (ts.isClassDeclaration(p) || ts.isClassExpression(p)) {
        return p.members.find((m): m is ts.MethodDeclaration => ts.isMethodDeclaration(m) && propertyName(m.name) === access.name.text);
      }
    }
    return undefined;
  }
}

function hasExport(node: ts.Node): boolean {
  return !!ts.canHaveModifiers(node) && !!ts.getModifiers(node)?.some((m) => m.kind === ts.SyntaxKind.ExportKeyword);
}

function hasDefault(node: ts.Node): boolean {
  return !!ts.canHaveModifiers(node) && !!ts.getModifiers(node)?.some((m) => m.kind === ts.SyntaxKind.DefaultKeyword);
}

function moduleOfRequire(init: ts.Expression | undefined): string | undefined {
  if (!init) return undefined;
  let e = skipOuter(init);
  while (ts.isPropertyAccessExpression(e)) e = e.expression;
  if (ts.isCallExpression(e) && ts.isIdentifier(e.expression) && e.expression.text === 'require' && e.arguments[0] && ts.isStringLiteralLike(e.arguments[0])) {
    return e.arguments[0].text;
  }
  return undefined;
}

function moduleOfRequireCall(e: ts.Expression): string | undefined {
  if (ts.isCallExpression(e) && ts.isIdentifier(e.expression) && e.expression.text === 'require' && e.arguments[0] && ts.isStringLiteralLike(e.arguments[0])) {
    return e.arguments[0].text;
  }
  return undefined;
}

/** `const main = async () => {...}`: the variable a function expression is bound to. */
function variableNameOf(fn: ts.Node): string | undefined {
  const p = fn.parent;
  return p && ts.isVariableDeclaration(p) && ts.isIdentifier(p.name) ? p.name.text : undefined;
}
