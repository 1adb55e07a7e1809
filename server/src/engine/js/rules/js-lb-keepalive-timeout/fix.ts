import ts = require('typescript');
import type { Fix, TextEdit } from '../../../finding';
import type { JsFile } from '../../jsFile';
import { endOfLineAfter, formatMs, freshName } from '../../jsFixTools';
import { setHeadersEdits, statementOf } from '../../jsKeepAliveEdits';
import type { ServerSettings } from '../../jsKeepAliveSites';
import { indentationAt } from '../../jsSyntax';

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

