import type { GoFileContext } from './goFileContext';
import { child, namedChildren, unparen, walk, type GoNode } from './goTree';
import { enclosingFunction, isQualifiedName } from './goTypes';

/**
 * True when a response-producing call asks for a HEAD response, which has no body: Go's transport
 * releases its connection without a Close (measured in test/unit/go/goRuntimeFacts.test.ts).
 * `http.Head`, `client.Head`, or `client.Do(req)` where every assignment of `req` in the function is
 * `http.NewRequest[WithContext](…, http.MethodHead | "HEAD", …)`.
 */
export function asksForHead(ctx: GoFileContext, call: GoNode): boolean {
  const fn = child(call, 'function');
  if (fn?.type !== 'selector_expression') return false;
  const method = ctx.text(child(fn, 'field'));
  if (method === 'Head') return isQualifiedName(ctx.tree, ctx.imports, fn, 'net/http', 'Head') || ctx.isClient(child(fn, 'operand'));
  if (method !== 'Do') return false;
  const arg = unparen(namedChildren(child(call, 'arguments') ?? call)[0]);
  if (arg?.type === 'call_expression') return isHeadRequest(ctx, arg);
  if (arg?.type !== 'identifier') return false;
  const name = ctx.text(arg);
  const scope = enclosingFunction(call);
  if (!scope) return false;
  let known = headRequests.get(scope);
  if (!known) headRequests.set(scope, (known = new Map()));
  let answer = known.get(name);
  if (answer === undefined) known.set(name, (answer = onlyHeadAssignments(ctx, scope, name)));
  return answer;
}

/** Per function, per request variable: every assignment of it builds a HEAD request (computed once per function). */
const headRequests = new WeakMap<GoNode, Map<string, boolean>>();

function onlyHeadAssignments(ctx: GoFileContext, scope: GoNode, name: string): boolean {
  let head = 0;
  let other = 0;
  walk(scope, (n) => {
    if (n.type !== 'short_var_declaration' && n.type !== 'assignment_statement' && n.type !== 'var_spec') return;
    const targets = n.type === 'var_spec' ? n.children.filter((c) => c.field === 'name') : namedChildren(child(n, 'left') ?? n);
    if (!targets.length || ctx.text(targets[0]) !== name) return;
    const values = namedChildren(child(n, n.type === 'var_spec' ? 'value' : 'right') ?? n);
    const value = unparen(values[0]);
    if (n.type === 'var_spec' && !value) return;
    if (value?.type === 'call_expression' && isHeadRequest(ctx, value)) head++;
    else other++;
  });
  return head > 0 && other === 0;
}

function isHeadRequest(ctx: GoFileContext, call: GoNode): boolean {
  const fn = child(call, 'function');
  const args = namedChildren(child(call, 'arguments') ?? call);
  let method: GoNode | undefined;
  if (isQualifiedName(ctx.tree, ctx.imports, fn, 'net/http', 'NewRequest')) method = args[0];
  else if (isQualifiedName(ctx.tree, ctx.imports, fn, 'net/http', 'NewRequestWithContext')) method = args[1];
  if (!method) return false;
  const text = ctx.text(method).trim();
  return text === '"HEAD"' || text === '`HEAD`' || isQualifiedName(ctx.tree, ctx.imports, method, 'net/http', 'MethodHead');
}
