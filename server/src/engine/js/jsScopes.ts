import ts = require('typescript');
import { jsWork } from './jsWorkCounter';
import { isFunctionLike, walkNodes } from './jsSyntax';

/**
 * Lexical scopes of one file, built in a single pass: which declaration every identifier refers
 * to. Enough to tell an imported `Agent` from a local class named `Agent`, and to find every use
 * of a variable. Not a type-checker: `with`, `eval` and dynamic globals are ignored.
 */

export type DeclarationKind = 'import' | 'var' | 'let' | 'const' | 'param' | 'function' | 'class' | 'catch' | 'other';

export interface Declaration {
  name: string;
  kind: DeclarationKind;
  /** The declaring identifier. */
  id: ts.Identifier;
  /** The scope node (SourceFile, function, block, ...). */
  scope: ts.Node;
  /** For `import`: the module specifier and the imported name (`*` for namespace, `default`). */
  importFrom?: { module: string; name: string };
  /** For variables: the initializer of the whole declaration, and the property path into it for destructuring. */
  init?: ts.Expression;
  path?: string[];
  /** For function/class declarations and `const f = () => ...`: the function-like node. */
  node?: ts.Node;
}

export class ScopeIndex {
  private readonly scopes = new Map<ts.Node, Map<string, Declaration>>();
  private readonly declOfId = new Map<ts.Identifier, Declaration>();
  private readonly refs = new Map<Declaration, ts.Identifier[]>();
  private readonly resolved = new Map<ts.Identifier, Declaration | null>();
  private readonly nearestScope = new Map<ts.Node, ts.Node | null>();
  /** Every identifier that is an expression reference (not a declaration name, not a property name). */
  readonly references: ts.Identifier[] = [];
  private readonly declCounts = new Map<string, number>();
  /** Identifier texts used anywhere in the file (for picking fresh names). */
  readonly usedNames = new Set<string>();

  constructor(readonly sourceFile: ts.SourceFile) {
    this.collect(sourceFile);
    for (const id of this.references) {
      const decl = this.resolve(id);
      if (decl) {
        let list = this.refs.get(decl);
        if (!list) {
          list = [];
          this.refs.set(decl, list);
        }
        list.push(id);
      }
    }
  }

  /** The declaration an identifier refers to, or undefined for globals/unknowns. */
  resolve(id: ts.Identifier): Declaration | undefined {
    const cached = this.resolved.get(id);
    if (cached !== undefined) return cached ?? undefined;
    const own = this.declOfId.get(id);
    if (own) return own;
    let result: Declaration | undefined;
    // Hop from scope to scope (not node to node): linear in the file even for very deep expressions.
    for (let n = this.scopeAtOrAbove(id.parent); n; n = this.scopeAtOrAbove(n.parent)) {
      const d = this.scopes.get(n)!.get(id.text);
      if (d) {
        result = d;
        break;
      }
    }
    this.resolved.set(id, result ?? null);
    return result;
  }

  /** The nearest node at or above `node` that declares something, memoised along the way. */
  private scopeAtOrAbove(node: ts.Node | undefined): ts.Node | undefined {
    const path: ts.Node[] = [];
    let found: ts.Node | undefined;
    for (let n = node; n; n = n.parent) {
      jsWork.units++;
      if (this.scopes.has(n)) {
        found = n;
        break;
      }
      const memo = this.nearestScope.get(n);
      if (memo !== undefined) {
        found = memo ?? undefined;
        break;
      }
      path.push(n);
    }
    for (const n of path) this.nearestScope.set(n, found ?? null);
    return found;
  }

  /** The references inside `node`, by binary search (`references` is in source order): no scan of the whole file. */
  referencesWithin(node: ts.Node): ts.Identifier[] {
    const refs = this.references;
    let lo = 0;
    let hi = refs.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (refs[mid].pos < node.pos) lo = mid + 1;
      else hi = mid;
    }
    const out: ts.Identifier[] = [];
    for (let i = lo; i < refs.length && refs[i].pos < node.end; i++) if (refs[i].end <= node.end) out.push(refs[i]);
    return out;
  }

  declarationOf(id: ts.Identifier): Declaration | undefined {
    return this.declOfId.get(id);
  }

  referencesOf(decl: Declaration): readonly ts.Identifier[] {
    return this.refs.get(decl) ?? [];
  }

  /** Declarations of the file's top-level scope. */
  /** How many declarations of `name` the file has (in any scope). */
  declarationsNamed(name: string): number {
    return this.declCounts.get(name) ?? 0;
  }

  moduleScope(): Map<string, Declaration> {
    return this.scopes.get(this.sourceFile) ?? new Map();
  }

  isModuleScope(decl: Declaration): boolean {
    return decl.scope === this.sourceFile;
  }

  private declare(scope: ts.Node, id: ts.Identifier, kind: DeclarationKind, extra: Partial<Declaration> = {}): void {
    let map = this.scopes.get(scope);
    if (!map) {
      map = new Map();
      this.scopes.set(scope, map);
    }
    const decl: Declaration = { name: id.text, kind, id, scope, ...extra };
    this.declCounts.set(id.text, (this.declCounts.get(id.text) ?? 0) + 1);
    // `var` re-declarations and overloads: keep the first, it has the initializer more often.
    if (!map.has(id.text)) map.set(id.text, decl);
    this.declOfId.set(id, map.get(id.text)!);
  }

  private functionScope(node: ts.Node): ts.Node {
    for (let p = node.parent; p; p = p.parent) if (isFunctionLike(p) || ts.isSourceFile(p) || ts.isModuleBlock(p)) return p;
    return this.sourceFile;
  }

  private blockScope(node: ts.Node): ts.Node {
    for (let p = node.parent; p; p = p.parent) {
      if (
        ts.isBlock(p) ||
        ts.isSourceFile(p) ||
        ts.isModuleBlock(p) ||
        ts.isCaseBlock(p) ||
        ts.isForStatement(p) ||
        ts.isForOfStatement(p) ||
        ts.isForInStatement(p) ||
        isFunctionLike(p) ||
        ts.isClassStaticBlockDeclaration(p)
      )
        return p;
    }
    return this.sourceFile;
  }

  private declareBinding(
    name: ts.BindingName,
    scope: ts.Node,
    kind: DeclarationKind,
    init: ts.Expression | undefined,
    path: string[],
  ): void {
    if (ts.isIdentifier(name)) {
      const fn = init && path.length === 0 && (ts.isArrowFunction(init) || ts.isFunctionExpression(init) || ts.isClassExpression(init)) ? init : undefined;
      this.declare(scope, name, kind, { init, path, node: fn });
      return;
    }
    if (ts.isObjectBindingPattern(name)) {
      for (const el of name.elements) {
        if (el.dotDotDotToken) {
          this.declareBinding(el.name, scope, kind, undefined, path);
          continue;
        }
        const key = el.propertyName ? (ts.isIdentifier(el.propertyName) || ts.isStringLiteral(el.propertyName) ? el.propertyName.text : undefined) : ts.isIdentifier(el.name) ? el.name.text : undefined;
        this.declareBinding(el.name, scope, kind, key === undefined ? undefined : init, key === undefined ? path : [...path, key]);
      }
      return;
    }
    for (const el of name.elements) {
      if (ts.isBindingElement(el)) this.declareBinding(el.name, scope, kind, undefined, path);
    }
  }

  private collect(root: ts.Node): void {
    walkNodes(root, (node) => {
      switch (node.kind) {
        case ts.SyntaxKind.Identifier: {
          const id = node as ts.Identifier;
          this.usedNames.add(id.text);
          if (isReference(id)) this.references.push(id);
          break;
        }
        case ts.SyntaxKind.VariableDeclaration: {
          const d = node as ts.VariableDeclaration;
          const list = d.parent;
          const flags = ts.isVariableDeclarationList(list) ? list.flags : 0;
          const kind: DeclarationKind = flags & (ts.NodeFlags.Const | ts.NodeFlags.Using) ? 'const' : flags & ts.NodeFlags.Let ? 'let' : 'var';
          const scope = kind === 'var' ? this.functionScope(d) : this.blockScope(d);
          this.declareBinding(d.name, scope, kind, d.initializer, []);
          break;
        }
        case ts.SyntaxKind.Parameter: {
          const p = node as ts.ParameterDeclaration;
          if (p.parent && isFunctionLike(p.parent)) this.declareBinding(p.name, p.parent, 'param', undefined, []);
          break;
        }
        case ts.SyntaxKind.FunctionDeclaration: {
          const f = node as ts.FunctionDeclaration;
          if (f.name) this.declare(this.blockScope(f), f.name, 'function', { node: f });
          break;
        }
        case ts.SyntaxKind.FunctionExpression: {
          const f = node as ts.FunctionExpression;
          if (f.name) this.declare(f, f.name, 'function', { node: f });
          break;
        }
        case ts.SyntaxKind.ClassDeclaration: {
          const c = node as ts.ClassDeclaration;
          if (c.name) this.declare(this.blockScope(c), c.name, 'class', { node: c });
          break;
        }
        case ts.SyntaxKind.ClassExpression: {
          const c = node as ts.ClassExpression;
          if (c.name) this.declare(c, c.name, 'class', { node: c });
          break;
        }
        case ts.SyntaxKind.EnumDeclaration:
        case ts.SyntaxKind.ModuleDeclaration: {
          const e = node as ts.EnumDeclaration | ts.ModuleDeclaration;
          if (ts.isIdentifier(e.name)) this.declare(this.blockScope(e), e.name, 'other');
          break;
        }
        case ts.SyntaxKind.CatchClause: {
          const c = node as ts.CatchClause;
          if (c.variableDeclaration) this.declareBinding(c.variableDeclaration.name, c, 'catch', undefined, []);
          // Its VariableDeclaration child must not be declared again as a `var`.
          return [c.block];
        }
        case ts.SyntaxKind.ImportDeclaration: {
          const imp = node as ts.ImportDeclaration;
          const module = ts.isStringLiteral(imp.moduleSpecifier) ? imp.moduleSpecifier.text : '';
          const clause = imp.importClause;
          const scope = this.blockScope(imp);
          if (clause && !clause.isTypeOnly) {
            if (clause.name) this.declare(scope, clause.name, 'import', { importFrom: { module, name: 'default' } });
            const nb = clause.namedBindings;
            if (nb && ts.isNamespaceImport(nb)) this.declare(scope, nb.name, 'import', { importFrom: { module, name: '*' } });
            if (nb && ts.isNamedImports(nb)) {
              for (const el of nb.elements) {
                if (el.isTypeOnly) continue;
                const imported = el.propertyName ? (el.propertyName as ts.Identifier).text : el.name.text;
                this.declare(scope, el.name, 'import', { importFrom: { module, name: imported } });
              }
            }
          }
          for (const id of collectIdentifiers(imp)) this.usedNames.add(id);
          return false;
        }
        case ts.SyntaxKind.ImportEqualsDeclaration: {
          const imp = node as ts.ImportEqualsDeclaration;
          const ref = imp.moduleReference;
          if (ts.isExternalModuleReference(ref) && ts.isStringLiteral(ref.expression)) {
            this.declare(this.blockScope(imp), imp.name, 'import', { importFrom: { module: ref.expression.text, name: '*' } });
          } else this.declare(this.blockScope(imp), imp.name, 'other');
          this.usedNames.add(imp.name.text);
          return false;
        }
      }
      // Type positions never hold runtime references.
      if (ts.isTypeNode(node) && !ts.isExpressionWithTypeArguments(node)) {
        for (const id of collectIdentifiers(node)) this.usedNames.add(id);
        return false;
      }
      if (ts.isInterfaceDeclaration(node) || ts.isTypeAliasDeclaration(node)) {
        this.usedNames.add(node.name.text);
        return false;
      }
      return true;
    });
  }
}

function collectIdentifiers(node: ts.Node): string[] {
  const out: string[] = [];
  walkNodes(node, (n) => {
    if (ts.isIdentifier(n)) out.push(n.text);
  });
  return out;
}

/** True when the identifier reads a binding (rather than naming a property or declaring one). */
function isReference(id: ts.Identifier): boolean {
  const p = id.parent;
  if (!p) return false;
  if (ts.isPropertyAccessExpression(p) && p.name === id) return false;
  if ((ts.isPropertyAssignment(p) || ts.isPropertyDeclaration(p) || ts.isMethodDeclaration(p) || ts.isPropertySignature(p) || ts.isMethodSignature(p)) && p.name === id) return false;
  if ((ts.isGetAccessorDeclaration(p) || ts.isSetAccessorDeclaration(p) || ts.isEnumMember(p)) && p.name === id) return false;
  if (ts.isBindingElement(p) && (p.propertyName === id || p.name === id)) return false;
  if ((ts.isVariableDeclaration(p) || ts.isParameter(p) || ts.isFunctionDeclaration(p) || ts.isFunctionExpression(p) || ts.isClassDeclaration(p) || ts.isClassExpression(p)) && p.name === id) return false;
  if (ts.isImportSpecifier(p) || ts.isImportClause(p) || ts.isNamespaceImport(p)) return false;
  if (ts.isExportSpecifier(p)) return (p.propertyName ?? p.name) === id;
  if (ts.isLabeledStatement(p) || ts.isBreakOrContinueStatement(p)) return false;
  if (ts.isQualifiedName(p)) return false;
  if (ts.isJsxAttribute(p) || ts.isJsxNamespacedName(p)) return false;
  return true;
}
