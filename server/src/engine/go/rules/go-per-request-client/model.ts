import { goScopes } from '../../goScopes';
import type { GoFileContext } from '../../goFileContext';
import { libraryConstructor } from '../../goLibraryModels';
import { child, namedChildren, walk, type GoNode } from '../../goTree';
import { enclosingFunction, FUNCTION_TYPES, isNamedType } from '../../goTypes';
import { freshTransport, isDefaultTransportClone } from '../../goTransportSites';

/**
 * What go-per-request-client recognises: constructions of things that own a connection pool (`http.Client` with its
 * own transport, `http.Transport`, database, Redis and gRPC clients) and whether one outlives the call that made it.
 */

/** A construction of something that owns a connection pool. */
export interface Construction {
  /** The whole expression (`&http.Client{...}`, `new(http.Transport)`, `sql.Open(...)`). */
  node: GoNode;
  kind: 'client' | 'transport' | 'pool';
  label: string;
  /** The composite literal, for http.Client / http.Transport literals. */
  literal?: GoNode;
  /** For a client literal: the literal (or `new`) of its inline transport. */
  transport?: GoNode;
}

function stripAddress(ctx: GoFileContext, node: GoNode): { expr: GoNode; pointer: boolean } {
  const p = node.parent;
  if (p?.type === 'unary_expression' && ctx.text(child(p, 'operator')) === '&') return { expr: p, pointer: true };
  return { expr: node, pointer: false };
}

function keyedValue(ctx: GoFileContext, literal: GoNode, key: string): GoNode | undefined {
  const body = child(literal, 'body');
  for (const el of namedChildren(body ?? literal)) {
    if (el.type === 'keyed_element' && ctx.text(child(el, 'key')) === key) {
      const v = child(el, 'value');
      return v && v.type === 'literal_element' ? namedChildren(v)[0] : v;
    }
  }
  return undefined;
}

/**
 * A transport literal whose dial function connects to a Unix socket (`net.Dial("unix", …)`): no TCP
 * ports, no TIME_WAIT, so a per-call transport costs no ephemeral port.
 */
function dialsUnixSocket(ctx: GoFileContext, literal: GoNode): boolean {
  for (const key of ['Dial', 'DialContext']) {
    const value = keyedValue(ctx, literal, key);
    if (value && /"unix(packet)?"/.test(ctx.text(value))) return true;
  }
  return false;
}

/** The transport literal/new/clone this node belongs to as the inline Transport of a client literal. */
function enclosingClientLiteral(ctx: GoFileContext, transportExpr: GoNode): GoNode | undefined {
  let p = transportExpr.parent;
  if (p?.type === 'unary_expression') p = p.parent;
  if (p?.type !== 'literal_element') return undefined;
  const keyed = p.parent;
  if (keyed?.type !== 'keyed_element' || ctx.text(child(keyed, 'key')) !== 'Transport') return undefined;
  const lit = keyed.parent?.parent;
  if (lit?.type === 'composite_literal' && isNamedType(ctx.tree, ctx.imports, child(lit, 'type'), 'net/http', 'Client', false)) return lit;
  return undefined;
}

export function constructionAt(ctx: GoFileContext, n: GoNode): Construction | undefined {
  if (n.type === 'composite_literal') {
    const type = child(n, 'type');
    if (isNamedType(ctx.tree, ctx.imports, type, 'net/http', 'Client', false)) {
      const transport = freshTransport(ctx, keyedValue(ctx, n, 'Transport'));
      if (!transport) return undefined; // shares http.DefaultTransport (or a transport made elsewhere)
      if (transport.type === 'composite_literal' && dialsUnixSocket(ctx, transport)) return undefined;
      return { node: stripAddress(ctx, n).expr, kind: 'client', label: 'http.Client (own Transport)', literal: n, transport };
    }
    if (isNamedType(ctx.tree, ctx.imports, type, 'net/http', 'Transport', false)) {
      if (enclosingClientLiteral(ctx, n)) return undefined;
      if (dialsUnixSocket(ctx, n)) return undefined;
      return { node: stripAddress(ctx, n).expr, kind: 'transport', label: 'http.Transport', literal: n };
    }
    return undefined;
  }
  if (n.type !== 'call_expression') return undefined;
  const fn = child(n, 'function');
  if (freshTransport(ctx, n) === n) {
    if (enclosingClientLiteral(ctx, n)) return undefined;
    return { node: n, kind: 'transport', label: isDefaultTransportClone(ctx, n) ? 'http.Transport (default Clone)' : 'http.Transport' };
  }
  if (fn?.type === 'selector_expression') {
    const operand = child(fn, 'operand');
    const pkg = operand?.type === 'identifier' ? ctx.imports.pathOf(ctx.text(operand)) : undefined;
    if (!pkg) return undefined;
    const name = ctx.text(child(fn, 'field'));
    const ctor = libraryConstructor(pkg, name);
    if (ctor?.builds === 'pool') return { node: n, kind: 'pool', label: ctor.label };
  }
  return undefined;
}

/** Where the constructed value goes: a plain local, or somewhere that outlives the call (field, map, package var). */
export function storedLongLived(ctx: GoFileContext, node: GoNode): boolean {
  let n = node;
  for (let p = n.parent; p; n = p, p = p.parent) {
    if (p.type === 'parenthesized_expression' || p.type === 'unary_expression' || p.type === 'literal_element' || p.type === 'keyed_element' || p.type === 'literal_value') {
      if (p.type === 'literal_value') return true; // an element of a struct/slice/map literal
      continue;
    }
    if (p.type === 'composite_literal') return true;
    if (p.type === 'argument_list') {
      const fn = child(p.parent!, 'function');
      return fn?.type === 'identifier' && ctx.text(fn) === 'append';
    }
    if (p.type === 'expression_list' && p.field === 'right' && p.parent?.type === 'assignment_statement') {
      const targets = namedChildren(child(p.parent, 'left') ?? p.parent);
      const index = namedChildren(p).indexOf(n);
      const t = targets[index] ?? targets[0];
      if (!t) return false;
      if (t.type === 'selector_expression' || t.type === 'index_expression') return true;
      return t.type === 'identifier' && ctx.summary.packageVars.has(ctx.text(t)) && !declaredLocally(ctx, t);
    }
    return false;
  }
  return false;
}

export function declaredLocally(ctx: GoFileContext, id: GoNode): boolean {
  const fn = enclosingFunction(id);
  return !!fn && goScopes(ctx).declarations(fn).anywhere.has(ctx.text(id));
}

/**
 * True when the value of `expr` ends up somewhere that outlives the loop iteration: a map or slice
 * element, a field, a package variable, a channel, a return value — directly, inside a composite
 * literal, or through up to three local variables.
 */
export function flowsIntoStorage(ctx: GoFileContext, expr: GoNode, depth: number): boolean {
  let n = expr;
  let p = n.parent;
  while (p && ['parenthesized_expression', 'unary_expression', 'literal_element', 'keyed_element', 'literal_value', 'composite_literal'].includes(p.type)) {
    n = p;
    p = p.parent;
  }
  if (!p) return false;
  if (p.type === 'argument_list') {
    const fn = child(p.parent!, 'function');
    return fn?.type === 'identifier' && ctx.text(fn) === 'append';
  }
  if (p.type === 'send_statement' || p.type === 'return_statement') return true;
  if (p.type === 'expression_list' && p.parent?.type === 'return_statement') return true;
  let target: GoNode | undefined;
  if (p.type === 'expression_list' && (p.field === 'right' || p.field === 'value')) {
    const owner = p.parent!;
    const index = namedChildren(p).indexOf(n);
    if (owner.type === 'var_spec') target = owner.children.filter((c) => c.field === 'name')[index];
    else if (owner.type === 'assignment_statement' || owner.type === 'short_var_declaration') target = namedChildren(child(owner, 'left') ?? owner)[index];
  }
  if (!target) return false;
  if (target.type === 'index_expression' || target.type === 'selector_expression') return true;
  if (target.type !== 'identifier' || depth >= 3) return false;
  const name = ctx.text(target);
  if (name === '_') return false;
  if (ctx.summary.packageVars.has(name) && !declaredLocally(ctx, target)) return true;
  const fn = enclosingFunction(target);
  let stored = false;
  if (fn) walk(child(fn, 'body') ?? fn, (m) => {
    if (stored) return false;
    if (m.type === 'identifier' && m.start > target!.end && ctx.text(m) === name && flowsIntoStorage(ctx, m, depth + 1)) stored = true;
  });
  return stored;
}

/** `x = construction` (plain assignment) inside a loop, where x is declared outside that loop. */
export function assignedToOuterVariable(ctx: GoFileContext, node: GoNode): boolean {
  const list = node.parent;
  const stmt = list?.parent;
  if (list?.type !== 'expression_list' || list.field !== 'right' || stmt?.type !== 'assignment_statement') return false;
  const target = namedChildren(child(stmt, 'left') ?? stmt)[namedChildren(list).indexOf(node)];
  if (target?.type !== 'identifier') return false;
  let loop: GoNode | undefined;
  for (let p = stmt.parent; p && !FUNCTION_TYPES.has(p.type); p = p.parent) {
    if (p.type === 'for_statement') {
      loop = p;
      break;
    }
  }
  if (!loop) return false;
  const name = ctx.text(target);
  let declaredInside = false;
  walk(child(loop, 'body') ?? loop, (n) => {
    if (declaredInside) return false;
    if (n.type === 'short_var_declaration' && namedChildren(child(n, 'left') ?? n).some((t) => ctx.text(t) === name)) declaredInside = true;
    if (n.type === 'var_spec' && n.children.some((c) => c.field === 'name' && ctx.text(c) === name)) declaredInside = true;
  });
  return !declaredInside;
}

/** Inside `if x == nil { ... }` (lazy initialisation of a cached client). */
export function underNilGuard(ctx: GoFileContext, node: GoNode): boolean {
  for (let p = node.parent; p && p.type !== 'function_declaration' && p.type !== 'method_declaration'; p = p.parent) {
    if (p.type === 'if_statement' && /==\s*nil/.test(ctx.text(child(p, 'condition')))) return true;
  }
  return false;
}
