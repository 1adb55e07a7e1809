import type { Fix } from '../finding';
import { deleteStatementLines, insertLineAfter } from './goEditText';
import { libraryConstructor } from './goLibraryModels';
import { code } from './goMessageText';
import { freshTransport } from './rules/go-per-request-client/model';
import type { GoFileContext } from './goFileContext';
import { isMultiline, readKeyedLiteral, renderKeyedBody, type KeyedEntry } from './goLiteralText';
import { child, namedChildren, unparen, walk, type GoNode } from './goTree';
import { enclosingFunction, isHandlerShaped, isNamedType, isQualifiedName, localContext, parameters } from './goTypes';
import type { Report } from './rules/go-unclosed-body/model';


/**
 * A transport literal that lives long and serves many requests: declared at package level, or stored
 * in a field / returned from a constructor outside per-request code. Local transports in main or in
 * one-shot functions may be single-use on purpose and are left alone.
 */
function isShared(ctx: GoFileContext, literal: GoNode): boolean {
  if (ctx.perRequest(literal)) return false;
  if (localContext(ctx.tree, ctx.imports, literal).kind === 'once' && !enclosingFunction(literal)) return true;
  // Climb through the value: &T{...}, client literal fields, parentheses.
  let n = literal;
  for (let p = n.parent; p; n = p, p = p.parent) {
    if (['unary_expression', 'parenthesized_expression', 'literal_element', 'keyed_element', 'literal_value', 'composite_literal'].includes(p.type)) {
      if (p.type === 'literal_value' && p.parent && !isNamedType(ctx.tree, ctx.imports, child(p.parent, 'type'), 'net/http', 'Client', false)) return true; // stored in a struct
      continue;
    }
    if (p.type === 'return_statement' || (p.type === 'expression_list' && p.parent?.type === 'return_statement')) return true;
    if (p.type === 'expression_list' && p.field === 'right' && p.parent?.type === 'assignment_statement') {
      const t = namedChildren(child(p.parent, 'left') ?? p.parent)[namedChildren(p).indexOf(n)];
      return !!t && (t.type === 'selector_expression' || t.type === 'index_expression' || (t.type === 'identifier' && ctx.summary.packageVars.has(ctx.text(t))));
    }
    return false;
  }
  return false;
}

const MEDIUM_CONCURRENCY_NOTE =
  '**Medium confidence:** nothing in this file shows concurrent requests (a `go` statement, a handler, errgroup); the churn needs more than 2 at once to one host.\n\n';

const concurrencyCache = new WeakMap<GoNode, boolean>();

/**
 * Evidence in the file that requests run concurrently: a `go` statement, an HTTP handler, or errgroup.
 * Without it, "more than 2 concurrent requests to one host" is an assumption: the finding is medium.
 */
function showsConcurrency(ctx: GoFileContext): boolean {
  const root = ctx.tree.root;
  let cached = concurrencyCache.get(root);
  if (cached !== undefined) return cached;
  cached = ctx.imports.has('golang.org/x/sync/errgroup');
  if (!cached) walk(root, (n) => {
    if (cached) return false;
    if (n.type === 'go_statement') cached = true;
    else if ((n.type === 'function_declaration' || n.type === 'method_declaration' || n.type === 'func_literal') && isHandlerShaped(ctx.tree, ctx.imports, n)) cached = true;
  });
  concurrencyCache.set(root, cached);
  return cached;
}

function entryNode(ctx: GoFileContext, literal: GoNode, key: string): GoNode | undefined {
  return namedChildren(child(literal, 'body') ?? literal).find((el) => el.type === 'keyed_element' && ctx.text(child(el, 'key')) === key);
}

function valueText(ctx: GoFileContext, el: GoNode | undefined): string | undefined {
  const v = el && child(el, 'value');
  return v ? ctx.text(v).trim() : undefined;
}

/** Adds `MaxIdleConnsPerHost` (same value) after a `MaxIdleConns` above the default, when missing. */
function addPerHost(entries: KeyedEntry[]): KeyedEntry[] {
  if (entries.some((e) => e.key === 'MaxIdleConnsPerHost')) return entries;
  const out: KeyedEntry[] = [];
  for (const e of entries) {
    out.push(e);
    if (e.key === 'MaxIdleConns' && !/^[0-2]$/.test(e.value.trim())) out.push({ key: 'MaxIdleConnsPerHost', value: e.value, baseIndent: e.baseIndent });
  }
  return out;
}

function rewriteLiteral(ctx: GoFileContext, literal: GoNode, change: (entries: KeyedEntry[]) => KeyedEntry[]): Fix['edits'] | undefined {
  const parsed = readKeyedLiteral(ctx, literal);
  const body = child(literal, 'body');
  if (!parsed || !body) return undefined;
  const indent = ctx.indentAt(literal.start);
  return [{ start: body.start, end: body.end, newText: renderKeyedBody(change(parsed.entries), indent, isMultiline(ctx, literal), parsed.leadComment) }];
}

export function checkKeepAlive(ctx: GoFileContext, report: Report): void {
  walk(ctx.tree.root, (n) => {
    if (n.type === 'composite_literal' && isNamedType(ctx.tree, ctx.imports, child(n, 'type'), 'net/http', 'Transport', false)) {
      checkTransportLiteral(ctx, n, report);
      return;
    }
    if (n.type === 'assignment_statement') {
      checkRequestClose(ctx, n, report);
      checkMaxIdleAssignment(ctx, n, report);
      checkKeepAliveAssignment(ctx, n, report);
    }
    else if (n.type === 'expression_statement') checkConnectionHeader(ctx, n, report);
    else if (n.type === 'call_expression') checkLibraryKeepAlives(ctx, n, report);
    else if (n.type === 'unary_expression') checkDefaultTransportCopy(ctx, n, report);
  });
}

function checkTransportLiteral(ctx: GoFileContext, literal: GoNode, report: Report): void {
  if (ctx.isTestFile || !isShared(ctx, literal)) return;
  const disable = entryNode(ctx, literal, 'DisableKeepAlives');
  if (disable && valueText(ctx, disable) === 'true') {
    // With keep-alives back on, a raised MaxIdleConns needs its per-host twin (else the next rule fires).
    const edits = rewriteLiteral(ctx, literal, (es) => addPerHost(es.filter((e) => e.key !== 'DisableKeepAlives')));
    report(
      'go-disable-keepalives',
      disable,
      'DisableKeepAlives: true on a shared transport dials a new connection for every request; remove it',
      // Never preferred: DisableKeepAlives is sometimes deliberate, and removing it changes more than a socket.
      edits ? [{ title: 'Remove DisableKeepAlives: true (keep connections alive)', preferred: false, edits }] : [],
    );
    return;
  }
  const perHost = entryNode(ctx, literal, 'MaxIdleConnsPerHost');
  if (perHost && /^-\s*1$/.test(valueText(ctx, perHost) ?? '')) {
    // Without -1 a raised MaxIdleConns needs its per-host twin (else the next rule fires): the fix sets it.
    const edits = rewriteLiteral(ctx, literal, (es) => addPerHost(es.filter((e) => e.key !== 'MaxIdleConnsPerHost')));
    report(
      'go-disable-keepalives',
      perHost,
      'MaxIdleConnsPerHost: -1 keeps no idle connection, so every request dials a new one; remove it or set a limit',
      edits ? [{ title: 'Replace MaxIdleConnsPerHost: -1 (keep idle connections)', preferred: false, edits }] : [],
    );
    return;
  }
  const maxIdle = entryNode(ctx, literal, 'MaxIdleConns');
  const maxIdleValue = valueText(ctx, maxIdle);
  if (!maxIdle || !maxIdleValue || entryNode(ctx, literal, 'MaxIdleConnsPerHost')) return;
  if (/^[0-2]$/.test(maxIdleValue)) return; // at or below the per-host default: nothing is lost
  const edits = rewriteLiteral(ctx, literal, addPerHost);
  report(
    'go-max-idle-conns-per-host',
    maxIdle,
    `MaxIdleConns is ${code(maxIdleValue, 24)} but MaxIdleConnsPerHost stays at 2, so idle connections churn; set it to match`,
    edits ? [{ title: `Set MaxIdleConnsPerHost: ${maxIdleValue}`, preferred: true, edits }] : [],
    showsConcurrency(ctx) ? undefined : MEDIUM_CONCURRENCY_NOTE,
    showsConcurrency(ctx) ? 'high' : 'medium',
  );
}

/**
 * `t.MaxIdleConns = 100` on a transport made in this function (a Clone of the default one, a literal)
 * that outlives it (returned or stored), with no `t.MaxIdleConnsPerHost` set anywhere in the function.
 */
function checkMaxIdleAssignment(ctx: GoFileContext, stmt: GoNode, report: Report): void {
  if (ctx.isTestFile || ctx.text(child(stmt, 'operator')) !== '=') return;
  const left = namedChildren(child(stmt, 'left') ?? stmt);
  const right = namedChildren(child(stmt, 'right') ?? stmt);
  if (left.length !== 1 || right.length !== 1) return;
  const target = left[0];
  if (target.type !== 'selector_expression' || ctx.text(child(target, 'field')) !== 'MaxIdleConns') return;
  const operand = child(target, 'operand');
  const value = ctx.text(right[0]).trim();
  if (operand?.type !== 'identifier' || /^[0-2]$/.test(value)) return;
  const name = ctx.text(operand);
  const fn = enclosingFunction(stmt);
  const body = fn && child(fn, 'body');
  if (!body || ctx.perRequest(stmt)) return;
  let madeHere = false;
  let perHost = false;
  let outlives = false;
  walk(body, (n) => {
    if (n.type === 'short_var_declaration' || n.type === 'assignment_statement') {
      const targets = namedChildren(child(n, 'left') ?? n);
      const values = namedChildren(child(n, 'right') ?? n);
      targets.forEach((t, i) => {
        if (ctx.text(t) === name && values[i] && freshTransport(ctx, values[i])) madeHere = true;
        if (ctx.text(t) === `${name}.MaxIdleConnsPerHost`) perHost = true;
        if ((t.type === 'selector_expression' || t.type === 'index_expression') && values[i] && mentionsName(ctx, values[i], name)) outlives = true;
      });
    }
    if (n.type === 'return_statement' && mentionsName(ctx, n, name)) outlives = true;
  });
  if (!madeHere || perHost || !outlives) return;
  const indent = ctx.indentAt(stmt.start);
  report(
    'go-max-idle-conns-per-host',
    stmt,
    `MaxIdleConns is ${code(value, 24)} but MaxIdleConnsPerHost stays at 2, so idle connections churn; set it to match`,
    [{ title: `Set ${name}.MaxIdleConnsPerHost = ${value}`, preferred: true, edits: [insertLineAfter(ctx, stmt, `${name}.MaxIdleConnsPerHost = ${value}`, indent)] }],
    showsConcurrency(ctx) ? undefined : MEDIUM_CONCURRENCY_NOTE,
    showsConcurrency(ctx) ? 'high' : 'medium',
  );
}

/** `http.DefaultTransport.(*http.Transport)`: the process-wide default transport itself (not a copy). */
function isDefaultTransportItself(ctx: GoFileContext, expr: GoNode | undefined): boolean {
  const e = unparen(expr);
  return (
    e?.type === 'type_assertion_expression' &&
    isQualifiedName(ctx.tree, ctx.imports, child(e, 'operand'), 'net/http', 'DefaultTransport') &&
    isNamedType(ctx.tree, ctx.imports, child(e, 'type'), 'net/http', 'Transport', true)
  );
}

/**
 * Which transport `operand` of `operand.Field = value` is: the default transport (directly or through a
 * local), a package-level transport, a transport made in this function that outlives it, or unknown.
 */
function sharedTransportTarget(ctx: GoFileContext, stmt: GoNode, operand: GoNode | undefined): 'default' | 'shared' | undefined {
  if (isDefaultTransportItself(ctx, operand)) return 'default';
  if (operand?.type !== 'identifier') return undefined;
  const name = ctx.text(operand);
  const fn = enclosingFunction(stmt);
  const body = fn && child(fn, 'body');
  if (!body) return ctx.summary.packageVars.has(name) ? 'shared' : undefined;
  let source: 'default' | 'fresh' | 'other' | undefined;
  let outlives = false;
  walk(body, (n) => {
    if (n.type === 'short_var_declaration' || n.type === 'assignment_statement') {
      const targets = namedChildren(child(n, 'left') ?? n);
      const values = namedChildren(child(n, 'right') ?? n);
      targets.forEach((t, i) => {
        if (ctx.text(t) !== name || !values[i]) return;
        const value = values[i];
        source = isDefaultTransportItself(ctx, value) ? 'default' : freshTransport(ctx, value) ? 'fresh' : 'other';
      });
      targets.forEach((t, i) => {
        if ((t.type === 'selector_expression' || t.type === 'index_expression') && values[i] && mentionsName(ctx, values[i], name)) outlives = true;
      });
    }
    if (n.type === 'return_statement' && mentionsName(ctx, n, name)) outlives = true;
  });
  if (source === 'default') return 'default';
  if (source === 'fresh') return outlives && !ctx.perRequest(stmt) ? 'shared' : undefined;
  if (source === undefined && ctx.summary.packageVars.has(name)) return 'shared';
  return undefined;
}

/**
 * `t.DisableKeepAlives = true` or `t.MaxIdleConnsPerHost = -1` on the default transport (directly or through a
 * local), a package-level transport, or one a constructor returns or stores.
 */
function checkKeepAliveAssignment(ctx: GoFileContext, stmt: GoNode, report: Report): void {
  if (ctx.isTestFile || ctx.text(child(stmt, 'operator')) !== '=') return;
  const left = namedChildren(child(stmt, 'left') ?? stmt);
  const right = namedChildren(child(stmt, 'right') ?? stmt);
  if (left.length !== 1 || right.length !== 1 || left[0].type !== 'selector_expression') return;
  const field = ctx.text(child(left[0], 'field'));
  const value = ctx.text(right[0]).replace(/\s+/g, '');
  const disables = field === 'DisableKeepAlives' && value === 'true';
  const noIdle = field === 'MaxIdleConnsPerHost' && value === '-1';
  if (!disables && !noIdle) return;
  const target = sharedTransportTarget(ctx, stmt, child(left[0], 'operand'));
  if (!target) return;
  const whose = target === 'default' ? 'http.DefaultTransport' : 'a shared transport';
  const del = deleteStatementLines(ctx, stmt);
  report(
    'go-disable-keepalives',
    stmt,
    disables
      ? `DisableKeepAlives = true on ${whose} dials a new connection for every request; remove it`
      : `MaxIdleConnsPerHost = -1 on ${whose} keeps no idle connection; remove it or set a limit`,
    del ? [{ title: `Remove the ${field} setting (keep connections alive)`, preferred: false, edits: [del] }] : [],
  );
}

function mentionsName(ctx: GoFileContext, node: GoNode, name: string): boolean {
  let found = false;
  walk(node, (n) => {
    if (found) return false;
    if (n.type === 'identifier' && ctx.text(n) === name) found = true;
  });
  return found;
}

/** `req.Close = true` on an outgoing request made per request or in a loop. */
function checkRequestClose(ctx: GoFileContext, stmt: GoNode, report: Report): void {
  const left = namedChildren(child(stmt, 'left') ?? stmt);
  const right = namedChildren(child(stmt, 'right') ?? stmt);
  if (left.length !== 1 || right.length !== 1) return;
  const target = left[0];
  // req.Header["Connection"] = []string{"close"}
  if (target.type === 'index_expression' && /^\[\]string\s*\{\s*"close"\s*\}$/i.test(ctx.text(right[0]))) {
    const header = unparen(child(target, 'operand'));
    const key = child(target, 'index');
    if (header?.type !== 'selector_expression' || ctx.text(child(header, 'field')) !== 'Header' || !key || ctx.text(key).toLowerCase() !== '"connection"') return;
    if (!ctx.isRequest(child(header, 'operand')) || !ctx.perRequest(stmt)) return;
    reportConnectionCloseHeader(ctx, stmt, report);
    return;
  }
  if (ctx.text(right[0]) !== 'true') return;
  if (target.type !== 'selector_expression' || ctx.text(child(target, 'field')) !== 'Close') return;
  // `r.Close = true` on a handler's incoming request asks the server to close after replying: not an outgoing request.
  if (isIncomingRequest(ctx, child(target, 'operand'))) return;
  if (!ctx.isRequest(child(target, 'operand')) || !ctx.perRequest(stmt)) return;
  const del = deleteStatementLines(ctx, stmt);
  report(
    'go-connection-close',
    stmt,
    `${code(ctx.text(target), 32)} = true closes the connection after each response of a per-request call; remove it`,
    del ? [{ title: 'Remove req.Close = true (reuse connections)', preferred: true, edits: [del] }] : [],
  );
}

/** The `*http.Request` parameter of the handler the expression sits in (the request being served). */
function isIncomingRequest(ctx: GoFileContext, expr: GoNode | undefined): boolean {
  const id = unparen(expr);
  if (id?.type !== 'identifier') return false;
  const name = ctx.text(id);
  for (let fn = enclosingFunction(id); fn; fn = enclosingFunction(fn)) {
    // Declared or assigned in this function: it may hold a request the handler builds and sends.
    if (declaresLocally(ctx, fn, name)) return false;
    const param = parameters(fn).find((p) => p.name && ctx.text(p.name) === name);
    if (param) return isHandlerShaped(ctx.tree, ctx.imports, fn) && isNamedType(ctx.tree, ctx.imports, param.type, 'net/http', 'Request', true);
  }
  return false;
}

function declaresLocally(ctx: GoFileContext, fn: GoNode, name: string): boolean {
  let found = false;
  walk(child(fn, 'body') ?? fn, (n) => {
    if (found || n.type === 'func_literal') return false;
    if ((n.type === 'short_var_declaration' || n.type === 'assignment_statement') && namedChildren(child(n, 'left') ?? n).some((t) => ctx.text(t) === name)) found = true;
    else if (n.type === 'var_spec' && n.children.some((c) => c.field === 'name' && ctx.text(c) === name)) found = true;
  });
  return found;
}

/** `req.Header.Set("Connection", "close")` (or Add) on an outgoing request made per request or in a loop. */
function checkConnectionHeader(ctx: GoFileContext, stmt: GoNode, report: Report): void {
  const call = namedChildren(stmt)[0];
  if (call?.type !== 'call_expression') return;
  const fn = child(call, 'function');
  if (fn?.type !== 'selector_expression' || !['Set', 'Add'].includes(ctx.text(child(fn, 'field')))) return;
  const header = unparen(child(fn, 'operand'));
  if (header?.type !== 'selector_expression' || ctx.text(child(header, 'field')) !== 'Header') return;
  const args = namedChildren(child(call, 'arguments') ?? call);
  if (args.length !== 2) return;
  const lit = (n: GoNode) => (n.type === 'interpreted_string_literal' ? ctx.text(n).slice(1, -1).toLowerCase() : undefined);
  if (lit(args[0]) !== 'connection' || lit(args[1]) !== 'close') return;
  if (!ctx.isRequest(child(header, 'operand')) || !ctx.perRequest(stmt)) return;
  reportConnectionCloseHeader(ctx, stmt, report);
}

/** Reports a statement that sets a `Connection: close` request header, with the fix that deletes it. */
function reportConnectionCloseHeader(ctx: GoFileContext, stmt: GoNode, report: Report): void {
  const del = deleteStatementLines(ctx, stmt);
  report(
    'go-connection-close',
    stmt,
    'A "Connection: close" header closes the connection after each response of a per-request call; remove it',
    del ? [{ title: 'Remove the Connection: close header (reuse connections)', preferred: true, edits: [del] }] : [],
  );
}

/** A shared client or transport from a library constructor that disables keep-alives (go-cleanhttp's defaults). */
function checkLibraryKeepAlives(ctx: GoFileContext, call: GoNode, report: Report): void {
  const fn = child(call, 'function');
  if (ctx.isTestFile || fn?.type !== 'selector_expression') return;
  const operand = child(fn, 'operand');
  const pkg = operand?.type === 'identifier' ? ctx.imports.pathOf(ctx.text(operand)) : undefined;
  const name = ctx.text(child(fn, 'field'));
  const ctor = pkg ? libraryConstructor(pkg, name) : undefined;
  if (ctor?.keepAlives !== 'disabled' || !isShared(ctx, call)) return;
  const field = child(fn, 'field')!;
  report(
    'go-disable-keepalives',
    call,
    `${code(ctx.text(fn), 40)} disables keep-alives, so this shared client dials per request; use the pooled variant`,
    [{ title: `Use ${name.replace(/^Default/, 'DefaultPooled')} (keep connections alive)`, preferred: false, edits: [{ start: field.start, end: field.end, newText: name.replace(/^Default/, 'DefaultPooled') }] }],
  );
}

/** `*http.DefaultTransport.(*http.Transport)`: copies a mutex and pool state. */
function checkDefaultTransportCopy(ctx: GoFileContext, unary: GoNode, report: Report): void {
  if (ctx.text(child(unary, 'operator')) !== '*') return;
  const assertion = unparen(child(unary, 'operand'));
  if (assertion?.type !== 'type_assertion_expression') return;
  if (!isQualifiedName(ctx.tree, ctx.imports, child(assertion, 'operand'), 'net/http', 'DefaultTransport')) return;
  if (!isNamedType(ctx.tree, ctx.imports, child(assertion, 'type'), 'net/http', 'Transport', true)) return;
  const fixes = cloneFix(ctx, unary, assertion);
  report(
    'go-default-transport-copy',
    unary,
    'Copying http.DefaultTransport by value copies its mutex and connection pool; use .(*http.Transport).Clone()',
    fixes,
    fixes.length ? undefined : '**No quick fix here:** the copy is not a local `t := *...` used only as `&t` and `t.Field`, so changing it to a pointer may need edits elsewhere (possibly in other files). Replace it with `.Clone()` and drop the `&` where it is used.\n\n',
  );
}

function cloneFix(ctx: GoFileContext, unary: GoNode, assertion: GoNode): Fix[] {
  const list = unary.parent;
  const decl = list?.parent;
  if (list?.type !== 'expression_list' || decl?.type !== 'short_var_declaration' || namedChildren(list).length !== 1) return [];
  const targets = namedChildren(child(decl, 'left') ?? decl);
  if (targets.length !== 1 || targets[0].type !== 'identifier') return [];
  const name = ctx.text(targets[0]);
  const fn = enclosingFunction(decl);
  if (!fn) return [];
  const edits = [{ start: unary.start, end: unary.end, newText: `${ctx.text(assertion)}.Clone()` }];
  let ok = true;
  walk(fn, (n) => {
    if (!ok) return false;
    if (n.type !== 'identifier' || ctx.text(n) !== name || n === targets[0] || n.start < decl.end) return;
    const p = n.parent;
    if (p?.type === 'unary_expression' && ctx.text(child(p, 'operator')) === '&') edits.push({ start: p.start, end: p.end, newText: name });
    else if (p?.type === 'selector_expression' && child(p, 'operand') === n) return;
    else ok = false;
  });
  return ok ? [{ title: 'Use http.DefaultTransport.(*http.Transport).Clone()', preferred: true, edits }] : [];
}
