import { goScopes } from './goScopes';
import { classifyBodyUse, type TrackedKind } from './goBodyUses';
import { collectUses } from './goFileFacts';
import type { GoFileContext } from './goFileContext';
import { type LeakKind, OPEN, release, toAbsent } from '../leakPath';
import { isTerminatingCall } from './goTerminatingCalls';
import { blockStatements, child, namedChildren, unparen, walk, type GoNode } from './goTree';
import { statementIndex } from './goStatementIndex';
import { FUNCTION_TYPES, isQualifiedName, parameters } from './goTypes';


export interface Site {
  node: GoNode;
  state: number;
}

interface Flow {
  fall: number;
  brk: Site[];
  cont: Site[];
}

export interface Leak {
  kind: LeakKind;
  /** The statement that leaves with the body open, or the block whose end is reached. */
  node: GoNode;
  /** States on the leaking path (OPEN alone means the response is certainly non-nil there). */
  state: number;
}

const CASES = new Set(['expression_case', 'default_case', 'type_case', 'communication_case']);

/** Thrown when code nests deeper than the analysis follows (generated code): that response is skipped. */
export class TooDeep extends Error {}
const MAX_DEPTH = 300;

const states = (sites: Site[]) => sites.reduce((s, x) => s | x.state, 0);

/**
 * Follows one response from the statement that produced it to every exit of its scope and records
 * the exits where the body is still open. Structured control flow only (goto ends a path silently).
 */
export class BodyFlow {
  readonly tracked = new Map<string, TrackedKind>();
  readonly leaks: Leak[] = [];
  /** Some path hands the response away (returns, stores, captures it): a deferred close would be wrong. */
  escapes = false;
  /** Statements that read the body to its end (`io.ReadAll(resp.Body)`, `io.Copy(io.Discard, resp.Body)`). */
  readonly drains: GoNode[] = [];
  /** Variables the response or its body was copied into (`r = resp.Body`). */
  private readonly aliases = new Set<string>();
  /**
   * Flags set to `true` right before every `break` that leaves a loop with the body open
   * (`ok = true; break`): on the side of a later `if !ok` where the flag is false, the body is not open.
   */
  private readonly breakFlags = new Set<string>();

  constructor(
    private readonly ctx: GoFileContext,
    readonly respName: string,
    readonly errName: string | undefined,
    private readonly isProducer: (call: GoNode) => boolean,
    /** The response variable is a named result of the function: a bare `return` returns it. */
    private readonly namedResult = false,
  ) {
    this.tracked.set(respName, 'response');
  }

  /** Runs the analysis from the producing statement `stmt` (which declares or assigns `respName`). */
  run(stmt: GoNode, declares: boolean): void {
    const declBlock = declares ? this.scopeOf(stmt) : undefined;
    let node = stmt;
    let flow: Flow = { fall: OPEN, brk: [], cont: [] };
    if (stmt.parent?.type === 'if_statement' && stmt.field === 'initializer') {
      const ifs = stmt.parent;
      flow = this.execIfBranches(ifs, OPEN);
      if (declares && flow.fall & OPEN) this.leak('end', ifs, flow.fall);
      if (declares) flow.fall &= ~OPEN;
      node = ifs;
    }
    for (;;) {
      const p = node.parent;
      if (!p) return;
      if (!(flow.fall & OPEN) && !flow.brk.some((b) => b.state & OPEN) && !flow.cont.some((c) => c.state & OPEN)) return;
      if (p.type === 'statement_list') {
        // The statements after this one, from the block's index (no copy of the block per response).
        const index = statementIndex(this.ctx, p);
        const at = index.positionOf.get(node);
        const rest = at === undefined ? index.statements.filter((c) => c.start >= node.end) : index.statements;
        const outer = flow;
        const r = this.execList(rest, flow.fall, at === undefined ? 0 : at + 1, () => !outer.brk.some((b) => b.state & OPEN) && !outer.cont.some((c) => c.state & OPEN));
        flow = { fall: r.fall, brk: [...flow.brk, ...r.brk], cont: [...flow.cont, ...r.cont] };
        node = p;
        continue;
      }
      if (p.type === 'block' || CASES.has(p.type)) {
        const gp = p.parent;
        if (p.type === 'block' && gp && FUNCTION_TYPES.has(gp.type)) {
          // Copied into a variable captured from outside the function (`reader = resp.Body` in a closure): handed away.
          if (flow.fall & OPEN && !this.aliasOutside(gp)) this.leak('end', p, flow.fall);
          return;
        }
        if (p === declBlock && flow.fall & OPEN && this.aliasOutside(p)) {
          // Copied into a variable of an enclosing block (`r = resp.Body` in a switch case): follow it there.
        } else if (p === declBlock && flow.fall & OPEN) {
          // Leaving the variable's scope with the body open (a loop body's end is reported as such).
          this.leak(gp?.type === 'for_statement' ? 'loop-end' : 'end', p, flow.fall);
          flow.fall &= ~OPEN;
        }
        if (p.type === 'block' && gp?.type === 'for_statement' && child(gp, 'body') === p) {
          if (this.closedAtIterationStart(p, stmt)) {
            // `if resp != nil { resp.Body.Close() }` before the call: the next iteration closes it,
            // and after the last one the response is still there for the code after the loop.
            flow = { fall: states(flow.brk) | states(flow.cont) | flow.fall, brk: [], cont: [] };
            node = gp;
            continue;
          }
          for (const c of flow.cont) if (c.state & OPEN) this.leak('continue', c.node, c.state);
          if (flow.fall & OPEN) this.leak('loop-end', p, flow.fall);
          this.noteBreakFlag(flow.brk);
          flow = { fall: states(flow.brk), brk: [], cont: [] };
          node = gp;
          continue;
        }
        if (CASES.has(p.type)) {
          flow = { fall: flow.fall | states(flow.brk), brk: [], cont: flow.cont };
          node = gp ?? p;
          continue;
        }
        node = p;
        continue;
      }
      if (p.type === 'source_file') return;
      if (FUNCTION_TYPES.has(p.type)) return;
      node = p;
    }
  }

  /** A copy of the response in a variable declared outside `scope` (a block or a function). */
  private aliasOutside(scope: GoNode): boolean {
    for (const name of this.aliases) if (!this.declaredWithin(scope, name)) return true;
    return false;
  }

  private declaredWithin(scope: GoNode, name: string): boolean {
    if (FUNCTION_TYPES.has(scope.type) && parameters(scope).some((p) => p.name && this.ctx.text(p.name) === name)) return true;
    let found = false;
    walk(scope, (n) => {
      if (found || (n !== scope && n.type === 'func_literal')) return false;
      if (n.type === 'short_var_declaration' && namedChildren(child(n, 'left') ?? n).some((t) => this.ctx.text(t) === name)) found = true;
      else if (n.type === 'var_spec' && n.children.some((c) => c.field === 'name' && this.ctx.text(c) === name)) found = true;
    });
    return found;
  }

  /** `flag = true` right before each break that leaves the loop with the body open (and nowhere else). */
  private noteBreakFlag(breaks: Site[]): void {
    const open = breaks.filter((b) => b.state & OPEN);
    if (open.length === 0) return;
    let flag: string | undefined;
    for (const b of open) {
      const list = b.node.parent;
      if (list?.type !== 'statement_list') return;
      const index = statementIndex(this.ctx, list);
      const before = index.statements[(index.positionOf.get(b.node) ?? 0) - 1];
      const m = before?.type === 'assignment_statement' ? /^(\w+)\s*=\s*true$/.exec(this.ctx.text(before)) : null;
      if (!m || (flag !== undefined && flag !== m[1])) return;
      flag = m[1];
    }
    const fn = FUNCTION_TYPES.has(open[0].node.type) ? open[0].node : this.enclosingFunctionOf(open[0].node);
    if (!flag || !fn) return;
    let trueSets = 0;
    walk(fn, (n) => {
      if (n.type === 'assignment_statement' && new RegExp(`^${flag}\\s*=\\s*true$`).test(this.ctx.text(n))) trueSets++;
    });
    if (trueSets === open.length) this.breakFlags.add(flag);
  }

  private enclosingFunctionOf(node: GoNode): GoNode | undefined {
    for (let p = node.parent; p; p = p.parent) if (FUNCTION_TYPES.has(p.type)) return p;
    return undefined;
  }

  /** True when statements of the loop body before the producing one close the tracked response. */
  private closedAtIterationStart(body: GoNode, producer: GoNode): boolean {
    const before = blockStatements(body).filter((st) => st.end <= producer.start);
    return before.some((st) => this.applyUses(st, OPEN) !== OPEN);
  }

  private scopeOf(stmt: GoNode): GoNode | undefined {
    if (stmt.parent?.type === 'statement_list') return stmt.parent.parent ?? undefined;
    return stmt.parent ?? undefined;
  }

  private leak(kind: LeakKind, node: GoNode, state: number): void {
    if (!this.leaks.some((l) => l.node === node)) this.leaks.push({ kind, node, state });
  }

  private execList(stmts: readonly GoNode[], s: number, from = 0, stopWhenClear?: () => boolean): Flow {
    let fall = s;
    const brk: Site[] = [];
    const cont: Site[] = [];
    for (let i = from; i < stmts.length; i++) {
      const st = stmts[i]!;
      if (fall === 0) break;
      // Nothing open on any path of the whole flow: the rest can neither leak nor reopen it (keeps one
      // response's flow short in a long function). Only at the top level: a nested list must still say
      // whether it jumps or falls through.
      if (stopWhenClear && !(fall & OPEN) && !brk.some((b) => b.state & OPEN) && !cont.some((c) => c.state & OPEN) && stopWhenClear()) break;
      const r = this.exec(st, fall);
      fall = r.fall;
      brk.push(...r.brk);
      cont.push(...r.cont);
    }
    return { fall, brk, cont };
  }

  private depth = 0;

  private exec(stmt: GoNode, s: number): Flow {
    if (++this.depth > MAX_DEPTH) throw new TooDeep();
    try {
      return this.execStatement(stmt, s);
    } finally {
      this.depth--;
    }
  }

  private execStatement(stmt: GoNode, s: number): Flow {
    const none: Site[] = [];
    switch (stmt.type) {
      case 'return_statement': {
        // A bare return hands named results (the response among them) to the caller.
        if (this.namedResult && namedChildren(stmt).length === 0) return { fall: 0, brk: none, cont: none };
        const after = this.applyUses(stmt, s);
        // Copied into a variable from outside the function (a closure's captured variable): handed away.
        const fn = this.enclosingFunctionOf(stmt);
        if (after & OPEN && !(fn && this.aliasOutside(fn))) this.leak('return', stmt, after);
        return { fall: 0, brk: none, cont: none };
      }
      case 'continue_statement':
        return { fall: 0, brk: none, cont: [{ node: stmt, state: s }] };
      case 'break_statement':
        return { fall: 0, brk: [{ node: stmt, state: s }], cont: none };
      case 'goto_statement':
        return { fall: 0, brk: none, cont: none };
      case 'expression_statement':
        if (this.terminates(stmt)) return { fall: 0, brk: none, cont: none };
        return { fall: this.applyUses(stmt, s), brk: none, cont: none };
      case 'block':
        return this.execList(blockStatements(stmt), s);
      case 'if_statement': {
        const init = child(stmt, 'initializer');
        const s1 = init ? this.exec(init, s).fall : s;
        return this.execIfBranches(stmt, s1);
      }
      case 'for_statement': {
        let s1 = s;
        for (const c of stmt.children) if (c.field !== 'body') s1 = this.applyUses(c, s1);
        const body = this.exec(child(stmt, 'body') ?? stmt, s1);
        return { fall: s1 | body.fall | states(body.brk) | states(body.cont), brk: none, cont: none };
      }
      case 'expression_switch_statement':
      case 'type_switch_statement':
      case 'select_statement':
        return this.execSwitch(stmt, s);
      case 'labeled_statement': {
        const inner = namedChildren(stmt).find((c) => c.type !== 'label_name');
        return inner ? this.exec(inner, s) : { fall: s, brk: none, cont: none };
      }
      case 'short_var_declaration':
      case 'assignment_statement':
      case 'var_declaration': {
        if (this.assignsResponse(stmt)) {
          const right = child(stmt, 'right');
          const reproduced = right && namedChildren(right).some((v) => v.type === 'call_expression' && this.isProducer(v));
          if (reproduced && s & OPEN) this.leak('overwrite', stmt, s);
          return { fall: reproduced ? 0 : release(s), brk: none, cont: none };
        }
        return { fall: this.applyUses(stmt, s), brk: none, cont: none };
      }
      default:
        return { fall: this.applyUses(stmt, s), brk: none, cont: none };
    }
  }

  private execIfBranches(ifs: GoNode, s: number): Flow {
    const cond = child(ifs, 'condition');
    const s1 = cond ? this.applyUses(cond, s) : s;
    const t = cond ? this.refine(cond, s1, true) : s1;
    const f = cond ? this.refine(cond, s1, false) : s1;
    const cons = this.exec(child(ifs, 'consequence') ?? ifs, t);
    const altNode = child(ifs, 'alternative');
    const alt: Flow = altNode ? this.exec(altNode, f) : { fall: f, brk: [], cont: [] };
    return { fall: cons.fall | alt.fall, brk: [...cons.brk, ...alt.brk], cont: [...cons.cont, ...alt.cont] };
  }

  private execSwitch(sw: GoNode, s: number): Flow {
    let s1 = s;
    for (const c of sw.children) if (!CASES.has(c.type)) s1 = this.applyUses(c, s1);
    const tagless = sw.type === 'expression_switch_statement' && !child(sw, 'value');
    let rest = s1;
    let fall = 0;
    const cont: Site[] = [];
    let hasDefault = false;
    for (const c of sw.children) {
      if (!CASES.has(c.type)) continue;
      let caseState = rest;
      if (c.type === 'default_case') hasDefault = true;
      else if (tagless) {
        const values = child(c, 'value');
        const cond = values ? namedChildren(values)[0] : undefined;
        if (cond) {
          caseState = this.refine(cond, rest, true);
          rest = this.refine(cond, rest, false);
        }
      }
      const r = this.execList(blockStatements(c), caseState);
      fall |= r.fall | states(r.brk);
      cont.push(...r.cont);
    }
    if (!hasDefault && sw.type !== 'select_statement') fall |= rest;
    return { fall, brk: [], cont };
  }

  /** The states on the `branch` side of condition `cond`. */
  private refine(cond: GoNode, s: number, branch: boolean): number {
    if (!(s & OPEN)) return s;
    if (++this.depth > MAX_DEPTH) throw new TooDeep();
    try {
      return this.refineCondition(cond, s, branch);
    } finally {
      this.depth--;
    }
  }

  private refineCondition(cond: GoNode, s: number, branch: boolean): number {
    const c = unparen(cond);
    if (!c) return s;
    if (c.type === 'unary_expression' && this.ctx.text(child(c, 'operator')) === '!') return this.refine(child(c, 'operand')!, s, !branch);
    if (c.type === 'binary_expression') {
      const op = this.ctx.text(child(c, 'operator'));
      const left = child(c, 'left')!;
      const right = child(c, 'right')!;
      if (op === '||') {
        const leftFalse = this.refine(left, s, false);
        return branch ? this.refine(left, s, true) | this.refine(right, leftFalse, true) : this.refine(right, leftFalse, false);
      }
      if (op === '&&') {
        const leftTrue = this.refine(left, s, true);
        return branch ? this.refine(right, leftTrue, true) : this.refine(left, s, false) | this.refine(right, leftTrue, false);
      }
      if (op === '==' || op === '!=') {
        const l = unparen(left);
        const r = unparen(right);
        const other = l?.type === 'nil' ? r : r?.type === 'nil' ? l : undefined;
        // `err == ErrSkip` / `err != io.EOF`: on the side where err equals a sentinel error, the call failed.
        const sentinel = (n: GoNode | undefined) =>
          !!n && (n.type === 'identifier' || n.type === 'selector_expression') && /^[Ee]rr[A-Z_]/.test(this.ctx.text(n.type === 'selector_expression' ? child(n, 'field') : n));
        const errSide = l?.type === 'identifier' && this.ctx.text(l) === this.errName ? r : r?.type === 'identifier' && this.ctx.text(r) === this.errName ? l : undefined;
        if (errSide && sentinel(errSide)) return (op === '==') === branch ? toAbsent(s) : s;
        // `resp.Body == nil`: nothing to close on that side.
        if (other?.type === 'selector_expression' && this.ctx.text(child(other, 'field')) === 'Body' && this.ctx.text(child(other, 'operand')) === this.respName) {
          return (op === '==') === branch ? toAbsent(s) : s;
        }
        if (other?.type === 'identifier') {
          const name = this.ctx.text(other);
          if (name === this.errName) return (op === '!=') === branch ? toAbsent(s) : s;
          if (name === this.respName) return (op === '==') === branch ? toAbsent(s) : s;
        }
        return s;
      }
    }
    // `if !ok { ... }` after a loop left by `ok = true; break`: where the flag is false, no break carried the body.
    if (c.type === 'identifier' && this.breakFlags.has(this.ctx.text(c)) && !branch) return s & ~OPEN;
    // `if assert.NoError(t, err) { … }` (testify's assert/require, `NoError` or `Nil`): true means the call succeeded.
    if (c.type === 'call_expression' && this.errName && this.mentions(c, this.errName) && !this.mentions(c, this.respName)) {
      const fn = child(c, 'function');
      const name = fn?.type === 'selector_expression' ? this.ctx.text(child(fn, 'field')) : fn ? this.ctx.text(fn) : '';
      if (name === 'NoError' || name === 'Nil') return branch ? s : toAbsent(s);
    }
    // An unknown test of the error (`errors.Is(err, x)`, `isTimeout(err)`): assume its true side is a failure.
    if (branch && this.errName && this.mentions(c, this.errName) && !this.mentions(c, this.respName)) return toAbsent(s);
    return s;
  }

  /** `defer func() { … }()` or `func() { … }()`: the closure runs here (or at return), and nothing keeps it. */
  private runsInPlace(literal: GoNode): boolean {
    const call = literal.parent;
    if (call?.type !== 'call_expression' || child(call, 'function') !== literal) return false;
    return call.parent?.type === 'defer_statement' || call.parent?.type === 'expression_statement';
  }

  /** True when the closure closes, hands away, or passes on (to a consuming helper) a tracked value. */
  private closureReleases(literal: GoNode): boolean {
    const body = child(literal, 'body');
    if (!body) return false;
    const uses = collectUses(this.ctx.tree, this.ctx.imports, body, new Map(this.tracked));
    return uses.some((u) => this.ctx.summary.resolve(u, this.ctx.moduleSummary) !== 'neutral');
  }

  private mentions(node: GoNode, name: string): boolean {
    return goScopes(this.ctx).mentions(node, name);
  }

  private terminates(stmt: GoNode): boolean {
    return isTerminatingCall(this.ctx, stmt);
  }


  /**
   * True when every leak is reached only after a statement that read the body to its end: that statement
   * precedes the leak in a block around it. Go's transport has then taken the connection back already.
   */
  drainedBeforeEveryLeak(): boolean {
    if (this.drains.length === 0 || this.leaks.length === 0) return false;
    return this.leaks.every((leak) => {
      const at = leak.kind === 'end' || leak.kind === 'loop-end' ? leak.node.end - 1 : leak.node.start;
      return this.drains.some((d) => d === leak.node || (d.end <= at && !!d.parent && d.parent.start <= at && at < d.parent.end));
    });
  }

  /** Records the statement around a draining call (an `if x.Body != nil { … }` around it counts as the statement). */
  private noteDrain(call: GoNode): void {
    let stmt: GoNode = call;
    while (stmt.parent && stmt.parent.type !== 'statement_list') stmt = stmt.parent;
    for (;;) {
      const block = stmt.parent?.parent;
      const ifs = block?.parent;
      if (block?.type !== 'block' || ifs?.type !== 'if_statement' || child(ifs, 'consequence') !== block || child(ifs, 'alternative')) break;
      if (!/\.Body\s*!=\s*nil$/.test(this.ctx.text(child(ifs, 'condition')).trim()) || blockStatements(block).length !== 1) break;
      stmt = ifs;
    }
    if (stmt.parent?.type === 'statement_list' && !this.drains.includes(stmt)) this.drains.push(stmt);
  }

  /** `io.ReadAll(x)`, `ioutil.ReadAll(x)` or `io.Copy(io.Discard, x)` where x is the tracked body. */
  private readsToEnd(call: GoNode): boolean {
    const fn = child(call, 'function');
    const args = namedChildren(child(call, 'arguments') ?? call);
    let reader: GoNode | undefined;
    if (isQualifiedName(this.ctx.tree, this.ctx.imports, fn, 'io', 'ReadAll') || isQualifiedName(this.ctx.tree, this.ctx.imports, fn, 'io/ioutil', 'ReadAll')) reader = args[0];
    else if (isQualifiedName(this.ctx.tree, this.ctx.imports, fn, 'io', 'Copy') && args.length === 2) {
      const sink = args[0];
      if (isQualifiedName(this.ctx.tree, this.ctx.imports, sink, 'io', 'Discard') || isQualifiedName(this.ctx.tree, this.ctx.imports, sink, 'io/ioutil', 'Discard')) reader = args[1];
    }
    const r = unparen(reader);
    if (!r) return false;
    if (r.type === 'identifier') return this.tracked.get(this.ctx.text(r)) === 'body';
    return r.type === 'selector_expression' && this.ctx.text(child(r, 'field')) === 'Body' && this.tracked.get(this.ctx.text(child(r, 'operand'))) === 'response';
  }

  private assignsResponse(stmt: GoNode): boolean {
    let targets: GoNode[] = [];
    if (stmt.type === 'var_declaration') return false;
    const left = child(stmt, 'left');
    targets = left ? namedChildren(left) : [];
    return targets.some((t) => t.type === 'identifier' && this.ctx.text(t) === this.respName);
  }

  /** Applies every mention of a tracked variable inside `node` to the state. */
  private applyUses(node: GoNode, s: number): number {
    let out = s;
    walk(node, (n) => {
      if (n.type === 'func_literal') {
        if ([...this.tracked.keys()].some((name) => this.mentions(n, name))) {
          // A deferred or immediately called closure that only reads the response (logs its status) closes
          // nothing; any other closure that mentions it may keep it (a goroutine, a callback): handed away.
          if (this.runsInPlace(n) && !this.closureReleases(n)) return false;
          out = release(out);
          this.escapes = true;
        }
        return false;
      }
      if (n.type === 'call_expression' && this.readsToEnd(n)) this.noteDrain(n);
      if (n.type !== 'identifier') return;
      const kind = this.tracked.get(this.ctx.text(n));
      if (!kind) return;
      const use = classifyBodyUse(this.ctx.tree, this.ctx.imports, n, kind);
      if (use.kind === 'alias') {
        this.tracked.set(use.name, use.aliasKind);
        this.aliases.add(use.name);
        return;
      }
      const resolved = this.ctx.summary.resolve(use, this.ctx.moduleSummary);
      if (resolved === 'escape') this.escapes = true;
      if (resolved === 'close' || resolved === 'escape') out = release(out);
    });
    return out;
  }
}
