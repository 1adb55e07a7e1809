import ts = require('typescript');
import type { Reporter } from '../../../rule';
import { jsAgentWithoutKeepAliveInfo } from './info';
import type { JsFile } from '../../jsFile';
import { keepAliveSites, objectLiteralOf } from '../../jsKeepAliveSites';
import { codeSnippet, fitMessage } from '../../jsMessages';
import { admitsNodeBelow } from '../../jsNodeEngines';
import type { JsRule } from '../../jsRule';
import { GLOBAL_AGENT_KEEP_ALIVE_SINCE_NODE_MAJOR } from '../../jsRuntimeFacts';
import { enclosingFunction, objectProperty, hasSpread, outerUse, skipOuter } from '../../jsSyntax';
import { addKeepAliveFix } from './fix';

export const jsAgentWithoutKeepAlive: JsRule<'js-agent-without-keepalive'> = {
  info: jsAgentWithoutKeepAliveInfo,
  check(ctx, report) {
    const { file } = ctx;
    for (const { node, entity } of keepAliveSites(ctx).nodes) {
      if (ts.isNewExpression(node) && entity && /^(http|https)\.Agent$/.test(entity)) agentWithoutKeepAlive(file, node, report);
      else if (ts.isCallExpression(node) && entity && /^(http|https)\.(get|request)$/.test(entity)) globalAgentOnOldNode(file, node, entity, report);
    }
  },
};

/**
 * Missing keep-alive matters on a shared, long-lived agent: one at module scope, in a class field or constructor,
 * stored on `this` or in a module variable, or exported. An agent created per request (the per-request rule's
 * business) or per call of a probe/check (fresh connections on purpose) is not reported here.
 */
function isLongLived(file: JsFile, node: ts.NewExpression): boolean {
  if (file.contexts.contextOf(node)) return false;
  const fn = enclosingFunction(node);
  if (!fn) return true;
  if (ts.isConstructorDeclaration(fn)) return true;
  const use = outerUse(node);
  const p = use.parent;
  if (p && ts.isPropertyDeclaration(p)) return true;
  if (p && ts.isBinaryExpression(p) && p.right === use && p.operatorToken.kind === ts.SyntaxKind.EqualsToken) {
    const target = skipOuter(p.left);
    if (ts.isPropertyAccessExpression(target) && target.expression.kind === ts.SyntaxKind.ThisKeyword) return true;
    if (ts.isIdentifier(target)) {
      const d = file.scopes.resolve(target);
      return !!d && d.scope === file.sourceFile;
    }
  }
  return false;
}


/** `cond ? new https.Agent(o) : new http.Agent(o)`: the two agents of one choice, reported once. */
function otherBranchAgent(file: JsFile, node: ts.NewExpression): { first: boolean; other: ts.NewExpression } | undefined {
  const use = outerUse(node);
  const p = use.parent;
  if (!p || !ts.isConditionalExpression(p)) return undefined;
  const otherExpr = skipOuter(p.whenTrue === use ? p.whenFalse : p.whenTrue);
  if (!ts.isNewExpression(otherExpr) || !/^(http|https)\.Agent$/.test(file.entities.entityOf(otherExpr.expression) ?? '')) return undefined;
  return { first: p.whenTrue === use, other: otherExpr };
}


function agentWithoutKeepAlive(file: JsFile, node: ts.NewExpression, report: Reporter): void {
  const pair = otherBranchAgent(file, node);
  if (pair && !pair.first) return; // reported on the first branch, with both edits
  if (!isLongLived(file, node)) return;
  const arg = node.arguments?.[0];
  let problem: string | undefined;
  if (!arg) problem = 'without options';
  else {
    const obj = objectLiteralOf(file, arg);
    if (!obj) return; // options built elsewhere: cannot tell
    const prop = objectProperty(obj, 'keepAlive');
    if (!prop) {
      if (hasSpread(obj)) return;
      problem = 'without `keepAlive`';
    } else if (ts.isPropertyAssignment(prop) && prop.initializer.kind === ts.SyntaxKind.FalseKeyword) problem = 'with `keepAlive: false`';
    else return;
  }
  const label = file.textOf(node.expression);
  const message = fitMessage(`\`new ${codeSnippet(label, 30)}()\` ${problem} closes every connection after one request; pass \`keepAlive: true\``);
  let fixes = addKeepAliveFix(file, node);
  if (pair) {
    // One fix for both branches; a shared options object is edited once.
    const other = addKeepAliveFix(file, pair.other);
    const edits = [...(fixes[0]?.edits ?? []), ...(other[0]?.edits ?? [])].filter((e, i, all) => all.findIndex((x) => x.start === e.start && x.end === e.end) === i);
    fixes = fixes.length && other.length ? [{ ...fixes[0], edits }] : [];
  }
  report({ start: node.getStart(file.sourceFile), end: node.expression.getEnd(), message, fixes });
}


/**
 * `http.get(url, cb)` per request without an agent, in a package whose `engines.node` admits Node < 19: there
 * `http.globalAgent` has no keep-alive, so every request opens a new connection. Medium confidence: the range
 * admits old Node, but the process may run a newer one.
 */
function globalAgentOnOldNode(file: JsFile, call: ts.CallExpression, entity: string, report: Reporter): void {
  const range = file.nodeEngines;
  if (!range || admitsNodeBelow(range, GLOBAL_AGENT_KEEP_ALIVE_SINCE_NODE_MAJOR) !== true) return;
  if (!file.contexts.contextOf(call)) return;
  for (const a of call.arguments) {
    const e = skipOuter(a);
    if (ts.isObjectLiteralExpression(e)) {
      if (hasSpread(e) || objectProperty(e, 'agent')) return;
    } else if (ts.isIdentifier(e) && !file.scopes.resolve(e)?.init) {
      // An options object from elsewhere may carry an agent.
      if (!/url|uri|href|endpoint/i.test(e.text)) return;
    } else if (!ts.isStringLiteralLike(e) && !ts.isTemplateExpression(e) && !ts.isArrowFunction(e) && !ts.isFunctionExpression(e) && !ts.isNewExpression(e)) {
      return;
    }
  }
  const label = entity;
  const message = fitMessage(
    `\`${label}\` per request: global agent, no keep-alive on Node < 19 (engines "${codeSnippet(range, 20)}"); pass a keep-alive agent`,
    `\`${label}\` per request uses the global agent, without keep-alive on Node < 19; pass a keep-alive agent`,
  );
  const note = `**Here:** no agent is given, so \`http.globalAgent\` is used. It keeps connections alive only from Node 19 on, and this package's \`engines.node\` is \`${range}\`, which admits older versions. On those, every request opens and closes a connection.`;
  report({ start: call.getStart(file.sourceFile), end: call.expression.getEnd(), message, note, confidence: 'medium' });
}

