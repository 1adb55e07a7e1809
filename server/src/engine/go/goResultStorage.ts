import { FUNCTION_TYPES } from './goTypes';
import { child, namedChildren, textOf, walk, type GoNode, type GoTree } from './goTree';

const WRAPPERS = new Set(['parenthesized_expression', 'unary_expression', 'literal_element', 'keyed_element', 'literal_value', 'composite_literal']);

/**
 * True when the value of `expr` is kept somewhere long-lived: assigned to a field, a map or slice element,
 * appended, or put in a struct that is — directly or through up to two local variables. A constructor
 * called in a loop whose results are kept this way builds one object per configured item, not per request.
 */
export function resultStored(tree: GoTree, expr: GoNode, depth = 0): boolean {
  let n = expr;
  let p = n.parent;
  while (p && WRAPPERS.has(p.type)) {
    n = p;
    p = p.parent;
  }
  if (!p) return false;
  if (p.type === 'argument_list') {
    const fn = child(p.parent!, 'function');
    return fn?.type === 'identifier' && textOf(tree, fn) === 'append';
  }
  if (p.type !== 'expression_list' || (p.field !== 'right' && p.field !== 'value')) return false;
  const owner = p.parent!;
  const values = namedChildren(p);
  let targets: GoNode[] = [];
  if (owner.type === 'var_spec') targets = owner.children.filter((c) => c.field === 'name');
  else if (owner.type === 'assignment_statement' || owner.type === 'short_var_declaration') targets = namedChildren(child(owner, 'left') ?? owner);
  // `c, err := newClient(...)`: the first target takes the call's first result.
  const target = values.length === 1 ? targets[0] : targets[values.indexOf(n)];
  if (!target) return false;
  if (target.type === 'index_expression' || target.type === 'selector_expression') return true;
  if (target.type !== 'identifier' || depth >= 2) return false;
  const name = textOf(tree, target);
  if (name === '_') return false;
  // Looked for in the innermost loop body (or function) around the assignment: what one iteration keeps.
  let scope: GoNode | null = owner;
  while (scope && scope.type !== 'for_statement' && !FUNCTION_TYPES.has(scope.type)) scope = scope.parent;
  if (!scope) return false;
  let stored = false;
  walk(child(scope, 'body') ?? scope, (m) => {
    if (stored) return false;
    if (m.type === 'identifier' && m.start > target.end && textOf(tree, m) === name && resultStored(tree, m, depth + 1)) stored = true;
  });
  return stored;
}
