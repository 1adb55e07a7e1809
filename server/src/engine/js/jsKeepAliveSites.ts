import ts = require('typescript');
import { createFinding, withConfidence } from '../createFinding';
import type { Finding } from '../finding';
import type { AnalysisOptions } from '../frontEnd';
import type { JsFile } from './jsFile';
import type { Declaration } from './jsScopes';
import { addKeepAliveFix, agentFalseFix, removeConnectionCloseFix, serverTimeoutFix, lbTimeoutFix } from './jsKeepAliveEdits';
import { codeSnippet, fitMessage } from './jsMessages';
import { jsRule } from './jsRules';
import { admitsNodeBelow } from './jsNodeEngines';
import { GLOBAL_AGENT_KEEP_ALIVE_SINCE_NODE_MAJOR, NODE_DEFAULT_HEADERS_TIMEOUT_MS, NODE_DEFAULT_KEEP_ALIVE_TIMEOUT_MS } from './jsRuntimeFacts';
import { enclosingFunction, memberName, numericValue, objectProperty, hasSpread, outerUse, propertyName, skipOuter, walkNodes } from './jsSyntax';

/**
 * Keep-alive settings: agents without keepAlive, `agent: false`, `Connection: close` request
 * headers, server headersTimeout <= keepAliveTimeout, and keepAliveTimeout vs the load balancer.
 */

const CONNECTION_CLOSE_MESSAGE = 'Request header `Connection: close` ends the connection after each response (no keep-alive); remove it';
const REQUEST_METHODS = new Set(['get', 'post', 'put', 'patch', 'delete', 'head', 'options', 'request', 'fetch', 'stream']);

export function checkKeepAlive(file: JsFile, options: AnalysisOptions): Finding[] {
  const out: Finding[] = [];
  const servers: ts.Expression[] = [];
  walkNodes(file.sourceFile, (node) => {
    if (ts.isNewExpression(node)) {
      const entity = file.entities.entityOf(node.expression);
      const agent = entity && /^(http|https)\.Agent$/.exec(entity);
      if (agent) agentWithoutKeepAlive(file, node, out);
      if (entity && /^(http|https)\.Server$/.test(entity)) servers.push(node);
      if (entity === 'global.Headers' && node.arguments?.[0]) headerObject(file, skipOuter(node.arguments[0]), out);
    } else if (ts.isCallExpression(node)) {
      const entity = file.entities.entityOf(node.expression);
      if (entity && /^(http|https)\.createServer$/.test(entity)) servers.push(node);
      else if (entity && /^(express\(\)|new koa|koa\(\))\.listen$/.test(entity)) servers.push(node);
      else if (entity === 'fastify') servers.push(node);
      setHeaderCall(file, node, out);
      if (entity && /^(http|https)\.(get|request)$/.test(entity)) globalAgentOnOldNode(file, node, entity, out);
    } else if (ts.isPropertyAssignment(node)) {
      const name = propertyName(node.name);
      if (name === 'agent' && node.initializer.kind === ts.SyntaxKind.FalseKeyword) agentFalse(file, node, out);
      if (name === 'headers') headerObject(file, skipOuter(node.initializer), out, node);
    } else if (ts.isShorthandPropertyAssignment(node) && node.name.text === 'headers') {
      headerObject(file, node.name, out, node);
    }
  });
  for (const s of servers) serverTimeouts(file, s, options, out);
  return out;
}

function constLookup(file: JsFile) {
  return (id: ts.Identifier): ts.Expression | undefined => {
    const d = file.scopes.resolve(id);
    return d && d.kind === 'const' && (d.path?.length ?? 0) === 0 ? d.init : undefined;
  };
}

/** An object literal given directly or through a `const`. */
function objectLiteralOf(file: JsFile, expr: ts.Expression | undefined): ts.ObjectLiteralExpression | undefined {
  if (!expr) return undefined;
  const e = skipOuter(expr);
  if (ts.isObjectLiteralExpression(e)) return e;
  if (ts.isIdentifier(e)) {
    const init = constLookup(file)(e);
    if (init && ts.isObjectLiteralExpression(skipOuter(init))) return skipOuter(init) as ts.ObjectLiteralExpression;
  }
  return undefined;
}

/**
 * Missing keep-alive matters on a shared, long-lived agent: one at module scope, in a class field or constructor,
 * stored on `this` or in a module variable, or exported. An agent created per request (the per-request rule's
 * business) or per call of a probe/check (fresh connections on purpose) is not reported here.
 */
function isLongLived(file: JsFile, node: ts.NewExpression): boolean {
  if (file.contexts.contextOf(node)) return false;
  const fn = enclosingFunction(node);
  if (!fn) return true;
  if (ts.isConstructorDeclaration(fn)) return true;
  const use = outerUse(node);
  const p = use.parent;
  if (p && ts.isPropertyDeclaration(p)) return true;
  if (p && ts.isBinaryExpression(p) && p.right === use && p.operatorToken.kind === ts.SyntaxKind.EqualsToken) {
    const target = skipOuter(p.left);
    if (ts.isPropertyAccessExpression(target) && target.expression.kind === ts.SyntaxKind.ThisKeyword) return true;
    if (ts.isIdentifier(target)) {
      const d = file.scopes.resolve(target);
      return !!d && d.scope === file.sourceFile;
    }
  }
  return false;
}

/** `cond ? new https.Agent(o) : new http.Agent(o)`: the two agents of one choice, reported once. */
function otherBranchAgent(file: JsFile, node: ts.NewExpression): { first: boolean; other: ts.NewExpression } | undefined {
  const use = outerUse(node);
  const p = use.parent;
  if (!p || !ts.isConditionalExpression(p)) return undefined;
  const otherExpr = skipOuter(p.whenTrue === use ? p.whenFalse : p.whenTrue);
  if (!ts.isNewExpression(otherExpr) || !/^(http|https)\.Agent$/.test(file.entities.entityOf(otherExpr.expression) ?? '')) return undefined;
  return { first: p.whenTrue === use, other: otherExpr };
}

function agentWithoutKeepAlive(file: JsFile, node: ts.NewExpression, out: Finding[]): void {
  const pair = otherBranchAgent(file, node);
  if (pair && !pair.first) return; // reported on the first branch, with both edits
  if (!isLongLived(file, node)) return;
  const arg = node.arguments?.[0];
  let problem: string | undefined;
  if (!arg) problem = 'without options';
  else {
    const obj = objectLiteralOf(file, arg);
    if (!obj) return; // options built elsewhere: cannot tell
    const prop = objectProperty(obj, 'keepAlive');
    if (!prop) {
      if (hasSpread(obj)) return;
      problem = 'without `keepAlive`';
    } else if (ts.isPropertyAssignment(prop) && prop.initializer.kind === ts.SyntaxKind.FalseKeyword) problem = 'with `keepAlive: false`';
    else return;
  }
  const label = file.textOf(node.expression);
  const message = fitMessage(`\`new ${codeSnippet(label, 30)}()\` ${problem} closes every connection after one request; pass \`keepAlive: true\``);
  let fixes = addKeepAliveFix(file, node);
  if (pair) {
    // One fix for both branches; a shared options object is edited once.
    const other = addKeepAliveFix(file, pair.other);
    const edits = [...(fixes[0]?.edits ?? []), ...(other[0]?.edits ?? [])].filter((e, i, all) => all.findIndex((x) => x.start === e.start && x.end === e.end) === i);
    fixes = fixes.length && other.length ? [{ ...fixes[0], edits }] : [];
  }
  out.push(createFinding(jsRule('js-agent-without-keepalive'), file.lines, node.getStart(file.sourceFile), node.expression.getEnd(), message, fixes));
}

/**
 * `http.get(url, cb)` per request without an agent, in a package whose `engines.node` admits Node < 19: there
 * `http.globalAgent` has no keep-alive, so every request opens a new connection. Medium confidence: the range
 * admits old Node, but the process may run a newer one.
 */
function globalAgentOnOldNode(file: JsFile, call: ts.CallExpression, entity: string, out: Finding[]): void {
  const range = file.nodeEngines;
  if (!range || admitsNodeBelow(range, GLOBAL_AGENT_KEEP_ALIVE_SINCE_NODE_MAJOR) !== true) return;
  if (!file.contexts.contextOf(call)) return;
  for (const a of call.arguments) {
    const e = skipOuter(a);
    if (ts.isObjectLiteralExpression(e)) {
      if (hasSpread(e) || objectProperty(e, 'agent')) return;
    } else if (ts.isIdentifier(e) && !file.scopes.resolve(e)?.init) {
      // An options object from elsewhere may carry an agent.
      if (!/url|uri|href|endpoint/i.test(e.text)) return;
    } else if (!ts.isStringLiteralLike(e) && !ts.isTemplateExpression(e) && !ts.isArrowFunction(e) && !ts.isFunctionExpression(e) && !ts.isNewExpression(e)) {
      return;
    }
  }
  const label = entity;
  const message = fitMessage(
    `\`${label}\` per request: global agent, no keep-alive on Node < 19 (engines "${codeSnippet(range, 20)}"); pass a keep-alive agent`,
    `\`${label}\` per request uses the global agent, without keep-alive on Node < 19; pass a keep-alive agent`,
  );
  const rule = jsRule('js-agent-without-keepalive');
  const note = `**Here:** no agent is given, so \`http.globalAgent\` is used. It keeps connections alive only from Node 19 on, and this package's \`engines.node\` is \`${range}\`, which admits older versions. On those, every request opens and closes a connection.`;
  out.push(withConfidence(createFinding(rule, file.lines, call.getStart(file.sourceFile), call.expression.getEnd(), message, [], note), 'medium'));
}

/** The calls an options object reaches: as a direct argument or through a variable. */
function callsTaking(file: JsFile, obj: ts.ObjectLiteralExpression): ts.CallExpression[] {
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

function agentFalse(file: JsFile, prop: ts.PropertyAssignment, out: Finding[]): void {
  const obj = prop.parent as ts.ObjectLiteralExpression;
  const calls = callsTaking(file, obj);
  let module: 'http' | 'https' | 'any' | undefined;
  for (const c of calls) {
    const entity = file.entities.entityOf(c.expression);
    const m = entity && /^(http|https)\.(request|get)$/.exec(entity);
    if (m) module = module ?? (m[1] as 'http' | 'https');
    else if (entity === 'node-fetch' || entity === 'node-fetch.fetch') module = module ?? 'any';
  }
  if (!module) return;
  const message = '`agent: false` makes a throwaway agent per request, so no connection is reused; pass one shared keep-alive agent';
  out.push(createFinding(jsRule('js-agent-false'), file.lines, prop.getStart(file.sourceFile), prop.getEnd(), message, agentFalseFix(file, prop, module)));
}

function isRequestCall(file: JsFile, call: ts.CallExpression | ts.NewExpression): boolean {
  const entity = file.entities.entityOf(call.expression);
  if (ts.isNewExpression(call)) return entity === 'global.Request' || entity === 'undici.Request' || entity === 'node-fetch.Request';
  if (entity) {
    if (/^(http|https)\.(request|get)$/.test(entity)) return true;
    if (/^(global\.fetch|undici\.(fetch|request|stream)|node-fetch(\.fetch)?|axios(\.\w+)?|got(\.\w+)?|superagent(\.\w+)?|ky(\.\w+)?|needle(\.\w+)?)$/.test(entity)) return true;
  }
  const m = memberName(call.expression);
  return m !== undefined && REQUEST_METHODS.has(m);
}

/** `headers: { Connection: 'close' }` in request options. */
function headerObject(file: JsFile, expr: ts.Expression, out: Finding[], holder?: ts.PropertyAssignment | ts.ShorthandPropertyAssignment): void {
  const obj = objectLiteralOf(file, expr);
  if (!obj) return;
  if (holder) {
    const options = holder.parent as ts.ObjectLiteralExpression;
    const calls = callsTaking(file, options);
    const newCall = outerUse(options).parent;
    const isRequest = calls.some((c) => isRequestCall(file, c)) || (newCall && ts.isNewExpression(newCall) && isRequestCall(file, newCall));
    if (!isRequest) return;
  }
  for (const p of obj.properties) {
    if (!ts.isPropertyAssignment(p)) continue;
    const name = propertyName(p.name);
    const value = skipOuter(p.initializer);
    if (name?.toLowerCase() === 'connection' && ts.isStringLiteralLike(value) && value.text.toLowerCase() === 'close') {
      const message = CONNECTION_CLOSE_MESSAGE;
      out.push(createFinding(jsRule('js-connection-close'), file.lines, p.getStart(file.sourceFile), p.getEnd(), message, removeConnectionCloseFix(file, p)));
    }
  }
}

/** `req.setHeader('Connection', 'close')` on a client request, `headers.set(...)` on a Headers object. */
function setHeaderCall(file: JsFile, call: ts.CallExpression, out: Finding[]): void {
  const m = memberName(call.expression);
  if (m !== 'setHeader' && m !== 'set' && m !== 'append') return;
  const [k, v] = call.arguments.map((a) => skipOuter(a));
  if (!k || !v || !ts.isStringLiteralLike(k) || !ts.isStringLiteralLike(v)) return;
  if (k.text.toLowerCase() !== 'connection' || v.text.toLowerCase() !== 'close') return;
  const receiver = file.entities.entityOf((call.expression as ts.PropertyAccessExpression).expression);
  const ok = m === 'setHeader' ? !!receiver && /^(http|https)\.(request|get)\(\)$/.test(receiver) : receiver === 'new global.Headers' || receiver === 'new undici.Headers';
  if (!ok) return;
  const message = CONNECTION_CLOSE_MESSAGE;
  out.push(createFinding(jsRule('js-connection-close'), file.lines, call.getStart(file.sourceFile), call.getEnd(), message, removeConnectionCloseFix(file, call)));
}

export interface ServerSettings {
  /** The server object's variable, if bound. */
  binding?: ts.Identifier;
  keepAlive?: { value: number | undefined; node: ts.Expression; assignment: ts.Node };
  headers?: { value: number | undefined; node: ts.Expression; assignment: ts.Node };
  options?: ts.ObjectLiteralExpression;
  fastify: boolean;
}

function serverSettings(file: JsFile, server: ts.Expression): ServerSettings {
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
function valueWithKeepAlive(expr: ts.Expression, server: string, keepAlive: number | undefined, lookup: (id: ts.Identifier) => ts.Expression | undefined): number | undefined {
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

const NODE_DEFAULT_KEEP_ALIVE_MS = NODE_DEFAULT_KEEP_ALIVE_TIMEOUT_MS;
const NODE_DEFAULT_HEADERS_MS = NODE_DEFAULT_HEADERS_TIMEOUT_MS;
const FASTIFY_DEFAULT_KEEP_ALIVE_MS = 72000;

function seconds(ms: number): string {
  return `${+(ms / 1000).toFixed(3)} s`;
}

function serverTimeouts(file: JsFile, server: ts.Expression, options: AnalysisOptions, out: Finding[]): void {
  const s = serverSettings(file, server);
  const keepAlive = s.keepAlive ? s.keepAlive.value : s.fastify ? FASTIFY_DEFAULT_KEEP_ALIVE_MS : NODE_DEFAULT_KEEP_ALIVE_MS;
  const headers = s.headers ? s.headers.value : NODE_DEFAULT_HEADERS_MS;
  const calleeEnd = (server as ts.CallExpression).expression.getEnd();
  if (!s.fastify && keepAlive !== undefined && headers !== undefined && (s.keepAlive || s.headers) && headers <= keepAlive) {
    const at = s.headers ? s.headers.assignment : s.keepAlive!.assignment;
    const message = fitMessage(
      `\`headersTimeout\` (${seconds(headers)}${s.headers ? '' : ', default'}) is not above \`keepAliveTimeout\` (${seconds(keepAlive)}${s.keepAlive ? '' : ', default'}): reused connections can be reset; raise headersTimeout`,
      `\`headersTimeout\` (${seconds(headers)}) is not above \`keepAliveTimeout\` (${seconds(keepAlive)}); set headersTimeout above it`,
    );
    out.push(createFinding(jsRule('js-server-timeouts'), file.lines, at.getStart(file.sourceFile), at.getEnd(), message, serverTimeoutFix(file, s, keepAlive)));
  }
  const lb = options.loadBalancerIdleTimeoutSeconds;
  if (lb !== undefined && lb > 0 && keepAlive !== undefined && keepAlive <= lb * 1000) {
    const start = s.keepAlive ? s.keepAlive.assignment.getStart(file.sourceFile) : server.getStart(file.sourceFile);
    const end = s.keepAlive ? s.keepAlive.assignment.getEnd() : calleeEnd;
    const message = fitMessage(
      `\`keepAliveTimeout\` ${seconds(keepAlive)}${s.keepAlive ? '' : ` (${s.fastify ? "fastify's" : "Node's"} default)`} is below the load balancer's ${lb} s idle timeout (502s); set it above ${lb} s`,
    );
    out.push(createFinding(jsRule('js-lb-keepalive-timeout'), file.lines, start, end, message, lbTimeoutFix(file, server, s, lb)));
  }
}
