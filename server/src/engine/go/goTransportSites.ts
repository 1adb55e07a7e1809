import type { Fix } from '../finding';
import type { GoFileContext } from './goFileContext';
import { isMultiline, readKeyedLiteral, renderKeyedBody, type KeyedEntry } from './goLiteralText';
import { child, namedChildren, unparen, walk, type GoNode } from './goTree';
import { enclosingFunction, isHandlerShaped, isNamedType, isQualifiedName, localContext } from './goTypes';

/**
 * Transports as the keep-alive rules see them: where they are (one walk per analysis), whether one is shared,
 * fresh, or in a file that shows concurrency, and edits of their literals.
 */

/** A place a keep-alive rule looks at, in source order. */
export interface TransportSite {
  kind: 'transport-literal' | 'assignment' | 'expression-statement' | 'call' | 'unary';
  node: GoNode;
}

const sitesOf = new WeakMap<GoFileContext, readonly TransportSite[]>();

/**
 * The nodes the keep-alive rules check, collected in one walk per analysis: `http.Transport` literals (whose insides
 * are not searched further), assignments, expression statements, calls and unary expressions.
 */
export function transportSites(ctx: GoFileContext): readonly TransportSite[] {
  let sites = sitesOf.get(ctx);
  if (sites) return sites;
  const found: TransportSite[] = [];
  walk(ctx.tree.root, (n) => {
    if (n.type === 'composite_literal' && isNamedType(ctx.tree, ctx.imports, child(n, 'type'), 'net/http', 'Transport', false)) {
      found.push({ kind: 'transport-literal', node: n });
      return;
    }
    if (n.type === 'assignment_statement') found.push({ kind: 'assignment', node: n });
    else if (n.type === 'expression_statement') found.push({ kind: 'expression-statement', node: n });
    else if (n.type === 'call_expression') found.push({ kind: 'call', node: n });
    else if (n.type === 'unary_expression') found.push({ kind: 'unary', node: n });
  });
  sitesOf.set(ctx, (sites = found));
  return sites;
}

/**
 * A transport literal that lives long and serves many requests: declared at package level, or stored
 * in a field / returned from a constructor outside per-request code. Local transports in main or in
 * one-shot functions may be single-use on purpose and are left alone.
 */
export function isShared(ctx: GoFileContext, literal: GoNode): boolean {
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

export const MEDIUM_CONCURRENCY_NOTE =
  '**Medium confidence:** nothing in this file shows concurrent requests (a `go` statement, a handler, errgroup); the churn needs more than 2 at once to one host.\n\n';

const concurrencyCache = new WeakMap<GoNode, boolean>();

/**
 * Evidence in the file that requests run concurrently: a `go` statement, an HTTP handler, or errgroup.
 * Without it, "more than 2 concurrent requests to one host" is an assumption: the finding is medium.
 */
export function showsConcurrency(ctx: GoFileContext): boolean {
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

export function entryNode(ctx: GoFileContext, literal: GoNode, key: string): GoNode | undefined {
  return namedChildren(child(literal, 'body') ?? literal).find((el) => el.type === 'keyed_element' && ctx.text(child(el, 'key')) === key);
}

export function valueText(ctx: GoFileContext, el: GoNode | undefined): string | undefined {
  const v = el && child(el, 'value');
  return v ? ctx.text(v).trim() : undefined;
}

/** Adds `MaxIdleConnsPerHost` (same value) after a `MaxIdleConns` above the default, when missing. */
export function addPerHost(entries: KeyedEntry[]): KeyedEntry[] {
  if (entries.some((e) => e.key === 'MaxIdleConnsPerHost')) return entries;
  const out: KeyedEntry[] = [];
  for (const e of entries) {
    out.push(e);
    if (e.key === 'MaxIdleConns' && !/^[0-2]$/.test(e.value.trim())) out.push({ key: 'MaxIdleConnsPerHost', value: e.value, baseIndent: e.baseIndent });
  }
  return out;
}

export function rewriteLiteral(ctx: GoFileContext, literal: GoNode, change: (entries: KeyedEntry[]) => KeyedEntry[]): Fix['edits'] | undefined {
  const parsed = readKeyedLiteral(ctx, literal);
  const body = child(literal, 'body');
  if (!parsed || !body) return undefined;
  const indent = ctx.indentAt(literal.start);
  return [{ start: body.start, end: body.end, newText: renderKeyedBody(change(parsed.entries), indent, isMultiline(ctx, literal), parsed.leadComment) }];
}


/** A fresh transport expression: `&http.Transport{...}`, `new(http.Transport)`, or a Clone of the default one. */
export function freshTransport(ctx: GoFileContext, expr: GoNode | undefined): GoNode | undefined {
  let e = unparen(expr);
  if (e?.type === 'unary_expression' && ctx.text(child(e, 'operator')) === '&') e = unparen(child(e, 'operand'));
  if (!e) return undefined;
  if (e.type === 'composite_literal' && isNamedType(ctx.tree, ctx.imports, child(e, 'type'), 'net/http', 'Transport', false)) return e;
  if (e.type === 'call_expression') {
    const fn = child(e, 'function');
    const args = namedChildren(child(e, 'arguments') ?? e);
    if (fn?.type === 'identifier' && ctx.text(fn) === 'new' && isNamedType(ctx.tree, ctx.imports, args[0], 'net/http', 'Transport', false)) return e;
    if (isDefaultTransportClone(ctx, e)) return e;
  }
  return undefined;
}

export function isDefaultTransportClone(ctx: GoFileContext, call: GoNode): boolean {
  const fn = child(call, 'function');
  if (fn?.type !== 'selector_expression' || ctx.text(child(fn, 'field')) !== 'Clone') return false;
  const assertion = unparen(child(fn, 'operand'));
  return (
    assertion?.type === 'type_assertion_expression' &&
    isQualifiedName(ctx.tree, ctx.imports, child(assertion, 'operand'), 'net/http', 'DefaultTransport') &&
    isNamedType(ctx.tree, ctx.imports, child(assertion, 'type'), 'net/http', 'Transport', true)
  );
}
