import ts = require('typescript');
import type { JsFile } from '../../jsFile';
import { clientModelOf, type ClientModel } from '../../jsLibraries';
import { enclosingFunction, isFunctionLike, memberName, outerUse, propertyName, skipOuter, walkNodes } from '../../jsSyntax';

/** What js-per-request-client recognises: agents, pools and clients, and whether one is made per request, per item or per timer tick. */

export interface ClientKind {
  /** e.g. `new http.Agent()` or `axios.create()`. */
  label: string;
  /** http(s) agents get `keepAlive: true` when hoisted. */
  httpAgent?: 'http' | 'https';
  model: ClientModel;
}

export function clientKind(entity: string | undefined, isNew: boolean): ClientKind | undefined {
  const model = clientModelOf(entity, isNew);
  if (!model || !entity) return undefined;
  return { label: isNew ? `new ${entity}()` : `${entity}()`, httpAgent: model.httpAgent, model };
}

/**
 * `axios.create({ httpsAgent: new https.Agent() })` owns sockets; `axios.create({ baseURL })` does not (it shares
 * the global agent, measured). True when the construction's options give it an agent created right there (inline
 * or through a variable of the same function). An agent from elsewhere (module scope, a parameter) is shared.
 */
export function ownsSockets(file: JsFile, node: ts.NewExpression | ts.CallExpression, kind: ClientKind): boolean {
  if (kind.model.sockets === 'own') return true;
  const options = node.arguments?.[0] ? skipOuter(node.arguments[0]) : undefined;
  if (!options || !ts.isObjectLiteralExpression(options)) return false;
  const fn = enclosingFunction(node);
  const createdHere = (value: ts.Expression, depth: number): boolean => {
    const v = skipOuter(value);
    if (ts.isNewExpression(v) || ts.isCallExpression(v)) return !!clientKind(file.entities.entityOf(v.expression), ts.isNewExpression(v));
    if (ts.isObjectLiteralExpression(v) && depth < 2) {
      // got: `agent: { http: new http.Agent(), https: ... }`
      return v.properties.some((p) => ts.isPropertyAssignment(p) && createdHere(p.initializer, depth + 1));
    }
    if (ts.isIdentifier(v)) {
      const d = file.scopes.resolve(v);
      const declaredInside = d && fn && d.id.pos >= fn.pos && d.id.end <= fn.end;
      return !!(declaredInside && d.init && depth < 2 && createdHere(d.init, depth + 1));
    }
    return false;
  };
  return options.properties.some((p) => {
    const name = propertyName(p.name);
    if (!name || !kind.model.agentOptions?.includes(name)) return false;
    if (ts.isPropertyAssignment(p)) return createdHere(p.initializer, 0);
    if (ts.isShorthandPropertyAssignment(p)) return createdHere(p.name, 0);
    return false;
  });
}

export const END_METHODS = new Set(['end', 'close', 'destroy', 'quit', 'disconnect', 'release', 'shutdown']);

export const COLLECTION_METHODS = new Set(['set', 'push', 'unshift', 'add', 'append']);

/**
 * `axios.create({ httpAgent: new http.Agent() })`, or the agent in a variable of the same function handed to such a
 * client: the outer client is the finding (and its fix moves both).
 */
export function insideAnotherClient(file: JsFile, node: ts.Node): boolean {
  const argumentOfClient = (n: ts.Node): boolean => {
    for (let p = n.parent; p && !isFunctionLike(p); p = p.parent) {
      if ((ts.isNewExpression(p) || ts.isCallExpression(p)) && p.arguments?.some((a) => n.pos >= a.pos && n.end <= a.end)) {
        if (clientKind(file.entities.entityOf(p.expression), ts.isNewExpression(p))) return true;
      }
    }
    return false;
  };
  if (argumentOfClient(node)) return true;
  const binding = boundVariable(node as ts.Expression);
  const d = binding && file.scopes.declarationOf(binding.name as ts.Identifier);
  return !!d && file.scopes.referencesOf(d).some((ref) => enclosingFunction(ref) === enclosingFunction(node) && argumentOfClient(ref));
}

/** `cond ? new https.Agent(o) : new http.Agent(o)`: which branch of a choice between two clients `node` is. */
export function conditionalPair(file: JsFile, node: ts.NewExpression | ts.CallExpression): 'first' | 'second' | undefined {
  const use = outerUse(node);
  const p = use.parent;
  if (!p || !ts.isConditionalExpression(p) || p.condition === use) return undefined;
  const other = skipOuter(p.whenTrue === use ? p.whenFalse : p.whenTrue);
  if (!(ts.isNewExpression(other) || ts.isCallExpression(other)) || !clientKind(file.entities.entityOf(other.expression), ts.isNewExpression(other))) return undefined;
  return p.whenTrue === use ? 'first' : 'second';
}

/**
 * `function poolFor(k) { return new Pool(...) }` whose every caller in this file keeps the result in a cache:
 * `let p = pools.get(k); if (!p) { p = poolFor(k); pools.set(k, p); }`, `cache[k] ??= poolFor(k)`.
 */
export function factoryResultKept(file: JsFile, node: ts.Expression): boolean {
  const use = outerUse(node);
  const p = use.parent;
  const returned = (p && ts.isReturnStatement(p)) || (p && ts.isArrowFunction(p) && p.body === use);
  const fn = returned ? enclosingFunction(node) : undefined;
  if (!fn) return false;
  const sites = file.contexts.callSitesOf(fn);
  return sites.length > 0 && sites.every((site) => ts.isCallExpression(site) && valueKept(file, site));
}

/** The value of `expr` is cached or collected: directly, through its variable, or assigned to a variable that is. */
export function valueKept(file: JsFile, expr: ts.Expression): boolean {
  if (isCachedOrCollected(file, expr)) return true;
  const binding = boundVariable(expr);
  if (binding && bindingIsStored(file, binding)) return true;
  const use = outerUse(expr);
  const p = use.parent;
  if (p && ts.isBinaryExpression(p) && p.right === use && p.operatorToken.kind === ts.SyntaxKind.EqualsToken && ts.isIdentifier(p.left)) {
    const decl = file.scopes.resolve(p.left)?.id.parent;
    if (decl && ts.isVariableDeclaration(decl) && bindingIsStored(file, decl)) return true;
  }
  return false;
}

/**
 * A retry loop: `for (...) { try { const c = await connect(); return { c }; } catch { backoff } }`. The client
 * leaves the loop (and the function) on success, so at most one lives: it is not one per item.
 */
export function returnedFromLoop(file: JsFile, node: ts.Expression, binding: ts.VariableDeclaration | undefined): boolean {
  const fn = enclosingFunction(node);
  let loop: ts.Node | undefined;
  for (let p = node.parent; p && p !== fn; p = p.parent) {
    if (ts.isForStatement(p) || ts.isForOfStatement(p) || ts.isForInStatement(p) || ts.isWhileStatement(p) || ts.isDoStatement(p)) {
      loop = p;
      break;
    }
  }
  if (!loop) return false;
  const returnedIn = (n: ts.Node): boolean => {
    for (let p = n.parent; p && p !== loop && !isFunctionLike(p); p = p.parent) {
      if (ts.isReturnStatement(p)) return true;
      if (!(ts.isObjectLiteralExpression(p) || ts.isArrayLiteralExpression(p) || ts.isPropertyAssignment(p) || ts.isShorthandPropertyAssignment(p) || ts.isParenthesizedExpression(p) || ts.isAwaitExpression(p) || ts.isAsExpression(p))) return false;
    }
    return false;
  };
  if (returnedIn(node)) return true;
  const d = binding && file.scopes.declarationOf(binding.name as ts.Identifier);
  return !!d && file.scopes.referencesOf(d).some((ref) => ref.pos >= loop!.pos && ref.end <= loop!.end && returnedIn(ref));
}

export const CONSTRUCTOR_LIKE = /^(init|initiali[sz]e|connect|setup|start|bootstrap|open|configure|onModuleInit|onApplicationBootstrap|onInit|ngOnInit)$/;

/**
 * `async connect() { this.redis = new Redis(); }`: a per-instance field set in a constructor-like method runs
 * once per instance, however often the instance is used. (A constructor run per request is still reported.)
 */
export function setOnceOnInstance(node: ts.Expression): boolean {
  const fn = enclosingFunction(node);
  if (!fn || !ts.isMethodDeclaration(fn) || !fn.name || !ts.isIdentifier(fn.name) || !CONSTRUCTOR_LIKE.test(fn.name.text)) return false;
  const use = outerUse(node);
  const p = use.parent;
  if (!p || !ts.isBinaryExpression(p) || p.right !== use || p.operatorToken.kind !== ts.SyntaxKind.EqualsToken) return false;
  const target = skipOuter(p.left);
  return ts.isPropertyAccessExpression(target) && target.expression.kind === ts.SyntaxKind.ThisKeyword;
}

/** Where the value goes: through parentheses and awaits, and out of `cond ? new A() : new B()`. */
export function valueUse(node: ts.Expression): ts.Expression {
  let use = outerUse(node);
  while (use.parent && ts.isConditionalExpression(use.parent) && use.parent.condition !== use) use = outerUse(use.parent);
  return use;
}

/** `agent = new Agent()` where `agent` is a `let` of the same function: its declaration. */
export function assignedLocal(file: JsFile, node: ts.Expression): ts.VariableDeclaration | undefined {
  const use = valueUse(node);
  const p = use.parent;
  if (!p || !ts.isBinaryExpression(p) || p.right !== use || p.operatorToken.kind !== ts.SyntaxKind.EqualsToken || !ts.isIdentifier(p.left)) return undefined;
  const decl = file.scopes.resolve(p.left)?.id.parent;
  const fn = enclosingFunction(node);
  return decl && ts.isVariableDeclaration(decl) && fn && decl.pos >= fn.pos && decl.end <= fn.end ? decl : undefined;
}

/** `const x = new Pool()` / `let x = new Pool()`: the declaration. */
export function boundVariable(node: ts.Expression): ts.VariableDeclaration | undefined {
  const use = valueUse(node);
  const p = use.parent;
  if (p && ts.isVariableDeclaration(p) && p.initializer === use && ts.isIdentifier(p.name)) return p;
  return undefined;
}

/** Lazily initialised singletons, per-key caches and collections built once per item. */
export function isCachedOrCollected(file: JsFile, node: ts.Expression): boolean {
  const use = valueUse(node);
  const p = use.parent;
  if (!p) return false;
  if (ts.isBinaryExpression(p) && p.right === use) {
    const op = p.operatorToken.kind;
    if (op === ts.SyntaxKind.QuestionQuestionEqualsToken || op === ts.SyntaxKind.BarBarEqualsToken) return true;
    if (op === ts.SyntaxKind.BarBarToken || op === ts.SyntaxKind.QuestionQuestionToken) return true;
    if (op === ts.SyntaxKind.EqualsToken) return isOutwardStore(file, p.left, node);
  }
  if (ts.isCallExpression(p) && p.arguments.includes(use as ts.Expression) && COLLECTION_METHODS.has(memberName(p.expression) ?? '')) return true;
  if (ts.isPropertyAssignment(p) || ts.isArrayLiteralExpression(p)) {
    // `{ db: new Pool() }` stored somewhere outward, e.g. `clients[name] = { db: new Pool() }`.
    const holder = outerUse(ts.isPropertyAssignment(p) ? (p.parent as ts.ObjectLiteralExpression) : p);
    const hp = holder.parent;
    if (hp && ts.isBinaryExpression(hp) && hp.right === holder && hp.operatorToken.kind === ts.SyntaxKind.EqualsToken) return isOutwardStore(file, hp.left, node);
    if (hp && ts.isCallExpression(hp) && COLLECTION_METHODS.has(memberName(hp.expression) ?? '')) return true;
    if (hp && returnedFromMapCallback(holder)) return true;
  }
  return returnedFromMapCallback(use);
}

/** `hosts.map(h => new Pool({ host: h }))`: one client per item, kept in the resulting array. */
export function returnedFromMapCallback(use: ts.Expression): boolean {
  const p = use.parent;
  let fn: ts.Node | undefined;
  if (p && ts.isArrowFunction(p) && p.body === use) fn = p;
  else if (p && ts.isReturnStatement(p)) fn = enclosingFunction(p);
  if (!fn?.parent || !ts.isCallExpression(fn.parent)) return false;
  const m = memberName(fn.parent.expression);
  return m === 'map' || m === 'flatMap' || m === 'fromEntries';
}

/** An assignment whose target outlives the current run: guarded module variable, cache entry, property of an outer object. */
export function isOutwardStore(file: JsFile, left: ts.Expression, node: ts.Node): boolean {
  const target = skipOuter(left);
  const fn = enclosingFunction(node);
  if (ts.isIdentifier(target)) {
    const decl = file.scopes.resolve(target);
    if (!decl) return false;
    const declaredInside = fn && decl.id.pos >= fn.pos && decl.id.end <= fn.end;
    if (declaredInside) return false;
    return isGuardedBy(node, target.text);
  }
  if (ts.isPropertyAccessExpression(target) || ts.isElementAccessExpression(target)) {
    let base: ts.Expression = target.expression;
    while (ts.isPropertyAccessExpression(base) || ts.isElementAccessExpression(base)) base = base.expression;
    if (base.kind === ts.SyntaxKind.ThisKeyword) {
      // `this.pool = this.pool || new Pool()` style guards still count as caching.
      return isGuardedBy(node, memberName(target) ?? '\u0000');
    }
    if (ts.isIdentifier(base)) {
      const decl = file.scopes.resolve(base);
      if (!decl) return true; // a global object
      const declaredInside = fn && decl.id.pos >= fn.pos && decl.id.end <= fn.end;
      return !declaredInside || ts.isElementAccessExpression(target);
    }
  }
  return false;
}

/**
 * The cached name is tested first: by an enclosing `if`/conditional (within the function), or by an early exit
 * before the assignment (`if (this.client) return this.client;`, `if (pool) return pool;`).
 */
export function isGuardedBy(node: ts.Node, name: string): boolean {
  const re = new RegExp(`\\b${name.replace(/[$]/g, '\\$')}\\b`);
  for (let p = node.parent; p && !isFunctionLike(p); p = p.parent) {
    if (ts.isIfStatement(p) && re.test(p.expression.getText())) return true;
    if (ts.isConditionalExpression(p) && re.test(p.condition.getText())) return true;
  }
  const fn = enclosingFunction(node);
  if (!fn?.body || !ts.isBlock(fn.body)) return false;
  // `let agent = this._agent; if (agent) return agent;`: a local copy of the cached value guards it too.
  const names = [re];
  for (const st of fn.body.statements) {
    if (st.pos >= node.pos) break;
    // `let agent = this._agent;` or `agent = this._agent;` (also inside an earlier `if`).
    walkNodes(st, (n) => {
      if (isFunctionLike(n)) return false;
      const alias =
        ts.isVariableDeclaration(n) && ts.isIdentifier(n.name) && n.initializer && re.test(n.initializer.getText())
          ? n.name.text
          : ts.isBinaryExpression(n) && n.operatorToken.kind === ts.SyntaxKind.EqualsToken && ts.isIdentifier(n.left) && re.test(n.right.getText())
            ? n.left.text
            : undefined;
      if (alias) names.push(new RegExp(`\\b${alias.replace(/[$]/g, '\\$')}\\b`));
    });
    if (ts.isIfStatement(st) && names.some((r) => r.test(st.expression.getText())) && exits(st.thenStatement)) return true;
  }
  return false;
}

/** `return ...`, `throw ...`, or a block that ends with one. */
export function exits(st: ts.Statement): boolean {
  if (ts.isReturnStatement(st) || ts.isThrowStatement(st)) return true;
  if (ts.isBlock(st)) {
    const last = st.statements[st.statements.length - 1];
    return !!last && exits(last);
  }
  return false;
}

/** `const pool = new Pool(); pools.set(key, pool)` and the like: the variable is kept beyond this run. */
export function bindingIsStored(file: JsFile, decl: ts.VariableDeclaration, at: ts.Node = decl): boolean {
  const d = file.scopes.declarationOf(decl.name as ts.Identifier);
  if (!d) return false;
  for (const ref of file.scopes.referencesOf(d)) {
    const p = ref.parent;
    if (ts.isCallExpression(p) && p.arguments.includes(ref) && COLLECTION_METHODS.has(memberName(p.expression) ?? '')) return true;
    if (ts.isBinaryExpression(p) && p.right === ref && p.operatorToken.kind === ts.SyntaxKind.EqualsToken && isOutwardStore(file, p.left, at)) return true;
    if ((ts.isReturnStatement(p) || ts.isArrowFunction(p)) && returnedFromMapCallback(ref)) return true;
    if (ts.isShorthandPropertyAssignment(p) || ts.isPropertyAssignment(p)) {
      const holder = outerUse(p.parent as ts.ObjectLiteralExpression);
      const hp = holder.parent;
      if (hp && ts.isBinaryExpression(hp) && hp.right === holder && isOutwardStore(file, hp.left, at)) return true;
      if (hp && ts.isCallExpression(hp) && COLLECTION_METHODS.has(memberName(hp.expression) ?? '')) return true;
    }
  }
  return false;
}

/** `client.end()` in a `finally`, or unconditionally in the declaring block. */
export function closedOnEveryPath(file: JsFile, decl: ts.VariableDeclaration): boolean {
  // `using` / `await using`: disposed when the block is left, whatever the path.
  if (ts.isVariableDeclarationList(decl.parent)) {
    const scoped = decl.parent.flags & ts.NodeFlags.BlockScoped;
    if (scoped === ts.NodeFlags.Using || scoped === ts.NodeFlags.AwaitUsing) return true;
  }
  const d = file.scopes.declarationOf(decl.name as ts.Identifier);
  if (!d) return false;
  const declStatement = decl.parent?.parent;
  for (const ref of file.scopes.referencesOf(d)) {
    const access = ref.parent;
    if (!ts.isPropertyAccessExpression(access) || access.expression !== ref || !END_METHODS.has(access.name.text)) continue;
    const call = access.parent;
    if (!call || !ts.isCallExpression(call) || call.expression !== access) continue;
    for (let p: ts.Node | undefined = call.parent; p && !isFunctionLike(p); p = p.parent) {
      if (ts.isBlock(p) && p.parent && ts.isTryStatement(p.parent) && p.parent.finallyBlock === p) return true;
      if (ts.isExpressionStatement(p) || ts.isVariableStatement(p)) {
        if (declStatement && p.parent === declStatement.parent) return true;
      }
      if (ts.isIfStatement(p) || ts.isConditionalExpression(p) || ts.isCatchClause(p)) break;
    }
  }
  return false;
}
