import { freshName, goScopes } from '../../goScopes';
import type { Fix, TextEdit } from '../../../finding';
import type { Leak } from '../../goBodyFlow';
import { OPEN } from '../../../leakPath';
import type { GoFileContext } from '../../goFileContext';
import { aloneOnLines, deleteStatementLines, insertLineAfter, insertLineBefore } from '../../goEditText';
import { endsPath, isErrCheck, type Binding } from '../../goResponseSites';
import { nextAssignment, nextStatementOf, statementIndex } from '../../goStatementIndex';
import { child, unparen, type GoNode } from '../../goTree';
import { enclosingFunction, FUNCTION_TYPES } from '../../goTypes';

function insideLoop(stmt: GoNode): boolean {
  for (let p = stmt.parent; p && !FUNCTION_TYPES.has(p.type); p = p.parent) if (p.type === 'for_statement') return true;
  return false;
}

export function closeFix(ctx: GoFileContext, binding: Binding, leaks: Leak[], escapes: boolean): Fix | undefined {
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

/** A name for a new variable that nothing in the enclosing function uses yet. */
function freeName(ctx: GoFileContext, at: GoNode, base: string): string {
  const fn = enclosingFunction(at);
  const used = fn ? goScopes(ctx).namesIn(fn) : new Set<string>();
  return freshName(base, (name) => used.has(name) || ctx.summary.topLevelNames.has(name) || !!ctx.imports.pathOf(name));
}

/**
 * The response nobody looks at is closed at once: `_, err := http.Post(...)` gets a name and a close
 * after the error check; a bare `http.Get(u)` statement becomes `if resp, err := ...; err == nil { close }`.
 */
export function discardedFix(ctx: GoFileContext, binding: Binding, call: GoNode): Fix | undefined {
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
  if (goScopes(ctx).mentions(right, errName)) return undefined;
  return { condition: { start: cond.start, end: cond.end, newText: `${errName} != nil` }, rest: ctx.text(right), consequence: ctx.text(consequence!) };
}
