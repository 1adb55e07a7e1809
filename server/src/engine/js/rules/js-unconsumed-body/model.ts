import ts = require('typescript');
import { findLeaks, type Leak } from '../../jsBodyFlow';
import { ABSENT, OPEN } from '../../../leakPath';
import type { JsFile } from '../../jsFile';
import { responseModelOf, type ResponseApi } from '../../jsLibraries';
import { codeSnippet } from '../../jsMessages';
import { isFunctionLike, memberName, outerUse, skipOuter, type FunctionLike, walkNodes } from '../../jsSyntax';

/**
 * What js-unconsumed-body recognises: responses of node:http(s) `get`/`request`, `fetch` (global, undici,
 * node-fetch) and undici `request()` whose body is neither consumed nor cancelled on every path.
 */

const META: Record<ResponseApi, Set<string>> = {
  node: new Set(['statusCode', 'statusMessage', 'headers', 'headersDistinct', 'rawHeaders', 'httpVersion', 'trailers', 'rawTrailers', 'complete', 'aborted', 'url', 'method', 'setEncoding', 'setTimeout']),
  fetch: new Set(['status', 'ok', 'statusText', 'headers', 'url', 'redirected', 'type', 'bodyUsed']),
  'node-fetch': new Set(['status', 'ok', 'statusText', 'headers', 'url', 'redirected', 'type', 'bodyUsed', 'size', 'timeout']),
  undici: new Set(['statusCode', 'headers', 'trailers', 'opaque', 'context']),
  'undici-body': new Set(['bodyUsed', 'readable', 'locked']),
  // axios with `responseType: 'stream'`: `data` is the node:http response stream, to be read or destroyed.
  'axios-stream': new Set(['status', 'statusText', 'headers', 'config', 'request']),
};

/** Calls on a body that read or release it. */
const BODY_RELEASE = new Set(['cancel', 'destroy', 'dump', 'pipe', 'pipeTo', 'pipeThrough', 'getReader', 'tee', 'text', 'json', 'arrayBuffer', 'blob', 'bytes', 'formData', 'resume', 'read', 'on', 'once', 'addListener', 'values', 'toArray']);

const NON_CONSUMING_EVENTS = new Set(['end', 'close', 'error', 'aborted']);

export interface BodyLeak {
  api: ResponseApi;
  /** The response variable or parameter, when it has a name. */
  name?: ts.Identifier;
  /** For responses without a name: how the body gets lost. */
  unnamed?: 'discarded' | 'status-only' | 'ignored';
  /** The function whose paths leak (for `await` vs `void` in fixes). */
  owner?: FunctionLike;
  leaks: Leak[];
  /** Where to report. */
  anchor: ts.Node;
  /** Offsets of uses that read or release the body (a fix must not cancel a body another path already read). */
  consumingAt?: number[];
  /** The uses themselves. */
  consumingRefs?: ts.Identifier[];
  callLabel: string;
  /** The request call and its canonical entity (for the library model). */
  call?: ts.CallExpression;
  entity?: string;
  /** For a response returned by workspace wrappers: the functions it passed through. */
  via?: string[];
}

/** Every response whose body is left unread on some path, as the rule reports them. */
export function findBodyLeaks(file: JsFile): BodyLeak[] {
  const found: BodyLeak[] = [];
  walkNodes(file.sourceFile, (node) => {
    if (ts.isCallExpression(node)) {
      const entity = file.entities.entityOf(node.expression);
      const before = found.length;
      // What the library does with the body: the one table in jsLibraries.ts.
      const model = responseModelOf(entity);
      if (entity && model?.api === 'node') nodeRequest(file, node, entity, found);
      else if (isHeadRequest(node)) {
        // A HEAD response of fetch or undici has no body to release (node:http: see above, it still pins).
      } else if (entity && (model?.api === 'fetch' || model?.api === 'node-fetch')) responseUse(file, node, model.api, entity.replace(/^global\./, ''), found);
      else if (entity && model?.api === 'undici') {
        responseUse(file, node, 'undici', file.textOf(node.expression), found);
      } else if (entity && /^((global|undici)\.fetch|(node-fetch|cross-fetch)(\.fetch)?)\(\)\.clone$/.test(entity)) {
        // `res.clone()`: a second body, teed from the first. Unread, it keeps everything the other branch reads.
        responseUse(file, node, 'fetch', codeSnippet(file.textOf(node.expression), 24), found);
        for (const b of found.slice(before)) Object.assign(b, { call: node, entity: 'clone' });
        return;
      } else if (entity && model?.streamOption && requestsStream(file, node, model.streamOption)) {
        responseUse(file, node, 'axios-stream', codeSnippet(file.textOf(node.expression), 24), found);
      } else if (!model) {
        // A workspace wrapper that hands back an unread response: its caller owns the body.
        const wrapper = file.wrappers.ofCall(node);
        if (wrapper) {
          responseUse(file, node, wrapper.api, `${codeSnippet(file.textOf(node.expression), 24)}()`, found);
          for (const b of found.slice(before)) Object.assign(b, { call: node, entity: wrapper.entity, via: wrapper.via });
          return;
        }
      }
      for (const b of found.slice(before)) Object.assign(b, { call: node, entity });
    }
  });
  // A probably small fetch body left unread in code that runs once (a script) costs one connection, once: silent.
  // A clone read on some path (a fallback) is reported only when no path reads it at all.
  const kept = found.filter((b) => !(b.entity === 'clone' && (b.consumingRefs?.length ?? 0) > 0));
  return kept.filter((b) => !(b.call && likelySmallFetchBody(file, b) && file.contexts.runsOnce(b.call)));
}

/** Words in the URL, the variable or the function that say the body is probably large (a download, a stream, a file). */
const LARGE_BODY_WORDS = new Set(
  'download downloads upload file files export archive backup dump stream streams blob image images video audio media asset assets tarball zip csv pdf binary attachment artifact artifacts bundle snapshot'.split(' '),
);

const LARGE_BODY_EXTENSION = /\.(zip|tar|gz|tgz|csv|pdf|bin|iso|mp4|png|jpe?g|parquet)\b/i;

/** `downloadFile`, `/api/export`, `res_stream` → their words, lower case. */
function words(text: string): string[] {
  return text
    .split(/[^A-Za-z0-9]+|(?<=[a-z0-9])(?=[A-Z])/)
    .filter(Boolean)
    .map((w) => w.toLowerCase());
}

/**
 * fetch and node-fetch release the connection of a small unread body (measured: jsRuntimeFacts.ts). Unless the
 * body is likely large, the finding says so at medium confidence (info).
 */
export function likelySmallFetchBody(file: JsFile, b: BodyLeak): boolean {
  if (responseModelOf(b.entity)?.duty !== 'when-large') return false;
  const call = b.call;
  const args = call ? call.arguments.map((a) => file.textOf(a)).join(' ') : '';
  const texts = [args, b.name?.text ?? '', b.owner?.name ? file.textOf(b.owner.name) : ''];
  return !LARGE_BODY_EXTENSION.test(args) && !texts.some((t) => words(t).some((w) => LARGE_BODY_WORDS.has(w)));
}

/** http.get(url, res => ...), http.request(...).on('response', res => ...). */
function nodeRequest(file: JsFile, call: ts.CallExpression, entity: string, out: BodyLeak[]): void {
  const label = entity;
  const last = call.arguments[call.arguments.length - 1];
  if (last) responseCallback(file, last, 'node', label, call, out);
  const use = outerUse(call);
  const p = use.parent;
  if (p && ts.isPropertyAccessExpression(p) && p.expression === use) responseListener(file, p, label, out);
  if (p && ts.isVariableDeclaration(p) && p.initializer === use && ts.isIdentifier(p.name)) {
    const decl = file.scopes.declarationOf(p.name);
    if (decl) {
      for (const ref of file.scopes.referencesOf(decl)) {
        const rp = ref.parent;
        if (ts.isPropertyAccessExpression(rp) && rp.expression === ref) responseListener(file, rp, label, out);
      }
    }
  }
}

/** `req.on('response', cb)` / `req.once('response', cb)`. */
function responseListener(file: JsFile, access: ts.PropertyAccessExpression, label: string, out: BodyLeak[]): void {
  const call = access.parent;
  if (!ts.isCallExpression(call) || call.expression !== access) return;
  if (!['on', 'once', 'addListener', 'prependListener'].includes(access.name.text)) return;
  const ev = call.arguments[0] && skipOuter(call.arguments[0]);
  if (!ev || !ts.isStringLiteralLike(ev) || ev.text !== 'response' || !call.arguments[1]) return;
  responseCallback(file, call.arguments[1], 'node', label, call, out);
}

/** The response arrives as a callback's first parameter. */
function responseCallback(file: JsFile, arg: ts.Expression, api: ResponseApi, label: string, call: ts.CallExpression, out: BodyLeak[]): void {
  let fn: FunctionLike | undefined;
  const e = skipOuter(arg);
  if (ts.isArrowFunction(e) || ts.isFunctionExpression(e)) fn = e;
  else if (ts.isIdentifier(e)) fn = file.contexts.localFunction(e);
  if (!fn?.body) return;
  const param = fn.parameters[0];
  if (!param) {
    // A response handler that ignores its response never frees the socket.
    if (api === 'node') out.push({ api, unnamed: 'ignored', leaks: [], anchor: call.expression, callLabel: label, owner: fn });
    return;
  }
  if (!ts.isIdentifier(param.name)) return; // destructured: treat as handled
  const decl = file.scopes.declarationOf(param.name);
  if (!decl) return;
  const consumingNodes = file.scopes.referencesOf(decl).filter((r) => isConsuming(r, api));
  const consuming = positions(file, consumingNodes);
  const refSet = new Set(file.scopes.referencesOf(decl));
  const leaks = findLeaks(fn.body, OPEN, { creates: () => false, consumes: (n) => containsAny(consuming, n), nothingToRelease: (c) => nullBodyBranch(c, refSet, api) });
  if (leaks.length) out.push({ api, name: param.name, owner: fn, leaks, anchor: param.name, callLabel: label, consumingAt: consuming, consumingRefs: consumingNodes });
}

/** How a fetch / undici.request result is used. */
function responseUse(file: JsFile, call: ts.CallExpression, api: ResponseApi, label: string, out: BodyLeak[]): void {
  const use = chainedValue(file, call);
  const p = use.parent;
  if (!p) return;
  if (ts.isVariableDeclaration(p) && p.initializer === use) {
    if (ts.isIdentifier(p.name)) {
      trackVariable(file, p.name, p, api, label, out);
      return;
    }
    if (ts.isObjectBindingPattern(p.name)) {
      const els = p.name.elements;
      if (els.some((el) => el.dotDotDotToken)) return;
      const bodyEl = els.find((el) => (el.propertyName ? propertyText(el.propertyName) : ts.isIdentifier(el.name) ? el.name.text : undefined) === 'body');
      if (bodyEl) {
        if (ts.isIdentifier(bodyEl.name)) trackVariable(file, bodyEl.name, p, api === 'undici' ? 'undici-body' : 'undici-body', label, out);
        return;
      }
      const meta = META[api];
      const allMeta = els.every((el) => meta.has((el.propertyName ? propertyText(el.propertyName) : ts.isIdentifier(el.name) ? el.name.text : '') ?? ''));
      if (allMeta) out.push({ api, unnamed: 'status-only', leaks: [], anchor: call.expression, callLabel: label, owner: enclosingFn(call) });
    }
    return;
  }
  if (ts.isBinaryExpression(p) && p.right === use && p.operatorToken.kind === ts.SyntaxKind.EqualsToken && ts.isIdentifier(p.left)) {
    const decl = file.scopes.resolve(p.left);
    const stmt = enclosingStatement(p);
    if (decl && stmt) trackVariable(file, decl.id, stmt, api, label, out, p.left);
    return;
  }
  if (ts.isExpressionStatement(p) || (ts.isVoidExpression(p) && ts.isExpressionStatement(p.parent))) {
    out.push({ api, unnamed: 'discarded', leaks: [], anchor: call.expression, callLabel: label, owner: enclosingFn(call) });
    return;
  }
  if (ts.isPropertyAccessExpression(p) && p.expression === use) {
    const name = p.name.text;
    if (name === 'then') {
      const cbCall = p.parent;
      if (ts.isCallExpression(cbCall) && cbCall.expression === p && cbCall.arguments[0]) responseCallback(file, cbCall.arguments[0], api, label, call, out);
      return;
    }
    if (META[api].has(name)) out.push({ api, unnamed: 'status-only', leaks: [], anchor: call.expression, callLabel: label, owner: enclosingFn(call) });
  }
}

function trackVariable(file: JsFile, id: ts.Identifier, creation: ts.Node, api: ResponseApi, label: string, out: BodyLeak[], anchor: ts.Node = id): void {
  const decl = file.scopes.declarationOf(id) ?? file.scopes.resolve(id);
  if (!decl) return;
  const refs = file.scopes.referencesOf(decl).filter((r) => r.pos >= creation.end || !(r.pos >= creation.pos && r.end <= creation.end));
  const consumingNodes = refs.filter((r) => isConsuming(r, api));
  const consuming = positions(file, consumingNodes);
  const owner = enclosingFn(creation);
  const body: ts.ConciseBody | ts.SourceFile | undefined = owner ? owner.body : file.sourceFile;
  if (!body) return;
  // Assigned to a variable of an enclosing function (or the module, from a function): handed outward.
  if (owner && !(decl.id.pos >= owner.pos && decl.id.end <= owner.end)) return;
  const leaks = findLeaks(body, ABSENT, {
    declaredAt: decl.id,
    creates: (n) => creation.pos >= n.pos && creation.end <= n.end,
    consumes: (n) => containsAny(consuming, n),
    nothingToRelease: (c) => nullBodyBranch(c, new Set(refs), api),
  });
  if (leaks.length) out.push({ api, name: ts.isIdentifier(anchor) ? anchor : id, owner, leaks, anchor, callLabel: label, consumingAt: consuming, consumingRefs: consumingNodes });
}

/**
 * The expression that carries the response on: `fetch(u).catch(() => null)` and `.finally(...)` pass it through
 * unchanged on success (the rejection handler's value is not a response).
 */
function chainedValue(file: JsFile, call: ts.CallExpression): ts.Expression {
  let use = outerUse(call);
  for (;;) {
    const p = use.parent;
    if (p && ts.isPropertyAccessExpression(p) && p.expression === use && (p.name.text === 'catch' || p.name.text === 'finally') && ts.isCallExpression(p.parent) && p.parent.expression === p) {
      use = outerUse(p.parent);
    } else if (p && ts.isArrayLiteralExpression(p) && p.parent && ts.isCallExpression(p.parent) && p.parent.arguments[0] === p && isRace(file, p.parent)) {
      // `await Promise.race([fetch(u), timeout(ms)])`: when the fetch wins, the race's value is its response.
      use = outerUse(p.parent);
    } else return use;
  }
}

function isRace(file: JsFile, call: ts.CallExpression): boolean {
  const entity = file.entities.entityOf(call.expression);
  return entity === 'global.Promise.race' || entity === 'global.Promise.any';
}

/** Sorted start offsets of the uses that read, release or hand on the response. */
function positions(file: JsFile, refs: readonly ts.Identifier[]): number[] {
  return refs.map((r) => r.getStart(file.sourceFile)).sort((a, b) => a - b);
}

function isConsuming(ref: ts.Identifier, api: ResponseApi): boolean {
  const use = outerUse(ref);
  const p = use.parent;
  if (!p) return false;
  if ((ts.isPropertyAccessExpression(p) || ts.isElementAccessExpression(p)) && p.expression === use) {
    const name = memberName(p);
    if (name === undefined) return true;
    if (name === 'body' && api !== 'node' && api !== 'axios-stream') return bodyUseConsumes(p);
    if (name === 'data' && api === 'axios-stream') return bodyUseConsumes(p);
    if (api === 'node' || api === 'undici-body') {
      if (['on', 'once', 'addListener', 'prependListener'].includes(name)) {
        const call = p.parent;
        const ev = ts.isCallExpression(call) && call.arguments[0] ? skipOuter(call.arguments[0]) : undefined;
        if (ev && ts.isStringLiteralLike(ev) && NON_CONSUMING_EVENTS.has(ev.text)) return false;
        return true;
      }
    }
    return !META[api].has(name);
  }
  return !isTestOnly(use);
}

/** `res.body` followed by a release call, or handed on; `if (!res.body)` is not consumption. */
function bodyUseConsumes(access: ts.Expression): boolean {
  const use = outerUse(access);
  const p = use.parent;
  if ((ts.isPropertyAccessExpression(p) || ts.isElementAccessExpression(p)) && p.expression === use) {
    const name = memberName(p);
    return name === undefined || BODY_RELEASE.has(name);
  }
  return !isTestOnly(use);
}

/** `!res`, `res === null`, `if (res)`, `typeof res`: looks at the value without using it. */
function isTestOnly(use: ts.Expression): boolean {
  const p = use.parent;
  if (!p) return false;
  if (ts.isPrefixUnaryExpression(p) && p.operator === ts.SyntaxKind.ExclamationToken) return true;
  if (ts.isTypeOfExpression(p)) return true;
  if (ts.isBinaryExpression(p)) {
    const k = p.operatorToken.kind;
    if (
      k === ts.SyntaxKind.EqualsEqualsEqualsToken ||
      k === ts.SyntaxKind.ExclamationEqualsEqualsToken ||
      k === ts.SyntaxKind.EqualsEqualsToken ||
      k === ts.SyntaxKind.ExclamationEqualsToken ||
      k === ts.SyntaxKind.InstanceOfKeyword
    )
      return true;
    if ((k === ts.SyntaxKind.AmpersandAmpersandToken || k === ts.SyntaxKind.BarBarToken) && p.left === use) return true;
  }
  if (ts.isIfStatement(p) && p.expression === use) return true;
  if (ts.isConditionalExpression(p) && p.condition === use) return true;
  if (ts.isExpressionStatement(p)) return true;
  return false;
}

function containsAny(sortedPositions: number[], node: ts.Node): boolean {
  // Binary search for the first position >= node.pos.
  let lo = 0;
  let hi = sortedPositions.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (sortedPositions[mid] < node.pos) lo = mid + 1;
    else hi = mid;
  }
  return lo < sortedPositions.length && sortedPositions[lo] < node.end;
}

function enclosingFn(node: ts.Node): FunctionLike | undefined {
  for (let p = node.parent; p; p = p.parent) if (isFunctionLike(p)) return p;
  return undefined;
}

function enclosingStatement(node: ts.Node): ts.Statement | undefined {
  for (let p: ts.Node | undefined = node; p; p = p.parent) if (ts.isExpressionStatement(p) || ts.isVariableStatement(p)) return p;
  return undefined;
}

function propertyText(name: ts.PropertyName): string | undefined {
  return ts.isIdentifier(name) || ts.isStringLiteral(name) ? name.text : undefined;
}

/** `if (!res.body)` / `if (res.body === null)` / `if (!res)`: the branch where nothing needs releasing. */
function nullBodyBranch(cond: ts.Expression, refs: ReadonlySet<ts.Identifier>, api: ResponseApi): 'then' | 'else' | undefined {
  let e = skipOuter(cond);
  let negated = false;
  if (ts.isPrefixUnaryExpression(e) && e.operator === ts.SyntaxKind.ExclamationToken) {
    negated = true;
    e = skipOuter(e.operand);
  } else if (ts.isBinaryExpression(e) && isNullish(e.right)) {
    const k = e.operatorToken.kind;
    if (k === ts.SyntaxKind.EqualsEqualsEqualsToken || k === ts.SyntaxKind.EqualsEqualsToken) negated = true;
    else if (k !== ts.SyntaxKind.ExclamationEqualsEqualsToken && k !== ts.SyntaxKind.ExclamationEqualsToken) return undefined;
    e = skipOuter(e.left);
  }
  const isRef = (x: ts.Expression) => ts.isIdentifier(x) && refs.has(x);
  // `if (!res.bodyUsed) ...`: where the body was already used there is nothing left to release.
  if (ts.isPropertyAccessExpression(e) && e.name.text === 'bodyUsed' && isRef(skipOuter(e.expression))) return negated ? 'else' : 'then';
  if (ts.isPropertyAccessExpression(e) && e.name.text === 'bodyUsed' && ts.isPropertyAccessExpression(skipOuter(e.expression))) {
    const inner = skipOuter(e.expression) as ts.PropertyAccessExpression;
    if (inner.name.text === 'body' && isRef(skipOuter(inner.expression))) return negated ? 'else' : 'then';
  }
  const isBody = ts.isPropertyAccessExpression(e) && e.name.text === 'body' && api !== 'node' && isRef(skipOuter(e.expression));
  if (!isBody && !isRef(e)) return undefined;
  return negated ? 'then' : 'else';
}

function isNullish(e: ts.Expression): boolean {
  const x = skipOuter(e);
  return x.kind === ts.SyntaxKind.NullKeyword || (ts.isIdentifier(x) && x.text === 'undefined');
}

/** `axios.get(url, { responseType: 'stream' })`: an options object (inline or a const) asks for a stream. */
function requestsStream(file: JsFile, call: ts.CallExpression, option: { name: string; value: string }): boolean {
  return call.arguments.some((a) => {
    let o = skipOuter(a);
    if (ts.isIdentifier(o)) {
      const d = file.scopes.resolve(o);
      o = d?.kind === 'const' && d.init && !(d.path?.length) ? skipOuter(d.init) : o;
    }
    if (!ts.isObjectLiteralExpression(o)) return false;
    return o.properties.some((p) => ts.isPropertyAssignment(p) && ts.isIdentifier(p.name) && p.name.text === option.name && ts.isStringLiteralLike(skipOuter(p.initializer)) && (skipOuter(p.initializer) as ts.StringLiteral).text === option.value);
  });
}

/** `fetch(url, { method: 'HEAD' })`, `request(url, { method: 'head' })`. */
function isHeadRequest(call: ts.CallExpression): boolean {
  return call.arguments.some((a) => {
    const o = skipOuter(a);
    if (!ts.isObjectLiteralExpression(o)) return false;
    return o.properties.some((p) => ts.isPropertyAssignment(p) && ts.isIdentifier(p.name) && p.name.text === 'method' && ts.isStringLiteralLike(skipOuter(p.initializer)) && (skipOuter(p.initializer) as ts.StringLiteral).text.toUpperCase() === 'HEAD');
  });
}
