import ts = require('typescript');
import { jsWork } from './jsWorkCounter';

/** Parsing and small syntax helpers shared by the JS/TS checks. No type-checker. */

export function scriptKindFor(filePath: string): ts.ScriptKind {
  const lower = filePath.toLowerCase();
  if (lower.endsWith('.tsx')) return ts.ScriptKind.TSX;
  if (lower.endsWith('.ts') || lower.endsWith('.mts') || lower.endsWith('.cts')) return ts.ScriptKind.TS;
  if (lower.endsWith('.jsx')) return ts.ScriptKind.JSX;
  return ts.ScriptKind.JS;
}

export function parseJs(filePath: string, text: string): ts.SourceFile {
  return ts.createSourceFile(filePath, text, ts.ScriptTarget.Latest, true, scriptKindFor(filePath));
}

export type FunctionLike =
  | ts.FunctionDeclaration
  | ts.FunctionExpression
  | ts.ArrowFunction
  | ts.MethodDeclaration
  | ts.ConstructorDeclaration
  | ts.GetAccessorDeclaration
  | ts.SetAccessorDeclaration;

export function isFunctionLike(node: ts.Node): node is FunctionLike {
  return (
    ts.isFunctionDeclaration(node) ||
    ts.isFunctionExpression(node) ||
    ts.isArrowFunction(node) ||
    ts.isMethodDeclaration(node) ||
    ts.isConstructorDeclaration(node) ||
    ts.isGetAccessorDeclaration(node) ||
    ts.isSetAccessorDeclaration(node)
  );
}

/** Removes parentheses, `await`, type assertions, `!` and `satisfies` around an expression. */
export function skipOuter(expr: ts.Expression): ts.Expression {
  for (;;) {
    if (ts.isParenthesizedExpression(expr) || ts.isAwaitExpression(expr) || ts.isNonNullExpression(expr)) expr = expr.expression;
    else if (ts.isAsExpression(expr) || ts.isTypeAssertionExpression(expr) || ts.isSatisfiesExpression(expr)) expr = expr.expression;
    else return expr;
  }
}

/** The expression that consumes `node`'s value: climbs through parentheses, `await`, assertions. */
export function outerUse(node: ts.Expression): ts.Expression {
  let cur: ts.Expression = node;
  for (;;) {
    const p = cur.parent;
    if (
      p &&
      (ts.isParenthesizedExpression(p) ||
        ts.isAwaitExpression(p) ||
        ts.isNonNullExpression(p) ||
        ts.isAsExpression(p) ||
        ts.isTypeAssertionExpression(p) ||
        ts.isSatisfiesExpression(p))
    )
      cur = p;
    else return cur;
  }
}

export function enclosingFunction(node: ts.Node): FunctionLike | undefined {
  for (let p = node.parent; p; p = p.parent) if (isFunctionLike(p)) return p;
  return undefined;
}

/** Name of a property (identifier, string literal or computed string). */
export function propertyName(name: ts.PropertyName | ts.MemberName | undefined): string | undefined {
  if (!name) return undefined;
  if (ts.isIdentifier(name) || ts.isPrivateIdentifier(name)) return name.text;
  if (ts.isStringLiteral(name) || ts.isNoSubstitutionTemplateLiteral(name) || ts.isNumericLiteral(name)) return name.text;
  if (ts.isComputedPropertyName(name)) {
    const e = name.expression;
    if (ts.isStringLiteralLike(e)) return e.text;
  }
  return undefined;
}

/** `a.b` or `a['b']`: the member name, else undefined. */
export function memberName(node: ts.Node): string | undefined {
  if (ts.isPropertyAccessExpression(node)) return node.name.text;
  if (ts.isElementAccessExpression(node) && ts.isStringLiteralLike(node.argumentExpression)) return node.argumentExpression.text;
  return undefined;
}

/** Property of an object literal by name (the last one wins, as at run time). */
export function objectProperty(obj: ts.ObjectLiteralExpression, name: string): ts.ObjectLiteralElementLike | undefined {
  let found: ts.ObjectLiteralElementLike | undefined;
  for (const p of obj.properties) {
    if ((ts.isPropertyAssignment(p) || ts.isShorthandPropertyAssignment(p) || ts.isMethodDeclaration(p)) && propertyName(p.name) === name) found = p;
  }
  return found;
}

export function hasSpread(obj: ts.ObjectLiteralExpression): boolean {
  return obj.properties.some((p) => ts.isSpreadAssignment(p));
}

export function isLoop(node: ts.Node): node is ts.IterationStatement {
  return (
    ts.isForStatement(node) || ts.isForOfStatement(node) || ts.isForInStatement(node) || ts.isWhileStatement(node) || ts.isDoStatement(node)
  );
}

/** True when `inner` lies within the part of `loop` that runs once per iteration. */
export function isInLoopBody(loop: ts.IterationStatement, inner: ts.Node): boolean {
  const within = (n: ts.Node | undefined) => !!n && inner.pos >= n.pos && inner.end <= n.end;
  if (within(loop.statement)) return true;
  if (ts.isForStatement(loop)) return within(loop.condition) || within(loop.incrementor);
  if (ts.isWhileStatement(loop) || ts.isDoStatement(loop)) return within(loop.expression);
  return false;
}

/** Constant-folds simple numeric expressions (`65_000`, `65 * 1000`, `(60 + 5) * 1e3`). */
export function numericValue(expr: ts.Expression | undefined, lookup?: (id: ts.Identifier) => ts.Expression | undefined, depth = 0): number | undefined {
  if (!expr || depth > 8) return undefined;
  expr = skipOuter(expr);
  if (ts.isNumericLiteral(expr)) return Number(expr.text.replace(/_/g, ''));
  if (ts.isPrefixUnaryExpression(expr) && expr.operator === ts.SyntaxKind.MinusToken) {
    const v = numericValue(expr.operand, lookup, depth + 1);
    return v === undefined ? undefined : -v;
  }
  if (ts.isIdentifier(expr) && lookup) return numericValue(lookup(expr), lookup, depth + 1);
  if (ts.isBinaryExpression(expr)) {
    const a = numericValue(expr.left, lookup, depth + 1);
    const b = numericValue(expr.right, lookup, depth + 1);
    if (a === undefined || b === undefined) return undefined;
    switch (expr.operatorToken.kind) {
      case ts.SyntaxKind.PlusToken:
        return a + b;
      case ts.SyntaxKind.MinusToken:
        return a - b;
      case ts.SyntaxKind.AsteriskToken:
        return a * b;
      case ts.SyntaxKind.SlashToken:
        return b === 0 ? undefined : a / b;
    }
  }
  return undefined;
}

/** Leading whitespace of the line containing `offset`. */
export function indentationAt(text: string, offset: number): string {
  let start = offset;
  while (start > 0 && text[start - 1] !== '\n') start--;
  let end = start;
  while (end < text.length && (text[end] === ' ' || text[end] === '\t')) end++;
  return text.slice(start, end);
}

/** True when only whitespace precedes `offset` on its line. */
export function startsLine(text: string, offset: number): boolean {
  for (let i = offset - 1; i >= 0 && text[i] !== '\n'; i--) if (text[i] !== ' ' && text[i] !== '\t') return false;
  return true;
}

/** The indentation unit used by the file (two spaces when unsure). */
export function indentUnit(text: string): string {
  const m = /\n(\t+|[ ]{2,8})\S/.exec(text);
  if (!m) return '  ';
  return m[1][0] === '\t' ? '\t' : m[1].length >= 4 ? '    ' : '  ';
}

/**
 * Visits every node under `root` (itself included) in source order, without recursion: deeply nested code
 * (thousands of `+` terms, nested `if`s or chained calls) cannot overflow the stack. `visit` returns `false`
 * to skip a node's children, or the list of children to walk instead of all of them.
 */
export function walkNodes(root: ts.Node, visit: (node: ts.Node) => unknown): void {
  const stack: ts.Node[] = [root];
  // One callback for the whole walk (not one closure per node); it returns nothing, so forEachChild never stops early.
  // Children go straight onto the stack and are then reversed in place, so the first child is visited first
  // (no intermediate array to clear: setting an array's length is a slow runtime call).
  const collect = (child: ts.Node): void => {
    stack.push(child);
  };
  let visited = 0;
  while (stack.length) {
    const node = stack.pop()!;
    visited++;
    const result = visit(node);
    if (result === false) continue;
    const first = stack.length;
    if (Array.isArray(result)) for (const child of result) stack.push(child);
    else ts.forEachChild(node, collect);
    for (let i = first, j = stack.length - 1; i < j; i++, j--) {
      const swap = stack[i];
      stack[i] = stack[j];
      stack[j] = swap;
    }
  }
  jsWork.units += visited;
}
