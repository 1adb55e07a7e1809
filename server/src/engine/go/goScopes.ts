import { child, namedChildren, type GoNode, type GoTree, walk } from './goTree';
import { parameters } from './goTypes';

/** What one function declares, collected in one walk of it. */
export interface FunctionDeclarations {
  /** Named results. */
  results: ReadonlySet<string>;
  /** Parameters (the receiver apart). */
  params: ReadonlySet<string>;
  /** `:=` and `var` declarations of its body, not those of nested function literals. */
  locals: ReadonlySet<string>;
  /** Identifiers its body assigns with `=` (or `op=`), not inside nested function literals. */
  assigned: ReadonlySet<string>;
  /** Every name declared anywhere inside it, nested function literals included (parameters, results, `:=`, `var`). */
  anywhere: ReadonlySet<string>;
}

/**
 * The Go counterpart of js/jsScopes.ts: where each identifier occurs, and what each function declares, built once
 * per syntax tree. Answers "does this node mention `name`", "is `name` declared in this function" and "which names
 * are free for a new variable" for every rule, instead of a walk per question.
 */
export class GoScopeIndex {
  /** Identifier name → start offsets of its occurrences, ascending. */
  private readonly occurrences = new Map<string, number[]>();
  private readonly functions = new WeakMap<GoNode, FunctionDeclarations>();
  private readonly namesInside = new WeakMap<GoNode, ReadonlySet<string>>();

  constructor(private readonly tree: GoTree) {
    walk(tree.root, (n) => {
      if (n.type !== 'identifier') return;
      const name = this.text(n);
      const at = this.occurrences.get(name);
      if (at) at.push(n.start);
      else this.occurrences.set(name, [n.start]);
    });
    // A pre-order walk visits nodes by start already; sorting a sorted array is linear.
    for (const at of this.occurrences.values()) at.sort((a, b) => a - b);
  }

  /** True when an identifier `name` occurs inside `node`. */
  mentions(node: GoNode | undefined, name: string): boolean {
    const at = node && this.occurrences.get(name);
    if (!at) return false;
    let lo = 0;
    let hi = at.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (at[mid] < node.start) lo = mid + 1;
      else hi = mid;
    }
    return lo < at.length && at[lo] < node.end;
  }

  /** What function `fn` (a declaration, method or literal) declares. */
  declarations(fn: GoNode): FunctionDeclarations {
    let known = this.functions.get(fn);
    if (!known) this.functions.set(fn, (known = this.collect(fn)));
    return known;
  }

  /** Every identifier name used inside `node` (for names a new variable must not shadow or clash with). */
  namesIn(node: GoNode): ReadonlySet<string> {
    let names = this.namesInside.get(node);
    if (!names) {
      const found = new Set<string>();
      walk(node, (n) => {
        if (n.type === 'identifier') found.add(this.text(n));
      });
      this.namesInside.set(node, (names = found));
    }
    return names;
  }

  private collect(fn: GoNode): FunctionDeclarations {
    const results = new Set<string>();
    const params = new Set<string>();
    const locals = new Set<string>();
    const assigned = new Set<string>();
    const anywhere = new Set<string>();
    const result = child(fn, 'result');
    if (result?.type === 'parameter_list') {
      for (const decl of namedChildren(result)) for (const c of decl.children) if (c.field === 'name') results.add(this.text(c));
    }
    for (const p of parameters(fn)) if (p.name) params.add(this.text(p.name));
    const body = child(fn, 'body');
    if (body) {
      walk(body, (n) => {
        if (n.type === 'func_literal') return false;
        if (n.type === 'short_var_declaration') {
          for (const t of namedChildren(child(n, 'left') ?? n)) locals.add(this.text(t));
        } else if (n.type === 'var_spec') {
          for (const c of n.children) if (c.field === 'name') locals.add(this.text(c));
        } else if (n.type === 'assignment_statement') {
          for (const t of namedChildren(child(n, 'left') ?? n)) assigned.add(this.text(t));
        }
      });
    }
    walk(fn, (n) => {
      if (n.type === 'short_var_declaration') for (const t of namedChildren(child(n, 'left') ?? n)) anywhere.add(this.text(t));
      else if (n.type === 'var_spec' || n.type === 'parameter_declaration') {
        for (const c of n.children) if (c.field === 'name') anywhere.add(this.text(c));
      }
    });
    return { results, params, locals, assigned, anywhere };
  }

  private text(n: GoNode): string {
    return this.tree.text.slice(n.start, n.end);
  }
}

const indexes = new WeakMap<GoTree, GoScopeIndex>();

/** The scope index of a file's syntax tree, built on first use. */
export function goScopes(ctx: { tree: GoTree }): GoScopeIndex {
  let index = indexes.get(ctx.tree);
  if (!index) indexes.set(ctx.tree, (index = new GoScopeIndex(ctx.tree)));
  return index;
}

/** `base`, or `base2`, `base3`, … : the first that `taken` refuses. */
export function freshName(base: string, taken: (name: string) => boolean): string {
  for (let i = 1; ; i++) {
    const name = i === 1 ? base : `${base}${i}`;
    if (!taken(name)) return name;
  }
}
