import { goScopes } from './goScopes';
import type { GoFileContext } from './goFileContext';
import { asksForHead } from './goBodylessRequest';
import { statementIndex } from './goStatementIndex';
import { isTerminatingCall } from './goTerminatingCalls';
import { blockStatements, child, namedChildren, unparen, walk, type GoNode } from './goTree';
import { isQualifiedName } from './goTypes';

/**
 * Where a file obtains HTTP responses (calls of `http.Get`, `client.Do`, helpers of the package or module that
 * return one) and how each is bound: shared by the body rules (`go-unclosed-body`, `go-defer-close-before-check`).
 */

const HTTP_FUNCS = new Set(['Get', 'Head', 'Post', 'PostForm']);

const CLIENT_METHODS = new Set(['Do', 'Get', 'Head', 'Post', 'PostForm']);

/** A label for the call that produced a response (`http.Get`, `client.Do`), or undefined when it does not. */
export function responseProducer(ctx: GoFileContext, call: GoNode): string | undefined {
  const fn = child(call, 'function');
  const args = namedChildren(child(call, 'arguments') ?? call);
  if (fn?.type === 'identifier') return ctx.summary.responseFunctions.has(ctx.text(fn)) ? ctx.text(fn) : undefined;
  if (fn?.type !== 'selector_expression') return undefined;
  const operand = child(fn, 'operand');
  const method = ctx.text(child(fn, 'field'));
  const importPath = operand?.type === 'identifier' ? ctx.imports.pathOf(ctx.text(operand)) : undefined;
  if (importPath !== undefined) {
    if (isQualifiedName(ctx.tree, ctx.imports, fn, 'net/http', HTTP_FUNCS)) return ctx.text(fn);
    // A helper of another package of the module that returns the response with its body open.
    return ctx.moduleSummary(importPath)?.responseFunctions.has(method) ? ctx.text(fn) : undefined;
  }
  const label = ctx.text(fn).replace(/\s+/g, '');
  if (CLIENT_METHODS.has(method) && ctx.isClient(operand)) return label;
  if (method === 'Do' && args.length === 1 && ctx.isRequest(args[0])) return label;
  if (method === 'RoundTrip' && args.length === 1) return label;
  // A method of this package returning a response: only when the receiver's type is known to match
  // (a name like Read or Get is far too common to go by alone).
  const receivers = ctx.summary.responseMethods.get(method);
  if (receivers && operand?.type === 'identifier') {
    const type = ctx.declaredTypeName(operand);
    if (type && receivers.has(type)) return label;
  }
  return undefined;
}

export interface Binding {
  stmt: GoNode;
  respName?: string;
  errName?: string;
  declares: boolean;
  /** The response is thrown away (`_` or an expression statement). */
  discarded: boolean;
  /** The `_` that receives the response, when there is one. */
  blank?: GoNode;
}

function bindingOf(ctx: GoFileContext, call: GoNode): Binding | undefined {
  let p = call.parent;
  while (p?.type === 'parenthesized_expression') p = p.parent;
  if (!p) return undefined;
  if (p.type === 'expression_statement') return { stmt: p, declares: false, discarded: true };
  if (p.type !== 'expression_list' || namedChildren(p).length !== 1) return undefined;
  const owner = p.parent;
  if (!owner) return undefined;
  let targets: GoNode[];
  let stmt = owner;
  if (owner.type === 'var_spec') {
    if (p.field !== 'value') return undefined;
    targets = owner.children.filter((c) => c.field === 'name');
    stmt = owner.parent?.type === 'var_spec_list' ? owner.parent.parent! : owner.parent!;
    if (stmt?.type !== 'var_declaration' || namedChildren(stmt).length !== 1) return undefined;
  } else if (owner.type === 'short_var_declaration' || owner.type === 'assignment_statement') {
    if (p.field !== 'right') return undefined;
    if (owner.type === 'assignment_statement' && ctx.text(child(owner, 'operator')) !== '=') return undefined;
    targets = namedChildren(child(owner, 'left') ?? owner);
  } else return undefined;
  const first = targets[0];
  if (first?.type !== 'identifier') return undefined; // stored in a field or element: handed away
  const respName = ctx.text(first);
  const second = targets[1];
  const errName = second?.type === 'identifier' && ctx.text(second) !== '_' ? ctx.text(second) : undefined;
  if (respName === '_') return { stmt, errName, declares: owner.type === 'short_var_declaration', discarded: true, blank: first };
  return { stmt, respName, errName, declares: owner.type !== 'assignment_statement', discarded: false };
}

/** A call that yields a response, the label messages use for it, and how its result is bound. */
export interface ResponseSite {
  call: GoNode;
  label: string;
  binding: Binding;
}

const sitesOf = new WeakMap<GoFileContext, readonly ResponseSite[]>();

/** Every response-producing call of the file, in source order (HEAD requests left out: no body), once per analysis. */
export function responseSites(ctx: GoFileContext): readonly ResponseSite[] {
  let sites = sitesOf.get(ctx);
  if (sites) return sites;
  const found: ResponseSite[] = [];
  walk(ctx.tree.root, (n) => {
    if (n.type !== 'call_expression') return;
    const label = responseProducer(ctx, n);
    if (!label) return;
    // A HEAD response has no body: the transport releases the connection without a Close.
    if (asksForHead(ctx, n)) return;
    const binding = bindingOf(ctx, n);
    if (binding) found.push({ call: n, label, binding });
  });
  sitesOf.set(ctx, (sites = found));
  return sites;
}

/** A named response bound by a statement of a block or an if initialiser: the ones whose paths are followed. */
export function followedBinding(binding: Binding): boolean {
  if (binding.discarded) return false;
  const place = binding.stmt.parent;
  return place?.type === 'statement_list' || (place?.type === 'if_statement' && binding.stmt.field === 'initializer');
}

/**
 * `defer resp.Body.Close()` placed before the `if err != nil` check of the call that returned `resp`: the defer
 * statement and the check, or undefined.
 */
export function deferBeforeCheck(ctx: GoFileContext, binding: Binding): { deferStmt: GoNode; check: GoNode } | undefined {
  const resp = binding.respName!;
  if (!binding.errName || binding.stmt.parent?.type !== 'statement_list') return undefined;
  const index = statementIndex(ctx, binding.stmt.parent);
  let deferStmt: GoNode | undefined;
  for (let at = (index.positionOf.get(binding.stmt) ?? index.statements.length) + 1; at < index.statements.length; at++) {
    const s = index.statements[at]!;
    if (s.type === 'defer_statement' && ctx.text(s).replace(/\s+/g, ' ') === `defer ${resp}.Body.Close()`) {
      deferStmt ??= s;
      continue;
    }
    if (s.type === 'if_statement' && goScopes(ctx).mentions(child(s, 'condition'), binding.errName)) {
      return deferStmt ? { deferStmt, check: s } : undefined;
    }
    if (goScopes(ctx).mentions(s, resp)) return undefined;
  }
  return undefined;
}

/** True when the statements of `block` never fall through (return, continue, break, panic, log.Fatal...). */
export function endsPath(ctx: GoFileContext, block: GoNode | undefined): boolean {
  const stmts = blockStatements(block);
  const last = stmts[stmts.length - 1];
  if (!last) return false;
  if (['return_statement', 'continue_statement', 'break_statement', 'goto_statement'].includes(last.type)) return true;
  return last.type === 'expression_statement' && isTerminatingCall(ctx, last);
}

/** `if err != nil { ...ends... }`: the error check right after a call. */
export function isErrCheck(ctx: GoFileContext, stmt: GoNode | undefined, errName: string | undefined): stmt is GoNode {
  if (!stmt || !errName || stmt.type !== 'if_statement' || child(stmt, 'initializer') || child(stmt, 'alternative')) return false;
  const cond = unparen(child(stmt, 'condition'));
  if (cond?.type !== 'binary_expression') return false;
  const text = ctx.text(cond).replace(/\s+/g, ' ');
  return (text === `${errName} != nil` || text === `nil != ${errName}`) && endsPath(ctx, child(stmt, 'consequence'));
}

