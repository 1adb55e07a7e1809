import { ImportTable, readImports } from './goImports';
import type { GoPackageSummary } from './goPackageSummary';
import { isHttpClientExpression } from './goFileFacts';
import { child, namedChildren, textOf, unparen, walk, type GoNode, type GoTree } from './goTree';
import { enclosingFunction, isNamedType, isQualifiedName, localContext, parameters } from './goTypes';
import { LineIndex } from '../textPositions';

export type LocalKind = 'client' | 'request';

/** Everything a rule needs to analyse one file of a package. */
export class GoFileContext {
  readonly imports: ImportTable;
  readonly lines: LineIndex;
  private readonly localKinds = new Map<GoNode, Map<string, LocalKind>>();

  constructor(
    readonly path: string,
    readonly tree: GoTree,
    readonly summary: GoPackageSummary,
    /** Summaries of other packages of the same module, by import path (undefined: unknown code). */
    readonly moduleSummary: (importPath: string) => GoPackageSummary | undefined = () => undefined,
  ) {
    this.imports = new ImportTable(readImports(tree));
    this.lines = new LineIndex(tree.text);
  }

  private identifiers?: Set<string>;

  /** Every identifier spelled in the file (collected once; new names picked for fixes avoid them). */
  identifierNames(): Set<string> {
    if (!this.identifiers) {
      const names = new Set<string>();
      walk(this.tree.root, (n) => {
        if (n.type === 'identifier' || n.type === 'type_identifier' || n.type === 'field_identifier' || n.type === 'package_identifier') names.add(this.text(n));
      });
      this.identifiers = names;
    }
    return this.identifiers;
  }

  get isTestFile(): boolean {
    return this.path.endsWith('_test.go');
  }

  text(node: GoNode | undefined): string {
    return node ? textOf(this.tree, node) : '';
  }

  /** Runs once per request or per item: in a handler, a loop, or a function only reached from those. */
  perRequest(node: GoNode): { reason: 'handler' | 'loop' | 'caller' } | undefined {
    const ctx = localContext(this.tree, this.imports, node);
    if (ctx.kind === 'per-request') return { reason: ctx.reason };
    if (ctx.kind === 'inherit' && this.summary.isPerRequest(ctx.caller)) return { reason: 'caller' };
    return undefined;
  }

  /** Local variables and parameters of the function around `node` known to be http clients or requests. */
  localKind(node: GoNode, name: string): LocalKind | undefined {
    const fn = enclosingFunction(node);
    if (!fn) return this.summary.clientVars.has(name) ? 'client' : undefined;
    let kinds = this.localKinds.get(fn);
    if (!kinds) {
      // Registered before it is filled: a lookup made while computing sees the partial map (no recursion).
      this.localKinds.set(fn, (kinds = new Map()));
      this.computeLocalKinds(fn, kinds);
    }
    const own = kinds.get(name);
    if (own) return own;
    const outer = enclosingFunction(fn);
    if (outer) return this.localKind(fn, name);
    return this.summary.clientVars.has(name) ? 'client' : undefined;
  }

  private computeLocalKinds(fn: GoNode, kinds: Map<string, LocalKind>): Map<string, LocalKind> {
    for (const p of parameters(fn)) {
      if (!p.name) continue;
      if (isNamedType(this.tree, this.imports, p.type, 'net/http', 'Client')) kinds.set(this.text(p.name), 'client');
      else if (isNamedType(this.tree, this.imports, p.type, 'net/http', 'Request', true)) kinds.set(this.text(p.name), 'request');
    }
    const body = child(fn, 'body');
    if (!body) return kinds;
    walk(body, (n) => {
      if (n.type === 'func_literal') return false;
      let targets: GoNode[] = [];
      let values: GoNode[] = [];
      let type: GoNode | undefined;
      if (n.type === 'short_var_declaration' || n.type === 'assignment_statement') {
        const left = child(n, 'left');
        targets = left ? namedChildren(left) : [];
        const right = child(n, 'right');
        values = right ? namedChildren(right) : [];
      } else if (n.type === 'var_spec') {
        targets = n.children.filter((c) => c.field === 'name');
        const value = child(n, 'value');
        values = value ? namedChildren(value) : [];
        type = child(n, 'type');
      } else return;
      targets.forEach((t, i) => {
        if (t.type !== 'identifier') return;
        const name = this.text(t);
        const value = values.length === targets.length ? values[i] : values.length === 1 && i === 0 ? values[0] : undefined;
        const kind = this.kindOfValue(n, value, type);
        if (kind) kinds.set(name, kind);
      });
    });
    return kinds;
  }

  private kindOfValue(at: GoNode, value: GoNode | undefined, type: GoNode | undefined): LocalKind | undefined {
    if (type) {
      if (isNamedType(this.tree, this.imports, type, 'net/http', 'Client')) return 'client';
      if (isNamedType(this.tree, this.imports, type, 'net/http', 'Request', true)) return 'request';
    }
    const v = unparen(value);
    if (!v) return undefined;
    if (isHttpClientExpression(this.tree, this.imports, v)) return 'client';
    if (v.type === 'identifier' && this.summary.clientVars.has(this.text(v))) return 'client';
    if (v.type === 'call_expression') {
      const fn = child(v, 'function');
      if (isQualifiedName(this.tree, this.imports, fn, 'net/http', new Set(['NewRequest', 'NewRequestWithContext']))) return 'request';
      if (fn?.type === 'identifier' && this.summary.clientFunctions.has(this.text(fn))) return 'client';
      if (fn?.type === 'selector_expression') {
        const method = this.text(child(fn, 'field'));
        const operand = child(fn, 'operand');
        if ((method === 'WithContext' || method === 'Clone') && operand?.type === 'identifier' && this.localKind(at, this.text(operand)) === 'request') return 'request';
        if (this.summary.clientFunctions.has(method) && !(operand?.type === 'identifier' && this.imports.pathOf(this.text(operand)))) return 'client';
      }
    }
    return undefined;
  }

  /** True when `expr` evaluates to an http client (a local, a parameter, a field, http.DefaultClient). */
  isClient(expr: GoNode | undefined): boolean {
    const e = unparen(expr);
    if (!e) return false;
    if (isQualifiedName(this.tree, this.imports, e, 'net/http', 'DefaultClient')) return true;
    if (e.type === 'identifier') return this.localKind(e, this.text(e)) === 'client';
    if (e.type === 'selector_expression') {
      const operand = child(e, 'operand');
      if (operand?.type === 'identifier' && this.imports.pathOf(this.text(operand))) return false;
      return this.summary.clientFields.has(this.text(child(e, 'field')));
    }
    if (e.type === 'call_expression') {
      const fn = child(e, 'function');
      return fn?.type === 'identifier' && this.summary.clientFunctions.has(this.text(fn));
    }
    return isHttpClientExpression(this.tree, this.imports, e);
  }

  isRequest(expr: GoNode | undefined): boolean {
    const e = unparen(expr);
    if (!e) return false;
    if (e.type === 'identifier') return this.localKind(e, this.text(e)) === 'request';
    if (e.type === 'call_expression') {
      const fn = child(e, 'function');
      if (isQualifiedName(this.tree, this.imports, fn, 'net/http', new Set(['NewRequest', 'NewRequestWithContext']))) return true;
      if (fn?.type === 'selector_expression' && ['WithContext', 'Clone'].includes(this.text(child(fn, 'field')))) return this.isRequest(child(fn, 'operand'));
    }
    return false;
  }

  /**
   * The named type of identifier `id` when its declaration says it plainly: a parameter or receiver
   * `x *T`, `var x T`, or `x := &T{...}` / `T{...}` in the enclosing functions.
   */
  declaredTypeName(id: GoNode): string | undefined {
    const name = this.text(id);
    const typeName = (t: GoNode | undefined): string | undefined => {
      if (t?.type === 'pointer_type') t = namedChildren(t)[0];
      return t?.type === 'type_identifier' ? this.text(t) : undefined;
    };
    for (let fn = enclosingFunction(id); fn; fn = enclosingFunction(fn)) {
      const receiver = child(fn, 'receiver');
      for (const list of [receiver, child(fn, 'parameters')]) {
        for (const decl of namedChildren(list ?? fn).filter((d) => d.type === 'parameter_declaration')) {
          if (decl.children.some((c) => c.field === 'name' && this.text(c) === name)) return typeName(child(decl, 'type'));
        }
      }
      let found: string | undefined;
      walk(child(fn, 'body') ?? fn, (n) => {
        if (found !== undefined || n.type === 'func_literal') return false;
        if (n.type === 'var_spec' && n.children.some((c) => c.field === 'name' && this.text(c) === name)) {
          found = typeName(child(n, 'type')) ?? '';
        } else if (n.type === 'short_var_declaration') {
          const targets = namedChildren(child(n, 'left') ?? n);
          const i = targets.findIndex((t) => this.text(t) === name);
          if (i < 0) return;
          let v = unparen(namedChildren(child(n, 'right') ?? n)[i]);
          if (v?.type === 'unary_expression') v = unparen(child(v, 'operand'));
          found = v?.type === 'composite_literal' ? typeName(child(v, 'type')) ?? '' : '';
        }
      });
      if (found !== undefined) return found || undefined;
    }
    return undefined;
  }

  /** Indentation (leading tabs/spaces) of the line holding `offset`. */
  indentAt(offset: number): string {
    const { line } = this.lines.position(offset);
    return /^[ \t]*/.exec(this.lines.lineText(line))![0];
  }
}
