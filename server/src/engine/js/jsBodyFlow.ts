import ts = require('typescript');
import { ABSENT, join, type LeakKind, mostDemanding, OPEN, RELEASED, UNREACHABLE } from '../leakPath';

/**
 * Path analysis over a function body's statement structure: does every path that creates a
 * response also consume it before leaving? Linear in the size of the body. Nested functions are
 * not paths of this body (their `return`s are not exits), but a consuming reference inside a
 * callback counts as consumption where the callback is written.
 */

/**
 * The shared lattice (engine/leakPath.ts), one state per point: the most demanding of the paths that reach it.
 * ABSENT: not created yet on this path; OPEN: created, not consumed; RELEASED: consumed or handed on.
 */
type State = typeof UNREACHABLE | typeof OPEN | typeof RELEASED | typeof ABSENT;

export interface Leak {
  kind: LeakKind;
  /** The exiting statement, or the function body for `end`. */
  node: ts.Node;
  /**
   * For `end`: the places where a path falls through with the body still open, as narrow as the
   * branches allow (a block to append to, or a single non-block branch statement).
   */
  tails?: ts.Node[];
}

export interface FlowSpec {
  /** True when the creation happens within `node`. */
  creates(node: ts.Node): boolean;
  /** True when `node` contains a consuming use of the response. */
  consumes(node: ts.Node): boolean;
  /**
   * Where the response variable is declared. Leaving a block or breaking out of a loop that does not contain
   * the declaration does not lose the response (`let res; try { res = await fetch(u); } catch {...}`).
   */
  declaredAt?: ts.Node;
  /** For `if (!res.body)`: the branch on which there is no body to release. */
  nothingToRelease?(condition: ts.Expression): 'then' | 'else' | undefined;
}

function merge(a: State, b: State): State {
  return mostDemanding(join(a, b)) as State;
}

interface Frame {
  kind: 'loop' | 'switch';
  node?: ts.Node;
  entry: State;
  breaks: State;
}

export function findLeaks(body: ts.ConciseBody | ts.SourceFile, initial: typeof ABSENT | typeof OPEN, spec: FlowSpec): Leak[] {
  const leaks: Leak[] = [];
  const frames: Frame[] = [];
  /** An `if` whose one branch falls through open while the other does not. */
  const openBranches = new Map<ts.Node, ts.Statement>();
  const tailsOf = (n: ts.Node): ts.Node[] => {
    const container = n;
    const list = ts.isBlock(n) || ts.isSourceFile(n) ? n.statements : undefined;
    const last = list ? list[list.length - 1] : n;
    const branch = last && openBranches.get(last);
    if (!branch) return [container];
    return ts.isBlock(branch) ? tailsOf(branch) : ts.isIfStatement(branch) && openBranches.has(branch) ? tailsOf(branch) : [branch];
  };
  let finallyConsumes = 0;

  const leak = (kind: LeakKind, node: ts.Node) => {
    if (finallyConsumes === 0) leaks.push({ kind, node });
  };

  const simple = (node: ts.Node, s: State): State => {
    if (s === ABSENT && spec.creates(node)) s = OPEN;
    if (s === OPEN && spec.consumes(node)) s = RELEASED;
    return s;
  };

  const statements = (list: readonly ts.Statement[], s: State): State => {
    for (const st of list) {
      if (s === UNREACHABLE) break;
      s = statement(st, s);
    }
    return s;
  };

  /** A block that declares the response: leaving it with the response open leaks it (it goes out of scope). */
  const block = (b: ts.Block | ts.SourceFile, s: State): State => {
    const declaredInside = !spec.declaredAt || (spec.declaredAt.pos >= b.pos && spec.declaredAt.end <= b.end);
    const declaresHere = declaredInside && s === ABSENT && b.statements.some((st) => isSimple(st) && spec.creates(st));
    const out = statements(b.statements, s);
    if (declaresHere && out === OPEN) {
      if (finallyConsumes === 0) leaks.push({ kind: 'end', node: b, tails: tailsOf(b) });
      return RELEASED;
    }
    return out;
  };

  const statement = (st: ts.Statement, s: State): State => {
    if (s === UNREACHABLE) return s;
    // Nothing can change on a path where the response does not exist yet or is already consumed.
    if (s !== OPEN && !spec.creates(st)) return s;
    switch (st.kind) {
      case ts.SyntaxKind.Block:
        return block(st as ts.Block, s);
      case ts.SyntaxKind.ReturnStatement:
      case ts.SyntaxKind.ThrowStatement: {
        const e = (st as ts.ReturnStatement | ts.ThrowStatement).expression;
        if (s === OPEN && !(e && spec.consumes(e)) && !(e && spec.creates(e))) leak(st.kind === ts.SyntaxKind.ReturnStatement ? 'return' : 'throw', st);
        return UNREACHABLE;
      }
      case ts.SyntaxKind.IfStatement: {
        const i = st as ts.IfStatement;
        const c = simple(i.expression, s);
        const empty = c === OPEN ? spec.nothingToRelease?.(i.expression) : undefined;
        const a = statement(i.thenStatement, empty === 'then' ? RELEASED : c);
        const b = i.elseStatement ? statement(i.elseStatement, empty === 'else' ? RELEASED : c) : empty === 'else' ? RELEASED : c;
        if (i.elseStatement && (a === OPEN) !== (b === OPEN)) openBranches.set(i, a === OPEN ? i.thenStatement : i.elseStatement);
        return merge(a, b);
      }
      case ts.SyntaxKind.TryStatement: {
        const t = st as ts.TryStatement;
        const fin = t.finallyBlock && spec.consumes(t.finallyBlock);
        if (fin) finallyConsumes++;
        const a = statement(t.tryBlock, s);
        // A `try` that reads the body: its `catch` is, in practice, the failed read (the body is consumed or
        // errored). Prefer silence over reporting that path.
        const b = t.catchClause ? statement(t.catchClause.block, s === OPEN && spec.consumes(t.tryBlock) ? RELEASED : s) : UNREACHABLE;
        if (fin) finallyConsumes--;
        let out = merge(a, b);
        if (t.finallyBlock) {
          if (fin) return out === UNREACHABLE ? UNREACHABLE : RELEASED;
          if (out !== UNREACHABLE) out = statement(t.finallyBlock, out);
        }
        return out;
      }
      case ts.SyntaxKind.ForStatement:
      case ts.SyntaxKind.ForOfStatement:
      case ts.SyntaxKind.ForInStatement:
      case ts.SyntaxKind.WhileStatement:
      case ts.SyntaxKind.DoStatement: {
        const loop = st as ts.IterationStatement;
        let head: State = s;
        if (ts.isForOfStatement(loop) || ts.isForInStatement(loop)) head = simple(loop.expression, s);
        else if (ts.isForStatement(loop)) {
          if (loop.initializer) head = simple(loop.initializer, head);
          if (loop.condition) head = simple(loop.condition, head);
        } else if (ts.isWhileStatement(loop)) head = simple(loop.expression, s);
        const frame: Frame = { kind: 'loop', node: loop, entry: head, breaks: UNREACHABLE };
        frames.push(frame);
        const b = statement(loop.statement, head);
        frames.pop();
        if (ts.isDoStatement(loop) && b !== UNREACHABLE) return merge(simple(loop.expression, b), frame.breaks);
        if (head === OPEN && spec.consumes(loop.statement)) return RELEASED;
        return merge(merge(head, frame.breaks), b);
      }
      case ts.SyntaxKind.BreakStatement:
      case ts.SyntaxKind.ContinueStatement: {
        const isBreak = st.kind === ts.SyntaxKind.BreakStatement;
        const labelled = !!(st as ts.BreakOrContinueStatement).label;
        const frame = isBreak && !labelled ? frames[frames.length - 1] : [...frames].reverse().find((f) => f.kind === 'loop');
        if (!frame) return UNREACHABLE;
        if (frame.kind === 'switch') {
          frame.breaks = merge(frame.breaks, s);
          return UNREACHABLE;
        }
        const outerVariable = isBreak && !!spec.declaredAt && !!frame.node && !(spec.declaredAt.pos >= frame.node.pos && spec.declaredAt.end <= frame.node.end);
        if (s === OPEN && frame.entry !== OPEN && !outerVariable) leak(isBreak ? 'break' : 'continue', st);
        else if (isBreak) frame.breaks = merge(frame.breaks, s);
        return UNREACHABLE;
      }
      case ts.SyntaxKind.SwitchStatement: {
        const sw = st as ts.SwitchStatement;
        const head = simple(sw.expression, s);
        const frame: Frame = { kind: 'switch', entry: head, breaks: UNREACHABLE };
        frames.push(frame);
        let fall: State = UNREACHABLE;
        let hasDefault = false;
        for (const clause of sw.caseBlock.clauses) {
          if (ts.isDefaultClause(clause)) hasDefault = true;
          fall = statements(clause.statements, merge(fall, head));
        }
        frames.pop();
        return merge(merge(fall, frame.breaks), hasDefault ? UNREACHABLE : head);
      }
      case ts.SyntaxKind.LabeledStatement:
        return statement((st as ts.LabeledStatement).statement, s);
      default:
        // `process.exit()` ends the process: the path does not continue, and the OS reclaims every socket.
        if (endsProcess(st)) return UNREACHABLE;
        return simple(st, s);
    }
  };

  let end: State;
  if (ts.isBlock(body) || ts.isSourceFile(body)) end = block(body, initial);
  else {
    end = simple(body, initial);
  }
  if (end === OPEN) {
    if (finallyConsumes === 0) leaks.push({ kind: 'end', node: body, tails: ts.isBlock(body) ? tailsOf(body) : [body] });
  }
  return leaks;
}

function isSimple(st: ts.Statement): boolean {
  return ts.isVariableStatement(st) || ts.isExpressionStatement(st);
}

/** `process.exit(1);`, `process.abort();`, `process.kill(process.pid)` as a statement. */
export function endsProcess(st: ts.Statement): boolean {
  if (!ts.isExpressionStatement(st)) return false;
  let e = st.expression;
  while (ts.isAwaitExpression(e) || ts.isParenthesizedExpression(e) || ts.isVoidExpression(e)) e = e.expression;
  if (!ts.isCallExpression(e) || !ts.isPropertyAccessExpression(e.expression)) return false;
  const target = e.expression.expression;
  return ts.isIdentifier(target) && target.text === 'process' && (e.expression.name.text === 'exit' || e.expression.name.text === 'abort');
}
