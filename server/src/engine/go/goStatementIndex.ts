import type { GoFileContext } from './goFileContext';
import { child, type GoNode, namedChildren, walk } from './goTree';

/**
 * One block's statements, indexed once: their order, the plain `x.Body.Close()` statements by text, and the
 * statements that assign each name. Checks that look along a block for every response (the next statement, a
 * later redundant close, the next reassignment) use it, so a function with N responses costs O(N), not O(N²).
 */
export interface StatementIndex {
  statements: readonly GoNode[];
  positionOf: ReadonlyMap<GoNode, number>;
  /** Positions of statements whose whole text is `X.Body.Close()`, `defer X.Body.Close()` or `_ = X.Body.Close()`. */
  closes: ReadonlyMap<string, readonly number[]>;
  /** Positions of statements that assign or declare a name (at any depth, outside function literals), ascending. */
  assignments: ReadonlyMap<string, readonly number[]>;
}

const CLOSE_STATEMENT = /^(?:defer |_ = )?[A-Za-z_][A-Za-z0-9_]*\.Body\.Close\(\)$/;
const indexes = new WeakMap<GoNode, StatementIndex>();

/** The index of a `statement_list` (built on first use, kept as long as the tree). */
export function statementIndex(ctx: GoFileContext, list: GoNode): StatementIndex {
  let index = indexes.get(list);
  if (index) return index;
  const statements = namedChildren(list);
  const positionOf = new Map<GoNode, number>();
  const closes = new Map<string, number[]>();
  const assignments = new Map<string, number[]>();
  const add = (map: Map<string, number[]>, key: string, at: number) => {
    const list = map.get(key);
    if (!list) map.set(key, [at]);
    else if (list[list.length - 1] !== at) list.push(at);
  };
  statements.forEach((s, at) => {
    positionOf.set(s, at);
    const text = ctx.text(s);
    if (text.length < 200 && CLOSE_STATEMENT.test(text)) add(closes, text, at);
    walk(s, (n) => {
      if (n.type === 'func_literal') return false;
      if (n.type === 'short_var_declaration' || n.type === 'assignment_statement') {
        for (const t of namedChildren(child(n, 'left') ?? n)) if (t.type === 'identifier') add(assignments, ctx.text(t), at);
      } else if (n.type === 'var_spec') {
        for (const c of n.children) if (c.field === 'name') add(assignments, ctx.text(c), at);
      }
    });
  });
  index = { statements, positionOf, closes, assignments };
  indexes.set(list, index);
  return index;
}

/** The statement after `stmt` in its block, or undefined (also when `stmt` is not in a block). */
export function nextStatementOf(ctx: GoFileContext, stmt: GoNode): GoNode | undefined {
  const list = stmt.parent;
  if (list?.type !== 'statement_list') return undefined;
  const index = statementIndex(ctx, list);
  const at = index.positionOf.get(stmt);
  return at === undefined ? undefined : index.statements[at + 1];
}

/** The first position after `after` whose statement assigns `name`, or the block's length. */
export function nextAssignment(index: StatementIndex, name: string, after: number): number {
  const positions = index.assignments.get(name) ?? [];
  let lo = 0;
  let hi = positions.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (positions[mid]! <= after) lo = mid + 1;
    else hi = mid;
  }
  return positions[lo] ?? index.statements.length;
}
