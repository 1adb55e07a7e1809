import ts = require('typescript');
import type { Fix, TextEdit } from '../finding';
import type { JsFile } from './jsFile';
import { deleteStatement, endOfLineAfter, formatMs, freshName, insertModuleLines, moduleAccessor, moduleInsertAfter } from './jsFixTools';
import type { ServerSettings } from './jsKeepAliveSites';
import { indentationAt, objectProperty, skipOuter, startsLine } from './jsSyntax';

/** Fixes for the keep-alive rules. */

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

export function addKeepAliveFix(file: JsFile, node: ts.NewExpression): Fix[] {
  const edits = keepAliveEdits(file, node);
  return edits ? [{ title: 'Add keepAlive: true', preferred: true, edits }] : [];
}

export function agentFalseFix(file: JsFile, prop: ts.PropertyAssignment, module: 'http' | 'https' | 'any'): Fix[] {
  if (module === 'any') {
    // node-fetch picks http or https by URL: without the option it uses Node's global agents (keep-alive since Node 19).
    return [{ title: 'Remove agent: false (use the global keep-alive agents)', preferred: true, edits: [removePropertyEdit(file, prop)] }];
  }
  const accessor = moduleAccessor(file, module, 'Agent');
  const name = freshName(file, module === 'https' ? 'keepAliveHttpsAgent' : 'keepAliveAgent');
  const after = moduleInsertAfter(file);
  const edits: TextEdit[] = [
    ...(accessor.edits ?? []),
    insertModuleLines(file, [`const ${name} = new ${accessor.expr}({ keepAlive: true });`], after, accessor.importLine ? [accessor.importLine] : []),
    { start: prop.initializer.getStart(file.sourceFile), end: prop.initializer.getEnd(), newText: name },
  ];
  return [{ title: `Use one shared keep-alive ${module}.Agent`, preferred: true, edits }];
}

/** Deletes an object literal property with its comma (the whole line when it has one to itself). */
function removePropertyEdit(file: JsFile, node: ts.PropertyAssignment): TextEdit {
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

export function removeConnectionCloseFix(file: JsFile, node: ts.Node): Fix[] {
  let edit: TextEdit;
  if (ts.isPropertyAssignment(node)) {
    const obj = node.parent as ts.ObjectLiteralExpression;
    const holder = obj.parent;
    if (obj.properties.length === 1 && ts.isPropertyAssignment(holder) && holder.initializer === obj) return removeConnectionCloseFix(file, holder);
    edit = removePropertyEdit(file, node);
  } else {
    const st = node.parent;
    if (!st || !ts.isExpressionStatement(st)) return [];
    edit = deleteStatement(file, st);
  }
  return [{ title: 'Remove the Connection: close header', preferred: true, edits: [edit] }];
}

/** Sets headersTimeout above keepAliveTimeout. */
export function serverTimeoutFix(file: JsFile, s: ServerSettings, keepAlive: number): Fix[] {
  const headers = keepAlive + 1000;
  const edits = setHeadersEdits(file, s, headers);
  return edits ? [{ title: `Set headersTimeout to ${headers} ms (above keepAliveTimeout)`, preferred: true, edits }] : [];
}

function setHeadersEdits(file: JsFile, s: ServerSettings, headers: number): TextEdit[] | undefined {
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

/** Raises keepAliveTimeout above the load balancer's idle timeout (and headersTimeout above that). */
export function lbTimeoutFix(file: JsFile, server: ts.Expression, s: ServerSettings, lb: number): Fix[] {
  const keepAlive = lb * 1000 + 5000;
  const headers = keepAlive + 1000;
  const needHeaders = s.headers ? (s.headers.value === undefined || s.headers.value <= keepAlive) : headers > 60000;
  const title = `Set keepAliveTimeout to ${keepAlive} ms (above the ${lb} s load balancer timeout)`;
  const edits: TextEdit[] = [];
  if (s.headers && needHeaders) edits.push({ start: s.headers.node.getStart(file.sourceFile), end: s.headers.node.getEnd(), newText: formatMs(file, headers) });
  if (s.keepAlive) {
    edits.push({ start: s.keepAlive.node.getStart(file.sourceFile), end: s.keepAlive.node.getEnd(), newText: formatMs(file, keepAlive) });
    if (!s.headers && needHeaders) {
      const more = setHeadersEdits(file, { ...s, headers: undefined }, headers);
      if (!more) return [];
      edits.push(...more);
    }
    return [{ title, preferred: true, edits }];
  }
  if (s.fastify && ts.isCallExpression(server)) {
    const opts = s.options;
    if (opts) {
      if (opts.properties.length === 0) edits.push({ start: opts.getStart(file.sourceFile), end: opts.getEnd(), newText: `{ keepAliveTimeout: ${formatMs(file, keepAlive)} }` });
      else edits.push({ start: opts.properties[0].getStart(file.sourceFile), end: opts.properties[0].getStart(file.sourceFile), newText: `keepAliveTimeout: ${formatMs(file, keepAlive)}, ` });
    } else if (server.arguments.length === 0) {
      const close = server.getEnd() - 1;
      edits.push({ start: close, end: close, newText: `{ keepAliveTimeout: ${formatMs(file, keepAlive)} }` });
    } else return [];
    return [{ title, preferred: true, edits }];
  }
  const settingLines = (name: string, indent: string) =>
    `\n${indent}${name}.keepAliveTimeout = ${formatMs(file, keepAlive)};${needHeaders && !s.headers ? `\n${indent}${name}.headersTimeout = ${formatMs(file, headers)};` : ''}`;
  if (s.binding) {
    const declStatement = statementOf(s.binding);
    if (!declStatement) return [];
    const indent = indentationAt(file.text, declStatement.getStart(file.sourceFile));
    const at = endOfLineAfter(file, declStatement);
    edits.push({ start: at, end: at, newText: settingLines(s.binding.text, indent) });
    return [{ title, preferred: true, edits }];
  }
  // `app.listen(3000);` / `http.createServer(h).listen(80);`: keep the server in a variable.
  let value: ts.Expression = server;
  while (value.parent && (ts.isParenthesizedExpression(value.parent) || (ts.isPropertyAccessExpression(value.parent) && value.parent.name.text === 'listen' && ts.isCallExpression(value.parent.parent)))) {
    value = ts.isPropertyAccessExpression(value.parent) ? (value.parent.parent as ts.CallExpression) : value.parent;
  }
  const st = value.parent;
  if (!st || !ts.isExpressionStatement(st) || !ts.isBlock(st.parent) && !ts.isSourceFile(st.parent)) return [];
  const name = freshName(file, 'server');
  const indent = indentationAt(file.text, st.getStart(file.sourceFile));
  edits.push({ start: st.getStart(file.sourceFile), end: st.getStart(file.sourceFile), newText: `const ${name} = ` });
  if (file.text[st.getEnd() - 1] !== ';') edits.push({ start: st.getEnd(), end: st.getEnd(), newText: ';' });
  const at = endOfLineAfter(file, st);
  edits.push({ start: at, end: at, newText: settingLines(name, indent) });
  return [{ title, preferred: true, edits }];
}

function statementOf(id: ts.Identifier): ts.Statement | undefined {
  for (let p: ts.Node | undefined = id.parent; p; p = p.parent) if (ts.isVariableStatement(p) || ts.isExpressionStatement(p)) return p;
  return undefined;
}
