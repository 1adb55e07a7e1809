import ts = require('typescript');
import type { Reporter } from '../../../rule';
import { jsConnectionCloseInfo } from './info';
import type { JsFile } from '../../jsFile';
import { callsTaking, isRequestCall, keepAliveSites, objectLiteralOf } from '../../jsKeepAliveSites';
import type { JsRule } from '../../jsRule';
import { memberName, outerUse, propertyName, skipOuter } from '../../jsSyntax';
import { removeConnectionCloseFix } from './fix';

export const jsConnectionClose: JsRule<'js-connection-close'> = {
  info: jsConnectionCloseInfo,
  check(ctx, report) {
    const { file } = ctx;
    for (const { node, entity } of keepAliveSites(ctx).nodes) {
      if (ts.isNewExpression(node)) {
        if (entity === 'global.Headers' && node.arguments?.[0]) headerObject(file, skipOuter(node.arguments[0]), report);
      } else if (ts.isCallExpression(node)) setHeaderCall(file, node, report);
      else if (ts.isPropertyAssignment(node)) {
        if (propertyName(node.name) === 'headers') headerObject(file, skipOuter(node.initializer), report, node);
      } else headerObject(file, node.name, report, node);
    }
  },
};

const CONNECTION_CLOSE_MESSAGE = 'Request header `Connection: close` ends the connection after each response (no keep-alive); remove it';

/** `headers: { Connection: 'close' }` in request options. */
function headerObject(file: JsFile, expr: ts.Expression, report: Reporter, holder?: ts.PropertyAssignment | ts.ShorthandPropertyAssignment): void {
  const obj = objectLiteralOf(file, expr);
  if (!obj) return;
  if (holder) {
    const options = holder.parent as ts.ObjectLiteralExpression;
    const calls = callsTaking(file, options);
    const newCall = outerUse(options).parent;
    const isRequest = calls.some((c) => isRequestCall(file, c)) || (newCall && ts.isNewExpression(newCall) && isRequestCall(file, newCall));
    if (!isRequest) return;
  }
  for (const p of obj.properties) {
    if (!ts.isPropertyAssignment(p)) continue;
    const name = propertyName(p.name);
    const value = skipOuter(p.initializer);
    if (name?.toLowerCase() === 'connection' && ts.isStringLiteralLike(value) && value.text.toLowerCase() === 'close') {
      const message = CONNECTION_CLOSE_MESSAGE;
      report({ start: p.getStart(file.sourceFile), end: p.getEnd(), message, fixes: removeConnectionCloseFix(file, p) });
    }
  }
}


/** `req.setHeader('Connection', 'close')` on a client request, `headers.set(...)` on a Headers object. */
function setHeaderCall(file: JsFile, call: ts.CallExpression, report: Reporter): void {
  const m = memberName(call.expression);
  if (m !== 'setHeader' && m !== 'set' && m !== 'append') return;
  const [k, v] = call.arguments.map((a) => skipOuter(a));
  if (!k || !v || !ts.isStringLiteralLike(k) || !ts.isStringLiteralLike(v)) return;
  if (k.text.toLowerCase() !== 'connection' || v.text.toLowerCase() !== 'close') return;
  const receiver = file.entities.entityOf((call.expression as ts.PropertyAccessExpression).expression);
  const ok = m === 'setHeader' ? !!receiver && /^(http|https)\.(request|get)\(\)$/.test(receiver) : receiver === 'new global.Headers' || receiver === 'new undici.Headers';
  if (!ok) return;
  const message = CONNECTION_CLOSE_MESSAGE;
  report({ start: call.getStart(file.sourceFile), end: call.getEnd(), message, fixes: removeConnectionCloseFix(file, call) });
}

