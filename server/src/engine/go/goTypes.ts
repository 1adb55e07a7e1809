import type { ImportTable } from './goImports';
import { child, namedChildren, textOf, unparen, walk, type GoNode, type GoTree } from './goTree';

/** True when `type` names `pkgPath.name` (with `pointer`: `*pkgPath.name`; undefined: either). */
export function isNamedType(tree: GoTree, imports: ImportTable, type: GoNode | undefined, pkgPath: string | ((p: string) => boolean), name: string, pointer?: boolean): boolean {
  if (!type) return false;
  let t: GoNode | undefined = type;
  let isPointer = false;
  if (t.type === 'pointer_type') {
    isPointer = true;
    t = namedChildren(t)[0];
  }
  if (pointer !== undefined && pointer !== isPointer) return false;
  if (t?.type !== 'qualified_type') return false;
  const pkg = child(t, 'package');
  const typeName = child(t, 'name');
  if (!pkg || !typeName || textOf(tree, typeName) !== name) return false;
  const resolved = imports.pathOf(textOf(tree, pkg));
  if (!resolved) return false;
  return typeof pkgPath === 'string' ? resolved === pkgPath : pkgPath(resolved);
}

/** True when `expr` is `pkg.Name` with pkg resolving to `pkgPath`. */
export function isQualifiedName(tree: GoTree, imports: ImportTable, expr: GoNode | undefined, pkgPath: string, names: string | ReadonlySet<string>): boolean {
  expr = unparen(expr);
  if (expr?.type !== 'selector_expression') return false;
  const operand = child(expr, 'operand');
  const field = child(expr, 'field');
  if (operand?.type !== 'identifier' || !field) return false;
  const fieldName = textOf(tree, field);
  if (typeof names === 'string' ? fieldName !== names : !names.has(fieldName)) return false;
  return imports.pathOf(textOf(tree, operand)) === pkgPath;
}

/** Parameter declarations of a function, method or func literal: [name | undefined, type][] in order. */
export function parameters(fn: GoNode): { name?: GoNode; type?: GoNode }[] {
  const list = child(fn, 'parameters');
  if (!list) return [];
  const out: { name?: GoNode; type?: GoNode }[] = [];
  for (const decl of namedChildren(list)) {
    if (decl.type !== 'parameter_declaration' && decl.type !== 'variadic_parameter_declaration') continue;
    const type = child(decl, 'type');
    const names = decl.children.filter((c) => c.field === 'name');
    if (names.length === 0) out.push({ type });
    for (const name of names) out.push({ name, type });
  }
  return out;
}

/** Result types of a function (empty for none). */
export function resultTypes(fn: GoNode): GoNode[] {
  const result = child(fn, 'result');
  if (!result) return [];
  if (result.type !== 'parameter_list') return [result];
  const out: GoNode[] = [];
  for (const decl of namedChildren(result)) {
    const type = child(decl, 'type');
    if (!type) continue;
    const n = Math.max(1, decl.children.filter((c) => c.field === 'name').length);
    for (let i = 0; i < n; i++) out.push(type);
  }
  return out;
}

const isGin = (p: string) => p === 'github.com/gin-gonic/gin';
const isEcho = (p: string) => /(^|\/)labstack\/echo(\/v\d+)?$/.test(p);
const isFiber = (p: string) => /(^|\/)gofiber\/fiber(\/v\d+)?$/.test(p);

const handlerCache = new WeakMap<GoNode, boolean>();

/** A function that runs once per incoming request: net/http, gin, echo and fiber handler shapes, ServeHTTP. */
export function isHandlerShaped(tree: GoTree, imports: ImportTable, fn: GoNode): boolean {
  let cached = handlerCache.get(fn);
  if (cached === undefined) handlerCache.set(fn, (cached = computeHandlerShaped(tree, imports, fn)));
  return cached;
}

function computeHandlerShaped(tree: GoTree, imports: ImportTable, fn: GoNode): boolean {
  if (fn.type === 'method_declaration') {
    const name = child(fn, 'name');
    if (name && textOf(tree, name) === 'ServeHTTP') return true;
  }
  const params = parameters(fn);
  let writer = false;
  let request = false;
  for (const p of params) {
    if (isNamedType(tree, imports, p.type, 'net/http', 'ResponseWriter', false)) writer = true;
    else if (isNamedType(tree, imports, p.type, 'net/http', 'Request', true)) request = true;
    else if (isNamedType(tree, imports, p.type, isGin, 'Context', true)) return true;
    else if (isNamedType(tree, imports, p.type, isEcho, 'Context', false)) return true;
    else if (isNamedType(tree, imports, p.type, isFiber, 'Ctx', true)) return true;
  }
  return writer && request;
}

const pacedCache = new WeakMap<GoNode, boolean>();
const TIME_WAITS = new Set(['Sleep', 'After', 'Tick']);

/**
 * A loop whose body waits on a timer each time round: `time.Sleep`, `<-time.After(…)`, `<-ticker.C`, or a
 * backoff / rate limiter `Wait`. It runs at the timer's rate (a poll, redial or retry loop), not per request.
 */
export function isPacedLoop(tree: GoTree, imports: ImportTable, loop: GoNode): boolean {
  let cached = pacedCache.get(loop);
  if (cached !== undefined) return cached;
  cached = false;
  const body = child(loop, 'body');
  if (body) walk(body, (n) => {
    if (cached || n.type === 'func_literal') return false;
    if (n.type === 'call_expression') {
      const fn = child(n, 'function');
      if (isQualifiedName(tree, imports, fn, 'time', TIME_WAITS)) cached = true;
      else if (fn?.type === 'selector_expression' && textOf(tree, child(fn, 'field')!) === 'Wait' && /backoff|limiter|ratelimit/i.test(textOf(tree, child(fn, 'operand')!))) cached = true;
    } else if (n.type === 'unary_expression' && textOf(tree, child(n, 'operator')!) === '<-') {
      const operand = unparen(child(n, 'operand'));
      if (operand?.type === 'selector_expression' && textOf(tree, child(operand, 'field')!) === 'C') cached = true;
    }
  });
  pacedCache.set(loop, cached);
  return cached;
}

export const FUNCTION_TYPES = new Set(['function_declaration', 'method_declaration', 'func_literal']);

export function functionName(tree: GoTree, fn: GoNode): string | undefined {
  const name = child(fn, 'name');
  return name ? textOf(tree, name) : undefined;
}

export type LocalContext =
  | { kind: 'per-request'; reason: 'handler' | 'loop' }
  | { kind: 'once' }
  | { kind: 'inherit'; caller: string };

/**
 * Where `node` runs, judged from its own function: once per request (in a handler or a loop), once
 * (package level, main, init, sync.Once), or as often as its enclosing named function is called.
 */
export function localContext(tree: GoTree, imports: ImportTable, node: GoNode): LocalContext {
  let prev = node;
  let paced = false;
  for (let p = node.parent; p; prev = p, p = p.parent) {
    switch (p.type) {
      case 'for_statement':
        // A loop paced by a timer (a poll or redial loop) runs at the timer's rate, not per request; loops
        // around it (one poller per configured item) do not make it so either: only a handler around it does.
        if (child(p, 'body') === prev && !paced) {
          if (!isPacedLoop(tree, imports, p)) return { kind: 'per-request', reason: 'loop' };
          paced = true;
        }
        break;
      case 'func_literal': {
        if (isHandlerShaped(tree, imports, p)) return { kind: 'per-request', reason: 'handler' };
        const call = p.parent?.parent;
        if (p.parent?.type === 'argument_list' && call?.type === 'call_expression') {
          const fn = child(call, 'function');
          if (fn?.type === 'selector_expression' && textOf(tree, child(fn, 'field')!) === 'Do') return { kind: 'once' };
        }
        break;
      }
      case 'function_declaration':
      case 'method_declaration': {
        if (isHandlerShaped(tree, imports, p)) return { kind: 'per-request', reason: 'handler' };
        const name = functionName(tree, p) ?? '';
        if (p.type === 'function_declaration' && (name === 'main' || name === 'init')) return { kind: 'once' };
        return { kind: 'inherit', caller: name };
      }
      case 'source_file':
        return { kind: 'once' };
    }
  }
  return { kind: 'once' };
}

/** The innermost function (declaration or literal) containing `node`. */
export function enclosingFunction(node: GoNode): GoNode | undefined {
  for (let p = node.parent; p; p = p.parent) if (FUNCTION_TYPES.has(p.type)) return p;
  return undefined;
}

export function topLevelDeclaration(node: GoNode): GoNode | undefined {
  let n: GoNode | null = node;
  while (n?.parent && n.parent.type !== 'source_file') n = n.parent;
  return n?.parent ? n : undefined;
}
