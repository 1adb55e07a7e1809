import ts = require('typescript');
import type { ScopeIndex } from './jsScopes';
import { memberName, skipOuter } from './jsSyntax';

/**
 * Resolves expressions to the library API they denote, following imports, requires, aliases and
 * destructuring within the file. Results are canonical strings:
 *   `http.Agent`           the Agent export of node:http (however it was imported or renamed)
 *   `new undici.Pool`      an instance created with `new`
 *   `express()`            the result of calling a function
 *   `global.fetch`         a global that no local declaration shadows
 * A local class or function yields undefined, so a local class named `Agent` is not Node's.
 */
export class EntityResolver {
  private readonly cache = new Map<ts.Node, string | null>();

  constructor(private readonly scopes: ScopeIndex) {}

  entityOf(expr: ts.Expression | undefined): string | undefined {
    if (!expr) return undefined;
    return this.resolve(expr, 0);
  }

  private resolve(node: ts.Expression, depth: number): string | undefined {
    if (depth > 12) return undefined;
    const cached = this.cache.get(node);
    if (cached !== undefined) return cached ?? undefined;
    this.cache.set(node, null); // cycle guard
    const result = this.compute(node, depth);
    this.cache.set(node, result ?? null);
    return result;
  }

  private compute(node: ts.Expression, depth: number): string | undefined {
    const expr = skipOuter(node);
    if (ts.isIdentifier(expr)) return this.identifier(expr, depth);
    if (expr.kind === ts.SyntaxKind.ThisKeyword) return undefined;
    if (ts.isPropertyAccessExpression(expr) || ts.isElementAccessExpression(expr)) {
      const name = memberName(expr);
      if (name === undefined) return undefined;
      const base = this.resolve(expr.expression, depth + 1);
      return base === undefined ? undefined : joinMember(base, name);
    }
    if (ts.isCallExpression(expr)) {
      const arg0 = expr.arguments[0];
      if (expr.expression.kind === ts.SyntaxKind.ImportKeyword) {
        return arg0 && ts.isStringLiteralLike(arg0) ? normalizeModule(arg0.text) : undefined;
      }
      const callee = this.resolve(expr.expression, depth + 1);
      if ((callee === 'global.require' || callee === 'module.createRequire()') && arg0 && ts.isStringLiteralLike(arg0)) {
        return normalizeModule(arg0.text);
      }
      return callee === undefined ? undefined : `${callee}()`;
    }
    if (ts.isNewExpression(expr)) {
      const callee = this.resolve(expr.expression, depth + 1);
      return callee === undefined ? undefined : `new ${callee}`;
    }
    if (ts.isConditionalExpression(expr)) {
      // `tls ? https : http`, `secure ? https.request : http.request`: the same API of either module.
      const a = this.resolve(expr.whenTrue, depth + 1);
      const b = this.resolve(expr.whenFalse, depth + 1);
      if (a !== undefined && b !== undefined && sameApiOfHttpModules(a, b)) return a;
    }
    return undefined;
  }

  private identifier(id: ts.Identifier, depth: number): string | undefined {
    const decl = this.scopes.resolve(id);
    if (!decl) {
      if (id.text === 'globalThis' || id.text === 'global' || id.text === 'window') return 'global';
      if (id.text === 'undefined') return undefined;
      return `global.${id.text}`;
    }
    if (decl.kind === 'import' && decl.importFrom) {
      const mod = normalizeModule(decl.importFrom.module);
      const name = decl.importFrom.name;
      return name === '*' || name === 'default' ? mod : joinMember(mod, name);
    }
    if ((decl.kind === 'const' || decl.kind === 'let' || decl.kind === 'var') && decl.init && !decl.node) {
      let base = this.resolve(decl.init, depth + 1);
      if (base === undefined) return undefined;
      for (const seg of decl.path ?? []) base = joinMember(base, seg);
      return base;
    }
    return undefined;
  }
}

/** `http.request` and `https.request` (or `http` and `https`): one API, chosen between the two modules at run time. */
function sameApiOfHttpModules(a: string, b: string): boolean {
  const strip = (x: string) => x.replace(/^(new )?https?(?=\.|$)/, '$1http');
  return strip(a) === strip(b) && /^(new )?https?(\.|$)/.test(a);
}

function joinMember(base: string, name: string): string {
  if (name === 'default') return base;
  if (base === 'global') return `global.${name}`;
  return `${base}.${name}`;
}

/** `node:http` → `http`; package subpaths that re-export the same API collapse to the package. */
export function normalizeModule(spec: string): string {
  let m = spec.startsWith('node:') ? spec.slice(5) : spec;
  if (m === 'mysql2/promise') m = 'mysql2';
  if (m === '@redis/client') m = 'redis';
  if (m === 'timers/promises') m = 'timers/promises';
  return m;
}
