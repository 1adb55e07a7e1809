import ts = require('typescript');
import type { Reporter } from '../../../rule';
import { defineRule } from '../../../ruleInfo';
import { HANDSHAKE_COST_SENTENCE, PORT_CEILING_SENTENCE, TIME_WAIT_SECONDS } from '../../../leakFacts';
import type { JsFile } from '../../jsFile';
import { callsTaking, keepAliveSites } from '../../jsKeepAliveSites';
import type { JsRule } from '../../jsRule';
import { propertyName } from '../../jsSyntax';
import { agentFalseFix } from './fix';

export const jsAgentFalse: JsRule<'js-agent-false'> = {
  info: defineRule({
    id: 'js-agent-false',
    language: 'js',
    category: 'keep-alive',
    defaultSeverity: 'warning',
    title: 'Request option agent: false',
    fix: 'Pass a shared keep-alive agent created once at module scope, or drop the option to use `http.globalAgent`.',
    why:
      '`agent: false` creates a fresh agent with default options for this one request, so no connection is ever reused. ' +
      `Every request pays a handshake and leaves one TIME_WAIT socket behind for ${TIME_WAIT_SECONDS} s.`,
    what: 'The request option `agent: false` on `http.request`, `http.get` and the libraries that pass it through.',
    background: `No connection is reused. ${HANDSHAKE_COST_SENTENCE} ${PORT_CEILING_SENTENCE}`,
    fixDetails:
      'Pass a shared keep-alive agent (`new http.Agent({ keepAlive: true })` created once at module scope), or drop the option to use ' +
      '`http.globalAgent` (keep-alive since Node 19).',
    example: {
      fileName: 'events.js',
      leaks: `const http = require('http');

function post(path, payload, cb) {
  const req = http.request({ host: 'events.internal', method: 'POST', path, agent: false }, (res) => {
    res.resume();
    cb(res.statusCode);
  });
  req.end(JSON.stringify(payload));
}

module.exports = { post };
`,
      fixed: `const http = require('http');

const agent = new http.Agent({ keepAlive: true });

function post(path, payload, cb) {
  const req = http.request({ host: 'events.internal', method: 'POST', path, agent }, (res) => {
    res.resume();
    cb(res.statusCode);
  });
  req.end(JSON.stringify(payload));
}

module.exports = { post };
`,
    },
  }),
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

