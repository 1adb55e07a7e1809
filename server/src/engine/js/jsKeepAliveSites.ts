import ts = require('typescript');
import type { JsFile } from './jsFile';
import type { JsRuleContext } from './jsRule';
import { NODE_DEFAULT_HEADERS_TIMEOUT_MS, NODE_DEFAULT_KEEP_ALIVE_TIMEOUT_MS } from './jsRuntimeFacts';
import { numericValue, objectProperty, skipOuter, walkNodes } from './jsSyntax';
import type { Declaration } from './jsScopes';
import { memberName, outerUse } from './jsSyntax';

/**
 * What the keep-alive rules share: the nodes they look at (one walk per file), object literals behind constants,
 * the calls an options object is given to, and a server's timeout settings.
 */

/** A node the keep-alive rules look at, with its entity (what the callee or constructor resolves to). */
export interface KeepAliveSite {
  node: ts.NewExpression | ts.CallExpression | ts.PropertyAssignment | ts.ShorthandPropertyAssignment;
  entity?: string;
}

interface KeepAliveSites {
  /** Constructions, calls and object properties, in source order. */
  nodes: KeepAliveSite[];
  /** Servers whose timeouts are checked (`http.createServer()`, `new http.Server()`, express/koa `listen`, fastify). */
  servers: ts.Expression[];
}

const sitesOf = new WeakMap<JsRuleContext, KeepAliveSites>();

/** The nodes the keep-alive rules check, collected in one walk per analysis. */
export function keepAliveSites(ctx: JsRuleContext): KeepAliveSites {
  const cached = sitesOf.get(ctx);
  if (cached) return cached;
  const { file } = ctx;
  const sites: KeepAliveSites = { nodes: [], servers: [] };
  walkNodes(file.sourceFile, (node) => {
    if (ts.isNewExpression(node)) {
      const entity = file.entities.entityOf(node.expression);
      if (entity && /^(http|https)\.Server$/.test(entity)) sites.servers.push(node);
      sites.nodes.push({ node, entity });
    } else if (ts.isCallExpression(node)) {
      const entity = file.entities.entityOf(node.expression);
      if (entity && /^(http|https)\.createServer$/.test(entity)) sites.servers.push(node);
      else if (entity && /^(express\(\)|new koa|koa\(\))\.listen$/.test(entity)) sites.servers.push(node);
      else if (entity === 'fastify') sites.servers.push(node);
      sites.nodes.push({ node, entity });
    } else if (ts.isPropertyAssignment(node) || (ts.isShorthandPropertyAssignment(node) && node.name.text === 'headers')) {
      sites.nodes.push({ node });
    }
  });
  sitesOf.set(ctx, sites);
  return sites;
}

const settingsOf = new WeakMap<ts.Expression, ServerSettings>();

/** `serverSettings`, once per server node (two rules read it). */
export function settingsOfServer(file: JsFile, server: ts.Expression): ServerSettings {
  let s = settingsOf.get(server);
  if (!s) settingsOf.set(server, (s = serverSettings(file, server)));
  return s;
}

export const REQUEST_METHODS = new Set(['get', 'post', 'put', 'patch', 'delete', 'head', 'options', 'request', 'fetch', 'stream']);

export function constLookup(file: JsFile) {
  return (id: ts.Identifier): ts.Expression | undefined => {
    const d = file.scopes.resolve(id);
    return d && d.kind === 'const' && (d.path?.length ?? 0) === 0 ? d.init : undefined;
  };
}

/** An object literal given directly or through a `const`. */
export function objectLiteralOf(file: JsFile, expr: ts.Expression | undefined): ts.ObjectLiteralExpression | undefined {
  if (!expr) return undefined;
  const e = skipOuter(expr);
  if (ts.isObjectLiteralExpression(e)) return e;
  if (ts.isIdentifier(e)) {
    const init = constLookup(file)(e);
    if (init && ts.isObjectLiteralExpression(skipOuter(init))) return skipOuter(init) as ts.ObjectLiteralExpression;
  }
  return undefined;
}

/** The calls an options object reaches: as a direct argument or through a variable. */
export function callsTaking(file: JsFile, obj: ts.ObjectLiteralExpression): ts.CallExpression[] {
  const use = outerUse(obj);
  const p = use.parent;
  if (p && (ts.isCallExpression(p) || ts.isNewExpression(p)) && p.arguments?.includes(use)) return ts.isCallExpression(p) ? [p] : [];
  if (p && ts.isVariableDeclaration(p) && p.initializer === use && ts.isIdentifier(p.name)) {
    const decl = file.scopes.declarationOf(p.name);
    if (!decl) return [];
    const calls: ts.CallExpression[] = [];
    for (const ref of file.scopes.referencesOf(decl)) {
      const rp = outerUse(ref).parent;
      if (rp && ts.isCallExpression(rp) && rp.arguments.includes(outerUse(ref))) calls.push(rp);
    }
    return calls;
  }
  return [];
}

export function isRequestCall(file: JsFile, call: ts.CallExpression | ts.NewExpression): boolean {
  const entity = file.entities.entityOf(call.expression);
  if (ts.isNewExpression(call)) return entity === 'global.Request' || entity === 'undici.Request' || entity === 'node-fetch.Request';
  if (entity) {
    if (/^(http|https)\.(request|get)$/.test(entity)) return true;
    if (/^(global\.fetch|undici\.(fetch|request|stream)|node-fetch(\.fetch)?|axios(\.\w+)?|got(\.\w+)?|superagent(\.\w+)?|ky(\.\w+)?|needle(\.\w+)?)$/.test(entity)) return true;
  }
  const m = memberName(call.expression);
  return m !== undefined && REQUEST_METHODS.has(m);
}

export interface ServerSettings {
  /** The server object's variable, if bound. */
  binding?: ts.Identifier;
  keepAlive?: { value: number | undefined; node: ts.Expression; assignment: ts.Node };
  headers?: { value: number | undefined; node: ts.Expression; assignment: ts.Node };
  options?: ts.ObjectLiteralExpression;
  fastify: boolean;
}

export function serverSettings(file: JsFile, server: ts.Expression): ServerSettings {
  const lookup = constLookup(file);
  const fastify = ts.isCallExpression(server) && file.entities.entityOf(server.expression) === 'fastify';
  const settings: ServerSettings = { fastify };
  const args = ts.isCallExpression(server) || ts.isNewExpression(server) ? server.arguments ?? [] : [];
  const options = args[0] && !fastify && ts.isCallExpression(server) && memberName(server.expression) === 'listen' ? undefined : objectLiteralOf(file, args[0]);
  if (options) {
    settings.options = options;
    for (const [key, field] of [['keepAliveTimeout', 'keepAlive'], ['headersTimeout', 'headers']] as const) {
      const p = objectProperty(options, key);
      if (p && ts.isPropertyAssignment(p)) settings[field] = { value: numericValue(p.initializer, lookup), node: p.initializer, assignment: p };
    }
  }
  // The server value: the creation, or `.listen()` chained on it (which returns the server).
  let value: ts.Expression = outerUse(server);
  const p = value.parent;
  if (p && ts.isPropertyAccessExpression(p) && p.name.text === 'listen' && ts.isCallExpression(p.parent)) value = outerUse(p.parent);
  const vp = value.parent;
  let decl: Declaration | undefined;
  if (vp && ts.isVariableDeclaration(vp) && vp.initializer === value && ts.isIdentifier(vp.name)) decl = file.scopes.declarationOf(vp.name);
  else if (vp && ts.isBinaryExpression(vp) && vp.right === value && ts.isIdentifier(vp.left)) decl = file.scopes.resolve(vp.left);
  if (decl) {
    settings.binding = decl.id;
    for (const ref of file.scopes.referencesOf(decl)) {
      const access = ref.parent;
      if (!ts.isPropertyAccessExpression(access) || access.expression !== ref) continue;
      const assign = access.parent;
      if (!ts.isBinaryExpression(assign) || assign.left !== access || assign.operatorToken.kind !== ts.SyntaxKind.EqualsToken) continue;
      const v = { value: numericValue(assign.right, lookup), node: assign.right, assignment: assign.parent && ts.isExpressionStatement(assign.parent) ? assign.parent : assign };
      if (access.name.text === 'keepAliveTimeout') settings.keepAlive = v;
      if (access.name.text === 'headersTimeout') settings.headers = v;
    }
    // Property to property: `server.headersTimeout = server.keepAliveTimeout` (+ a constant).
    if (settings.headers && settings.headers.value === undefined) {
      const keepAlive = settings.keepAlive ? settings.keepAlive.value : NODE_DEFAULT_KEEP_ALIVE_MS;
      settings.headers.value = valueWithKeepAlive(settings.headers.node, decl.id.text, keepAlive, lookup);
    }
  }
  return settings;
}

/** A number expression where `<server>.keepAliveTimeout` stands for the server's keep-alive timeout. */
export function valueWithKeepAlive(expr: ts.Expression, server: string, keepAlive: number | undefined, lookup: (id: ts.Identifier) => ts.Expression | undefined): number | undefined {
  const e = skipOuter(expr);
  if (ts.isPropertyAccessExpression(e) && e.name.text === 'keepAliveTimeout' && ts.isIdentifier(e.expression) && e.expression.text === server) return keepAlive;
  if (ts.isBinaryExpression(e) && (e.operatorToken.kind === ts.SyntaxKind.PlusToken || e.operatorToken.kind === ts.SyntaxKind.MinusToken)) {
    const a = valueWithKeepAlive(e.left, server, keepAlive, lookup);
    const b = valueWithKeepAlive(e.right, server, keepAlive, lookup);
    if (a === undefined || b === undefined) return undefined;
    return e.operatorToken.kind === ts.SyntaxKind.PlusToken ? a + b : a - b;
  }
  return numericValue(e, lookup);
}

export const NODE_DEFAULT_KEEP_ALIVE_MS = NODE_DEFAULT_KEEP_ALIVE_TIMEOUT_MS;

export const NODE_DEFAULT_HEADERS_MS = NODE_DEFAULT_HEADERS_TIMEOUT_MS;

export const FASTIFY_DEFAULT_KEEP_ALIVE_MS = 72000;

export function seconds(ms: number): string {
  return `${+(ms / 1000).toFixed(3)} s`;
}
