import { FUNCTION_TYPES } from './goTypes';
import { child, namedChildren, textOf, walk, type GoNode, type GoTree } from './goTree';

/**
 * Whether a function whose first result is `*http.Response` hands its caller a body to close.
 *  - `open`: some return gives the caller a live response (the caller must close it);
 *  - `closed`: every return gives `nil`, or a response whose body this function closes itself (a wrapper
 *    that decodes into an out-parameter and `defer resp.Body.Close()`s before returning it for its
 *    status and headers). The caller owes nothing.
 */
export type ResponseReturn = 'open' | 'closed';

/** Per name, the defer statements of `body` that close its `.Body` (`defer v.Body.Close()`, or in a deferred closure). */
function deferClosedNames(tree: GoTree, body: GoNode): Map<string, GoNode[]> {
  const names = new Map<string, GoNode[]>();
  walk(body, (n) => {
    if (n.type === 'func_literal' && n.parent?.parent?.type !== 'defer_statement' && n.parent?.type !== 'call_expression') return false;
    if (n.type !== 'defer_statement') return;
    walk(n, (m) => {
      if (m.type !== 'call_expression') return;
      const fn = child(m, 'function');
      if (fn?.type !== 'selector_expression' || textOf(tree, child(fn, 'field')!) !== 'Close') return;
      const body = child(fn, 'operand');
      if (body?.type !== 'selector_expression' || textOf(tree, child(body, 'field')!) !== 'Body') return;
      const owner = child(body, 'operand');
      if (owner?.type !== 'identifier') return;
      const name = textOf(tree, owner);
      names.set(name, [...(names.get(name) ?? []), n]);
    });
    return false;
  });
  return names;
}

/** Names assigned anywhere in `body` (outside nested closures). */
function assignedNames(tree: GoTree, body: GoNode): Set<string> {
  const names = new Set<string>();
  walk(body, (n) => {
    if (n.type === 'func_literal') return false;
    if (n.type === 'short_var_declaration' || n.type === 'assignment_statement') {
      for (const t of namedChildren(child(n, 'left') ?? n)) if (t.type === 'identifier') names.add(textOf(tree, t));
    }
    if (n.type === 'var_spec' && child(n, 'value')) for (const c of n.children) if (c.field === 'name') names.add(textOf(tree, c));
  });
  return names;
}

export function responseReturnOf(tree: GoTree, decl: GoNode): ResponseReturn {
  const body = child(decl, 'body');
  if (!body) return 'open';
  const result = child(decl, 'result');
  const namedResults = result?.type === 'parameter_list'
    ? namedChildren(result).flatMap((d) => d.children.filter((c) => c.field === 'name').map((c) => textOf(tree, c)))
    : [];
  const firstResult = namedResults[0];
  const closed = deferClosedNames(tree, body);
  const assigned = assignedNames(tree, body);
  let open = false;
  // A defer closes what a return hands back only when it ran before: it precedes the return in a block around it.
  const closedAt = (name: string, ret: GoNode) =>
    (closed.get(name) ?? []).some((d) => d.end <= ret.start && !!d.parent && d.parent.start <= ret.start && ret.end <= d.parent.end);
  const returnsClosedOrNil = (expr: GoNode | undefined, ret: GoNode): boolean => {
    if (!expr) return false;
    if (expr.type === 'nil') return true;
    if (expr.type !== 'identifier') return false;
    const name = textOf(tree, expr);
    if (closedAt(name, ret)) return true;
    // A named result that nothing assigns is nil.
    return name === firstResult && !assigned.has(name);
  };
  walk(body, (n) => {
    if (open) return false;
    if (FUNCTION_TYPES.has(n.type)) return false;
    if (n.type !== 'return_statement') return;
    const list = namedChildren(n)[0];
    const values = list?.type === 'expression_list' ? namedChildren(list) : list ? [list] : [];
    if (values.length === 0) {
      // A bare return hands back the named result.
      if (!firstResult || !(closedAt(firstResult, n) || !assigned.has(firstResult))) open = true;
      return false;
    }
    if (values.length === 1 && values[0].type === 'call_expression') open = true; // return f(...): f's results
    else if (!returnsClosedOrNil(values[0], n)) open = true;
    return false;
  });
  return open ? 'open' : 'closed';
}
