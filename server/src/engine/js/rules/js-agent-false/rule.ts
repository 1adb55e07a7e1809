import ts = require('typescript');
import type { Reporter } from '../../../rule';
import { jsAgentFalseInfo } from './info';
import type { JsFile } from '../../jsFile';
import { callsTaking, keepAliveSites } from '../../jsKeepAliveSites';
import type { JsRule } from '../../jsRule';
import { propertyName } from '../../jsSyntax';
import { agentFalseFix } from './fix';

export const jsAgentFalse: JsRule<'js-agent-false'> = {
  info: jsAgentFalseInfo,
  check(ctx, report) {
    const { file } = ctx;
    for (const { node } of keepAliveSites(ctx).nodes) {
      if (ts.isPropertyAssignment(node) && propertyName(node.name) === 'agent' && node.initializer.kind === ts.SyntaxKind.FalseKeyword) agentFalse(file, node, report);
    }
  },
};

function agentFalse(file: JsFile, prop: ts.PropertyAssignment, report: Reporter): void {
  const obj = prop.parent as ts.ObjectLiteralExpression;
  const calls = callsTaking(file, obj);
  let module: 'http' | 'https' | 'any' | undefined;
  for (const c of calls) {
    const entity = file.entities.entityOf(c.expression);
    const m = entity && /^(http|https)\.(request|get)$/.exec(entity);
    if (m) module = module ?? (m[1] as 'http' | 'https');
    else if (entity === 'node-fetch' || entity === 'node-fetch.fetch') module = module ?? 'any';
  }
  if (!module) return;
  const message = '`agent: false` makes a throwaway agent per request, so no connection is reused; pass one shared keep-alive agent';
  report({ start: prop.getStart(file.sourceFile), end: prop.getEnd(), message, fixes: agentFalseFix(file, prop, module) });
}

