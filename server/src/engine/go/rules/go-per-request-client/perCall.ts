import { goScopes } from '../../goScopes';
import type { Construction } from './model';
import type { GoFileContext } from '../../goFileContext';
import { child, namedChildren, walk, type GoNode } from '../../goTree';
import { enclosingFunction, functionName, localContext } from '../../goTypes';

const REQUEST_METHODS = new Set(['Do', 'Get', 'Head', 'Post', 'PostForm', 'RoundTrip']);

/**
 * A client or transport built inside a function, used there for a request and then dropped: not stored,
 * returned, passed on or closed. Every call of the function dials anew and leaves idle connections behind,
 * whoever calls it. Not reported in main, init, code reached once, or under a nil guard (lazy initialisation).
 * Returns the function's name when that is the case.
 */
export function builtAndDroppedPerCall(ctx: GoFileContext, c: Construction, underNilGuard: boolean): string | undefined {
  if (c.kind === 'pool' || underNilGuard) return undefined;
  const context = localContext(ctx.tree, ctx.imports, c.node);
  if (context.kind !== 'inherit') return undefined;
  const fn = enclosingFunction(c.node);
  if (!fn || fn.type === 'func_literal') return undefined;
  const name = functionName(ctx.tree, fn);
  if (!name || ctx.summary.reachedOnlyOnce(name)) return undefined;
  const body = child(fn, 'body');
  if (!body) return undefined;
  // The construction must land in a local (directly, or as the Transport of a client literal that does).
  let holder = c.node;
  const clientLiteral = holder.parent?.type === 'literal_element' ? holder.parent.parent?.parent?.parent : undefined;
  if (clientLiteral?.type === 'composite_literal') holder = clientLiteral.parent?.type === 'unary_expression' ? clientLiteral.parent : clientLiteral;
  const variable = localTarget(ctx, holder);
  if (!variable) return undefined;
  return usedOnlyForRequests(ctx, body, variable, holder, 0) ? name : undefined;
}

function localTarget(ctx: GoFileContext, expr: GoNode): string | undefined {
  const list = expr.parent;
  const owner = list?.parent;
  if (list?.type !== 'expression_list' || !owner || namedChildren(list).length !== 1) return undefined;
  if (owner.type === 'short_var_declaration') {
    const targets = namedChildren(child(owner, 'left') ?? owner);
    return targets.length === 1 && targets[0].type === 'identifier' ? ctx.text(targets[0]) : undefined;
  }
  if (owner.type === 'var_spec') {
    const names = owner.children.filter((c) => c.field === 'name');
    return names.length === 1 ? ctx.text(names[0]) : undefined;
  }
  return undefined;
}

/**
 * Every mention of `variable` after `from` is a request made with it (`v.Get(…)`, `v.Do(…)`), a read of a
 * field, or — once — the Transport of a client literal held by another local that is itself only used so.
 * At least one request is made. Anything else (stored, returned, passed, closed, captured) keeps it alive.
 */
function usedOnlyForRequests(ctx: GoFileContext, body: GoNode, variable: string, from: GoNode, depth: number): boolean {
  let requests = 0;
  let ok = true;
  walk(body, (n) => {
    if (!ok) return false;
    if (n.type === 'func_literal' && n.start > from.end && goScopes(ctx).mentions(n, variable)) {
      ok = false;
      return false;
    }
    if (n.type !== 'identifier' || n.start < from.end || ctx.text(n) !== variable) return;
    const p = n.parent;
    if (p?.type === 'selector_expression' && child(p, 'operand') === n) {
      const field = ctx.text(child(p, 'field'));
      const call = p.parent;
      if (call?.type === 'call_expression' && child(call, 'function') === p) {
        if (REQUEST_METHODS.has(field)) requests++;
        else ok = false; // CloseIdleConnections, RegisterProtocol, a method we do not know
      } else if (p.parent?.type === 'expression_list' && p.parent.field === 'left') ok = false; // changed after the fact
      return;
    }
    // `&http.Client{Transport: v}` held by another local that only makes requests.
    const el = p?.type === 'literal_element' ? p : undefined;
    const keyed = el?.parent;
    if (keyed?.type === 'keyed_element' && ctx.text(child(keyed, 'key')) === 'Transport' && depth === 0) {
      let lit: GoNode | undefined = keyed.parent?.parent ?? undefined;
      if (lit?.parent?.type === 'unary_expression') lit = lit.parent;
      const client = lit && localTarget(ctx, lit);
      if (client && usedOnlyForRequests(ctx, body, client, lit!, depth + 1)) {
        requests++;
        return;
      }
    }
    ok = false;
  });
  return ok && requests > 0;
}


