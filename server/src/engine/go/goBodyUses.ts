import type { ImportTable } from './goImports';
import { child, namedChildren, textOf, type GoNode, type GoTree } from './goTree';

/**
 * How one mention of a response (or of its body) treats the obligation to close the body.
 *  - close:   closes it (`resp.Body.Close()`, `body.Close()`)
 *  - escape:  hands the responsibility away (returned, stored, sent, captured, passed to code we cannot see)
 *  - neutral: only reads it (`resp.StatusCode`, `io.ReadAll(resp.Body)`, `resp == nil`)
 *  - call:    passed to a function of the same package; its summary decides
 *  - alias:   copied into a local variable that now carries the obligation
 */
export type BodyUse =
  | { kind: 'close' | 'escape' | 'neutral' }
  /** Passed to a function: of this package, or of another package of the module when `importPath` is set. */
  | { kind: 'call'; name: string; index: number; importPath?: string }
  | { kind: 'alias'; name: string; aliasKind: TrackedKind };

/** `response` = an *http.Response; `body` = its Body (an io.ReadCloser) or an io.Closer made from it. */
export type TrackedKind = 'response' | 'body';

/** Package functions from the standard library that read from a reader but never close it. */
const NON_CLOSING_FUNCTIONS: Record<string, ReadonlySet<string> | 'all'> = {
  io: new Set(['ReadAll', 'Copy', 'CopyN', 'CopyBuffer', 'ReadFull', 'ReadAtLeast', 'LimitReader', 'TeeReader', 'MultiReader', 'NopCloser']),
  'io/ioutil': new Set(['ReadAll']),
  'encoding/json': new Set(['NewDecoder']),
  'encoding/xml': new Set(['NewDecoder']),
  'encoding/csv': new Set(['NewReader']),
  bufio: new Set(['NewReader', 'NewReaderSize', 'NewScanner']),
  'compress/gzip': new Set(['NewReader']),
  'net/http/httputil': new Set(['DumpResponse']),
  fmt: 'all',
  log: 'all',
  errors: 'all',
  strings: 'all',
  bytes: 'all',
};

const NON_CLOSING_METHODS = new Set(['ReadFrom']);
const NEUTRAL_BUILTINS = new Set(['len', 'cap', 'print', 'println', 'panic']);

function parentSkippingParens(node: GoNode): GoNode | null {
  let p = node.parent;
  while (p && p.type === 'parenthesized_expression') p = p.parent;
  return p;
}

function argumentIndex(args: GoNode, arg: GoNode): number {
  return namedChildren(args).findIndex((a) => a.start <= arg.start && arg.end <= a.end);
}

/** Classifies the mention `id` (an identifier node) of a tracked variable of kind `kind`. */
export function classifyBodyUse(tree: GoTree, imports: ImportTable, id: GoNode, kind: TrackedKind): BodyUse {
  const fields: string[] = [];
  let n = id;
  while (n.parent && n.parent.type === 'selector_expression' && child(n.parent, 'operand') === n) {
    const field = child(n.parent, 'field');
    fields.push(field ? textOf(tree, field) : '');
    n = n.parent;
  }
  const callee = (node: GoNode) => node.parent?.type === 'call_expression' && child(node.parent, 'function') === node;
  if (kind === 'response') {
    if (fields.length === 0) return valueUse(tree, imports, n, 'response');
    if (fields[0] !== 'Body') return { kind: 'neutral' };
    if (fields.length === 1) {
      // `resp.Body = x` replaces the body (the read-close-replace wrapper): no change to the obligation.
      if (isAssignmentTarget(n)) return { kind: 'neutral' };
      return valueUse(tree, imports, n, 'body');
    }
    if (fields[1] === 'Close' && fields.length === 2) {
      // Called, or handed on as a method value (`defer check(resp.Body.Close)`).
      return callee(n) ? { kind: 'close' } : { kind: 'escape' };
    }
    return { kind: 'neutral' };
  }
  if (fields.length === 0) return valueUse(tree, imports, n, 'body');
  if (fields[0] === 'Close' && fields.length === 1) return callee(n) ? { kind: 'close' } : { kind: 'escape' };
  return { kind: 'neutral' };
}

function isAssignmentTarget(node: GoNode): boolean {
  const list = node.parent;
  return !!list && list.type === 'expression_list' && list.field === 'left' && list.parent?.type === 'assignment_statement';
}

function valueUse(tree: GoTree, imports: ImportTable, n: GoNode, kind: TrackedKind): BodyUse {
  const p = parentSkippingParens(n);
  if (!p) return { kind: 'escape' };
  switch (p.type) {
    case 'argument_list': {
      const call = p.parent!;
      const fn = child(call, 'function');
      const index = argumentIndex(p, n);
      if (!fn) return { kind: 'escape' };
      if (fn.type === 'identifier') {
        const name = textOf(tree, fn);
        if (NEUTRAL_BUILTINS.has(name)) return { kind: 'neutral' };
        if (name === 'append' || name === 'new') return { kind: 'escape' };
        return { kind: 'call', name, index };
      }
      if (fn.type === 'selector_expression') {
        const operand = child(fn, 'operand');
        const field = child(fn, 'field');
        const method = field ? textOf(tree, field) : '';
        if (operand?.type === 'identifier') {
          const pkg = imports.pathOf(textOf(tree, operand));
          if (pkg) {
            if (pkg === 'io' && (method === 'Closer' || method === 'ReadCloser')) {
              // A conversion: the converted value carries the obligation.
              const converted = classifyConverted(tree, imports, call);
              return converted;
            }
            const known = NON_CLOSING_FUNCTIONS[pkg];
            if (known === 'all' || known?.has(method)) return { kind: 'neutral' };
            // Another package: its summary decides when it is part of the module, else it is unknown (handed away).
            return { kind: 'call', name: method, index, importPath: pkg };
          }
        }
        if (NON_CLOSING_METHODS.has(method)) return { kind: 'neutral' };
        return { kind: 'call', name: method, index };
      }
      return { kind: 'escape' };
    }
    case 'expression_list': {
      const owner = p.parent;
      if (!owner) return { kind: 'escape' };
      if (owner.type === 'return_statement') return { kind: 'escape' };
      if (p.field === 'right' || p.field === 'value') {
        const left = child(owner, owner.type === 'var_spec' ? 'name' : 'left');
        const index = namedChildren(p).findIndex((e) => e.start <= n.start && n.end <= e.end);
        let target: GoNode | undefined;
        if (owner.type === 'var_spec') target = owner.children.filter((c) => c.field === 'name')[index];
        else if (left) target = namedChildren(left)[index];
        if (!target) return { kind: 'escape' };
        if (target.type === 'identifier') {
          const name = textOf(tree, target);
          if (name === '_') return { kind: 'neutral' };
          return { kind: 'alias', name, aliasKind: kind };
        }
        return { kind: 'escape' };
      }
      if (p.field === 'left') return { kind: 'neutral' };
      return { kind: 'escape' };
    }
    case 'return_statement':
      return { kind: 'escape' };
    case 'binary_expression':
      return { kind: 'neutral' };
    case 'type_assertion_expression':
      if (child(p, 'operand') === n || unparenEq(child(p, 'operand'), n)) return nextUse(tree, imports, p, 'body');
      return { kind: 'neutral' };
    case 'if_statement':
    case 'expression_switch_statement':
      return { kind: 'neutral' };
    default:
      return { kind: 'escape' };
  }
}

function unparenEq(a: GoNode | undefined, b: GoNode): boolean {
  return !!a && a.start <= b.start && b.end <= a.end;
}

/** The use of an expression that wraps the tracked value (a conversion or type assertion). */
function nextUse(tree: GoTree, imports: ImportTable, wrapper: GoNode, kind: TrackedKind): BodyUse {
  const p = parentSkippingParens(wrapper);
  if (p?.type === 'selector_expression' && child(p, 'operand') && textOf(tree, child(p, 'field')!) === 'Close') {
    const call = p.parent;
    if (call?.type === 'call_expression' && child(call, 'function') === p) return { kind: 'close' };
  }
  return valueUse(tree, imports, wrapper, kind);
}

function classifyConverted(tree: GoTree, imports: ImportTable, conversion: GoNode): BodyUse {
  return nextUse(tree, imports, conversion, 'body');
}
