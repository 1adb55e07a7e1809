import type { GoRuleId } from '../../../ruleIds';
import type { Confidence, Fix, RelatedLocation, TextEdit } from '../../../finding';
import { BodyFlow, OPEN, TooDeep, type Leak } from '../../goBodyFlow';
import { asksForHead } from '../../goBodylessRequest';
import { clip, code } from '../../goMessageText';
import type { GoFileContext } from '../../goFileContext';
import { aloneOnLines, deleteStatementLines, insertLineAfter, insertLineBefore } from '../../goEditText';
import { blockStatements, child, namedChildren, unparen, walk, type GoNode } from '../../goTree';
import { enclosingFunction, isQualifiedName, parameters } from '../../goTypes';
import { nextAssignment, nextStatementOf, statementIndex } from '../../goStatementIndex';

export type Report = (
  rule: GoRuleId,
  node: { start: number; end: number },
  message: string,
  fixes?: Fix[],
  explanation?: string,
  confidence?: Confidence,
  /** The leaking path: where the body is still open, shown as links on hover. */
  related?: RelatedLocation[],
) => void

const HTTP_FUNCS = new Set(['Get', 'Head', 'Post', 'PostForm']);
const CLIENT_METHODS = new Set(['Do', 'Get', 'Head', 'Post', 'PostForm']);
const FUNCTIONS = new Set(['function_declaration', 'method_declaration', 'func_literal']);

const DRAINED_NOTE =
  '**Medium confidence:** the body is read to the end before this exit, and Go\'s transport then reuses the connection even without `Close`. The `net/http` contract still asks for `Close` (an error before the end leaves it open).\n\n';

const NO_FIX_NOTE =
  '**No quick fix here:** the response is not followed by a plain `if err != nil { return ... }` check (it is tested inside a combined condition, a switch or an `if` initialiser), or a leaking path may hold a nil response, so there is no single place where a close is certainly right. Check the error on its own, then `defer resp.Body.Close()`.\n\n';


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

interface Binding {
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

/** True when the statements of `block` never fall through (return, continue, break, panic, log.Fatal...). */
export function endsPath(ctx: GoFileContext, block: GoNode | undefined): boolean {
  const stmts = blockStatements(block);
  const last = stmts[stmts.length - 1];
  if (!last) return false;
  if (['return_statement', 'continue_statement', 'break_statement', 'goto_statement'].includes(last.type)) return true;
  if (last.type !== 'expression_statement') return false;
  const call = namedChildren(last)[0];
  const fn = call?.type === 'call_expression' ? child(call, 'function') : undefined;
  if (!fn) return false;
  if (fn.type === 'identifier') return ctx.text(fn) === 'panic';
  return /^(log\.(Fatal|Fatalf|Fatalln|Panic|Panicf|Panicln)|os\.Exit|\w+\.(Fatal|Fatalf|FailNow|Skip|Skipf|SkipNow))$/.test(ctx.text(fn));
}

/** `if err != nil { ...ends... }`: the error check right after a call. */
function isErrCheck(ctx: GoFileContext, stmt: GoNode | undefined, errName: string | undefined): stmt is GoNode {
  if (!stmt || !errName || stmt.type !== 'if_statement' || child(stmt, 'initializer') || child(stmt, 'alternative')) return false;
  const cond = unparen(child(stmt, 'condition'));
  if (cond?.type !== 'binary_expression') return false;
  const text = ctx.text(cond).replace(/\s+/g, ' ');
  return (text === `${errName} != nil` || text === `nil != ${errName}`) && endsPath(ctx, child(stmt, 'consequence'));
}


function insideLoop(stmt: GoNode): boolean {
  for (let p = stmt.parent; p && !FUNCTIONS.has(p.type); p = p.parent) if (p.type === 'for_statement') return true;
  return false;
}

function describe(ctx: GoFileContext, leak: Leak): string {
  const line = ctx.lines.position(leak.kind === 'end' || leak.kind === 'loop-end' ? leak.node.end - 1 : leak.node.start).line;
  switch (leak.kind) {
    case 'return':
      return `returning on line ${line}`;
    case 'continue':
      return `continuing on line ${line}`;
    case 'break':
      return `breaking out on line ${line}`;
    case 'loop-end':
      return `the loop iteration ends on line ${line}`;
    case 'overwrite':
      return `reassigned on line ${line}`;
    default:
      if (leak.node.parent && FUNCTIONS.has(leak.node.parent.type)) return `the function ends on line ${line}`;
      return `its block ends on line ${line}`;
  }
}

export function checkResponseBodies(ctx: GoFileContext, report: Report): void {
  walk(ctx.tree.root, (n) => {
    if (n.type !== 'call_expression') return;
    const label = responseProducer(ctx, n);
    if (!label) return;
    // A HEAD response has no body: the transport releases the connection without a Close.
    if (asksForHead(ctx, n)) return;
    const binding = bindingOf(ctx, n);
    if (!binding) return;
    if (binding.discarded) {
      const fix = discardedFix(ctx, binding, n);
      report('go-unclosed-body', n, `Response of ${code(label, 40)} is discarded, so its body is never closed; name it and close the body`, fix ? [fix] : [], fix ? undefined : NO_FIX_NOTE);
      return;
    }
    const respName = binding.respName!;
    // Followed only from a statement of a block or an if initialiser (a switch or for header: skipped).
    const place = binding.stmt.parent;
    if (!(place?.type === 'statement_list' || (place?.type === 'if_statement' && binding.stmt.field === 'initializer'))) return;
    if (reportDeferBeforeCheck(ctx, binding, report)) return;
    const fn = enclosingFunction(binding.stmt);
    if (!fn) return;
    const declaration = binding.declares ? 'local' : declarationOf(ctx, fn, respName);
    // Assigned to a variable of an enclosing function or the package: whoever owns it closes it.
    if (declaration === 'outer') return;
    const flow = new BodyFlow(ctx, respName, binding.errName, (call) => responseProducer(ctx, call) !== undefined, declaration === 'result');
    try {
      flow.run(binding.stmt, binding.declares);
    } catch (err) {
      if (err instanceof TooDeep) return; // prefer silence over a guess
      throw err;
    }
    if (flow.leaks.length === 0) return;
    const at = (l: Leak) => (l.kind === 'end' || l.kind === 'loop-end' ? l.node.end : l.node.start);
    const leaks = [...flow.leaks].sort((a, b) => at(a) - at(b));
    const fix = closeFix(ctx, binding, leaks, flow.escapes);
    // Read to EOF on the way (io.ReadAll, io.Copy to io.Discard): the transport already took the connection back
    // (measured in goRuntimeFacts.test.ts), so only the net/http contract is broken: medium confidence.
    const drained = flow.drainedBeforeEveryLeak();
    const note = drained ? `${DRAINED_NOTE}${fix ? '' : NO_FIX_NOTE}` : fix ? undefined : NO_FIX_NOTE;
    report(
      'go-unclosed-body',
      n,
      `Body of ${code(respName, 16)} (${clip(label, 32)}) is not closed when ${describe(ctx, leaks[0])}; close it on every path`,
      fix ? [fix] : [],
      note,
      drained ? 'medium' : 'high',
      leakPath(ctx, leaks),
    );
  });
}

/** The exits where the body is still open, in source order (at most 8), for the hover's leaking path. */
function leakPath(ctx: GoFileContext, leaks: readonly Leak[]): RelatedLocation[] {
  return leaks.slice(0, 8).map((l) => {
    const closing = l.kind === 'end' || l.kind === 'loop-end';
    return { start: closing ? l.node.end - 1 : l.node.start, end: l.node.end, note: `body still open: ${describe(ctx, l)}` };
  });
}

function closeFix(ctx: GoFileContext, binding: Binding, leaks: Leak[], escapes: boolean): Fix | undefined {
  const resp = binding.respName!;
  const close = `${resp}.Body.Close()`;
  // A defer is right unless the response is used past this function on some path (returned, stored,
  // captured) or the call sits in a loop: then close it on each leaking path instead.
  if (!insideLoop(binding.stmt) && !escapes) {
    const check = nextStatementOf(ctx, binding.stmt);
    const indent = ctx.indentAt(binding.stmt.start);
    let edits: TextEdit[];
    if (isErrCheck(ctx, check, binding.errName)) edits = [insertLineAfter(ctx, check, `defer ${close}`, indent)];
    else {
      // `if err != nil || resp.StatusCode != 200 { return }`: split it so the body is closed in between.
      const split = splitCombinedCheck(ctx, check, binding.errName);
      if (!split) return undefined;
      edits = [split.condition, insertLineAfter(ctx, check!, `defer ${close}\n${indent}if ${split.rest} ${split.consequence}`, indent)];
    }
    // A later plain close in the same block is now redundant, up to the statement that makes the variable
    // hold another response: a close after that one belongs to the new response and stays.
    const index = statementIndex(ctx, binding.stmt.parent!);
    const from = index.positionOf.get(check!) ?? index.statements.length;
    const until = nextAssignment(index, resp, from);
    const redundant = [close, `defer ${close}`, `_ = ${close}`].flatMap((t) => index.closes.get(t) ?? []).filter((at) => at > from && at < until);
    for (const at of redundant.sort((a, b) => a - b)) {
      const del = deleteStatementLines(ctx, index.statements[at]!);
      if (del) edits.push(del);
    }
    return { title: `Close the body: add 'defer ${close}' after the error check`, preferred: true, edits };
  }
  // In a loop a defer would keep every body open until the function returns; when the response is
  // returned on another path a defer would close it under the caller: close on each leaking path.
  const edits: TextEdit[] = [];
  for (const leak of leaks) {
    if (leak.state !== OPEN) return undefined;
    if (leak.kind === 'return' || leak.kind === 'continue' || leak.kind === 'break') {
      // `return nil, decodeError(resp.Body)` still reads the body: closing first would break it.
      if (new RegExp(`\\b${resp}\\.Body\\b`).test(ctx.text(leak.node))) return undefined;
      edits.push(insertLineBefore(ctx, leak.node, close));
    }
    else if (leak.kind === 'loop-end' || leak.kind === 'end') {
      const brace = leak.node.children[leak.node.children.length - 1];
      if (brace?.type !== '}') return undefined;
      edits.push(insertLineBefore(ctx, brace, close, `${ctx.indentAt(brace.start)}\t`));
    } else return undefined;
  }
  return { title: `Close the body on the ${edits.length === 1 ? 'path that leaks' : 'paths that leak'}`, preferred: true, edits };
}

/** `defer resp.Body.Close()` before `if err != nil`: panics with a nil response when the call fails. */
function reportDeferBeforeCheck(ctx: GoFileContext, binding: Binding, report: Report): boolean {
  const resp = binding.respName!;
  if (!binding.errName || binding.stmt.parent?.type !== 'statement_list') return false;
  const index = statementIndex(ctx, binding.stmt.parent);
  let deferStmt: GoNode | undefined;
  for (let at = (index.positionOf.get(binding.stmt) ?? index.statements.length) + 1; at < index.statements.length; at++) {
    const s = index.statements[at]!;
    if (s.type === 'defer_statement' && ctx.text(s).replace(/\s+/g, ' ') === `defer ${resp}.Body.Close()`) {
      deferStmt ??= s;
      continue;
    }
    if (s.type === 'if_statement' && mentions(ctx, child(s, 'condition'), binding.errName)) {
      if (!deferStmt) return false;
      const fixes: Fix[] = [];
      const del = deleteStatementLines(ctx, deferStmt);
      if (del && isErrCheck(ctx, s, binding.errName)) {
        fixes.push({ title: `Move 'defer ${resp}.Body.Close()' after the error check`, preferred: true, edits: [del, insertLineAfter(ctx, s, `defer ${resp}.Body.Close()`, ctx.indentAt(deferStmt.start))] });
      }
      report(
        'go-defer-close-before-check',
        deferStmt,
        `${code(`defer ${resp}.Body.Close()`, 40)} runs before the ${code(binding.errName, 16)} check and panics when the request fails; move it after`,
        fixes,
      );
      return true;
    }
    if (mentions(ctx, s, resp)) return false;
  }
  return false;
}

function mentions(ctx: GoFileContext, node: GoNode | undefined, name: string): boolean {
  let found = false;
  if (node) walk(node, (n) => {
    if (found) return false;
    if (n.type === 'identifier' && ctx.text(n) === name) found = true;
  });
  return found;
}

/** Per function: the names it declares (named results apart), collected in one walk of the function. */
const declarations = new WeakMap<GoNode, { results: Set<string>; locals: Set<string> }>();

/** Where `name` is declared as seen from function `fn`: a named result, a local/parameter, or outside it. */
function declarationOf(ctx: GoFileContext, fn: GoNode, name: string): 'result' | 'local' | 'outer' {
  let known = declarations.get(fn);
  if (!known) declarations.set(fn, (known = declaredNames(ctx, fn)));
  return known.results.has(name) ? 'result' : known.locals.has(name) ? 'local' : 'outer';
}

function declaredNames(ctx: GoFileContext, fn: GoNode): { results: Set<string>; locals: Set<string> } {
  const results = new Set<string>();
  const locals = new Set<string>();
  const result = child(fn, 'result');
  if (result?.type === 'parameter_list') {
    for (const decl of namedChildren(result)) for (const c of decl.children) if (c.field === 'name') results.add(ctx.text(c));
  }
  for (const p of parameters(fn)) if (p.name) locals.add(ctx.text(p.name));
  const body = child(fn, 'body');
  if (body) walk(body, (n) => {
    if (n.type === 'func_literal') return false;
    if (n.type === 'short_var_declaration') for (const t of namedChildren(child(n, 'left') ?? n)) locals.add(ctx.text(t));
    else if (n.type === 'var_spec') for (const c of n.children) if (c.field === 'name') locals.add(ctx.text(c));
  });
  return { results, locals };
}

/** A name for a new variable that nothing in the enclosing function uses yet. */
function freeName(ctx: GoFileContext, at: GoNode, base: string): string {
  const fn = enclosingFunction(at);
  const used = new Set<string>();
  if (fn) walk(fn, (n) => {
    if (n.type === 'identifier') used.add(ctx.text(n));
  });
  for (let i = 1; ; i++) {
    const name = i === 1 ? base : `${base}${i}`;
    if (!used.has(name) && !ctx.summary.topLevelNames.has(name) && !ctx.imports.pathOf(name)) return name;
  }
}

/**
 * The response nobody looks at is closed at once: `_, err := http.Post(...)` gets a name and a close
 * after the error check; a bare `http.Get(u)` statement becomes `if resp, err := ...; err == nil { close }`.
 */
function discardedFix(ctx: GoFileContext, binding: Binding, call: GoNode): Fix | undefined {
  const indent = ctx.indentAt(binding.stmt.start);
  if (binding.stmt.type === 'expression_statement') {
    if (!aloneOnLines(ctx.tree.text, binding.stmt)) return undefined;
    const resp = freeName(ctx, call, 'resp');
    const err = freeName(ctx, call, 'err');
    return {
      title: "Close the body of the discarded response",
      preferred: true,
      edits: [{ start: binding.stmt.start, end: binding.stmt.end, newText: `if ${resp}, ${err} := ${ctx.text(call)}; ${err} == nil {\n${indent}\t${resp}.Body.Close()\n${indent}}` }],
    };
  }
  if (!binding.blank || !binding.declares || !binding.errName) return undefined;
  const check = nextStatementOf(ctx, binding.stmt);
  if (check?.type !== 'if_statement' || child(check, 'initializer') || child(check, 'alternative')) return undefined;
  const cond = unparen(child(check, 'condition'));
  const condText = cond ? ctx.text(cond).replace(/\s+/g, ' ') : '';
  if (condText !== `${binding.errName} != nil`) return undefined;
  const resp = freeName(ctx, call, 'resp');
  const edits: TextEdit[] = [{ start: binding.blank.start, end: binding.blank.end, newText: resp }];
  if (endsPath(ctx, child(check, 'consequence'))) edits.push(insertLineAfter(ctx, check, `${resp}.Body.Close()`, indent));
  else edits.push({ start: check.end, end: check.end, newText: ` else {\n${indent}\t${resp}.Body.Close()\n${indent}}` });
  return { title: "Name the response and close its body", preferred: true, edits };
}

/** `if err != nil || REST { ...ends... }` right after the call: the pieces to split it into two checks. */
function splitCombinedCheck(ctx: GoFileContext, stmt: GoNode | undefined, errName: string | undefined): { condition: TextEdit; rest: string; consequence: string } | undefined {
  if (!stmt || !errName || stmt.type !== 'if_statement' || child(stmt, 'initializer') || child(stmt, 'alternative')) return undefined;
  const cond = unparen(child(stmt, 'condition'));
  const consequence = child(stmt, 'consequence');
  if (cond?.type !== 'binary_expression' || ctx.text(child(cond, 'operator')) !== '||' || !endsPath(ctx, consequence)) return undefined;
  const left = unparen(child(cond, 'left'));
  const right = child(cond, 'right');
  if (!left || !right || ctx.text(left).replace(/\s+/g, ' ') !== `${errName} != nil`) return undefined;
  if (mentions(ctx, right, errName)) return undefined;
  return { condition: { start: cond.start, end: cond.end, newText: `${errName} != nil` }, rest: ctx.text(right), consequence: ctx.text(consequence!) };
}
