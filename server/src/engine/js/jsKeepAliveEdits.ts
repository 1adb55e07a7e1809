import ts = require('typescript');
import type { TextEdit } from '../finding';
import type { JsFile } from './jsFile';
import { deleteStatement, endOfLineAfter, formatMs } from './jsFixTools';
import type { ServerSettings } from './jsKeepAliveSites';
import { indentationAt, objectProperty, skipOuter, startsLine } from './jsSyntax';

/** Edits the keep-alive rules' fixes share (and the per-request rule's, for a hoisted agent). */

/** Edits that make an `http.Agent` construction pass `keepAlive: true` (offsets in the file). */
export function keepAliveEdits(file: JsFile, node: ts.NewExpression): TextEdit[] | undefined {
  const arg = node.arguments?.[0];
  if (!node.arguments) return [{ start: node.expression.getEnd(), end: node.expression.getEnd(), newText: '({ keepAlive: true })' }];
  if (!arg) {
    const close = node.getEnd() - 1;
    return [{ start: close, end: close, newText: '{ keepAlive: true }' }];
  }
  let obj = skipOuter(arg);
  if (ts.isIdentifier(obj)) {
    const d = file.scopes.resolve(obj);
    if (d?.kind !== 'const' || !d.init) return undefined;
    obj = skipOuter(d.init);
  }
  if (!ts.isObjectLiteralExpression(obj)) return undefined;
  const existing = objectProperty(obj, 'keepAlive');
  if (existing && ts.isPropertyAssignment(existing)) {
    return [{ start: existing.initializer.getStart(file.sourceFile), end: existing.initializer.getEnd(), newText: 'true' }];
  }
  if (obj.properties.length === 0) return [{ start: obj.getStart(file.sourceFile), end: obj.getEnd(), newText: '{ keepAlive: true }' }];
  const first = obj.properties[0];
  const at = first.getStart(file.sourceFile);
  if (startsLine(file.text, at)) return [{ start: at, end: at, newText: `keepAlive: true,\n${indentationAt(file.text, at)}` }];
  return [{ start: at, end: at, newText: 'keepAlive: true, ' }];
}

/** Deletes an object literal property with its comma (the whole line when it has one to itself). */
export function removePropertyEdit(file: JsFile, node: ts.PropertyAssignment): TextEdit {
  const obj = node.parent as ts.ObjectLiteralExpression;
  const props = obj.properties;
  const i = props.indexOf(node);
  const start = node.getStart(file.sourceFile);
  if (props.length === 1) return { start: obj.getStart(file.sourceFile), end: obj.getEnd(), newText: '{}' };
  if (startsLine(file.text, start)) {
    let end = node.getEnd();
    if (file.text[end] === ',') end++;
    return deleteStatement(file, { getStart: () => start, getEnd: () => end } as unknown as ts.Node);
  }
  if (i > 0) return { start: props[i - 1].getEnd(), end: node.getEnd(), newText: '' };
  return { start, end: props[1].getStart(file.sourceFile), newText: '' };
}

export function setHeadersEdits(file: JsFile, s: ServerSettings, headers: number): TextEdit[] | undefined {
  if (s.headers) return [{ start: s.headers.node.getStart(file.sourceFile), end: s.headers.node.getEnd(), newText: formatMs(file, headers) }];
  if (!s.keepAlive) return undefined;
  const a = s.keepAlive.assignment;
  const indent = indentationAt(file.text, a.getStart(file.sourceFile));
  if (ts.isPropertyAssignment(a)) {
    const end = file.text[a.getEnd()] === ',' ? a.getEnd() + 1 : a.getEnd();
    const sep = file.text[a.getEnd()] === ',' ? '' : ',';
    return [{ start: end, end, newText: startsLine(file.text, a.getStart(file.sourceFile)) ? `${sep}\n${indent}headersTimeout: ${formatMs(file, headers)},` : `${sep} headersTimeout: ${formatMs(file, headers)}` }];
  }
  if (ts.isExpressionStatement(a) && ts.isBinaryExpression(a.expression) && ts.isPropertyAccessExpression(a.expression.left)) {
    const receiver = a.expression.left.expression.getText(file.sourceFile);
    const at = endOfLineAfter(file, a);
    return [{ start: at, end: at, newText: `\n${indent}${receiver}.headersTimeout = ${formatMs(file, headers)};` }];
  }
  return undefined;
}

export function statementOf(id: ts.Identifier): ts.Statement | undefined {
  for (let p: ts.Node | undefined = id.parent; p; p = p.parent) if (ts.isVariableStatement(p) || ts.isExpressionStatement(p)) return p;
  return undefined;
}
