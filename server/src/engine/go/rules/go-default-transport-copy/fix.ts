import type { Fix } from '../../../finding';
import type { GoFileContext } from '../../goFileContext';
import { child, namedChildren, walk, type GoNode } from '../../goTree';
import { enclosingFunction } from '../../goTypes';

/** `t := *http.DefaultTransport.(*http.Transport)` used only as `&t` and `t.Field`: `.Clone()`, and `&t` becomes `t`. */
export function cloneFix(ctx: GoFileContext, unary: GoNode, assertion: GoNode): Fix[] {
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

