import ts = require('typescript');
import type { Reporter } from '../../../rule';
import type { AnalysisOptions } from '../../../frontEnd';
import { defineRule } from '../../../ruleInfo';
import type { JsFile } from '../../jsFile';
import {
  FASTIFY_DEFAULT_KEEP_ALIVE_MS,
  keepAliveSites,
  NODE_DEFAULT_KEEP_ALIVE_MS,
  seconds,
  settingsOfServer,
} from '../../jsKeepAliveSites';
import { fitMessage } from '../../jsMessages';
import type { JsRule } from '../../jsRule';
import { lbTimeoutFix } from './fix';

export const jsLbKeepAliveTimeout: JsRule<'js-lb-keepalive-timeout'> = {
  info: defineRule({
    id: 'js-lb-keepalive-timeout',
    language: 'js',
    category: 'keep-alive',
    defaultSeverity: 'warning',
    title: 'Server keepAliveTimeout not above the load balancer idle timeout',
    fix: "Set the server's `keepAliveTimeout` above the load balancer's idle timeout, and `headersTimeout` above that.",
    why:
      "Node's `server.keepAliveTimeout` defaults to 5 s, so the server closes idle connections before a load balancer with a longer " +
      'idle timeout (AWS ALB: 60 s) does. The load balancer reuses the closed connection, and the request racing the close gets a 502.',
    what:
      'A Node.js server whose `keepAliveTimeout` (5 s by default) is not above the load balancer idle timeout. ' +
      'Only reported when the `socketLens.loadBalancerIdleTimeoutSeconds` setting is set.',
    fixDetails:
      "Set `keepAliveTimeout` above the load balancer's idle timeout and `headersTimeout` above that (e.g. 65 s and 66 s for a 60 s ALB).",
    example: {
      fileName: 'server.js',
      options: { loadBalancerIdleTimeoutSeconds: 60 },
      leaks: `const http = require('http');

const server = http.createServer((req, res) => res.end('ok'));
server.listen(80);
`,
      fixed: `const http = require('http');

const server = http.createServer((req, res) => res.end('ok'));
server.keepAliveTimeout = 65000;
server.headersTimeout = 66000;
server.listen(80);
`,
    },
  }),
  check(ctx, report) {
    const { file, options } = ctx;
    for (const server of keepAliveSites(ctx).servers) loadBalancerTimeout(file, server, options, report);
  },
};

function loadBalancerTimeout(file: JsFile, server: ts.Expression, options: AnalysisOptions, report: Reporter): void {
  const s = settingsOfServer(file, server);
  const keepAlive = s.keepAlive ? s.keepAlive.value : s.fastify ? FASTIFY_DEFAULT_KEEP_ALIVE_MS : NODE_DEFAULT_KEEP_ALIVE_MS;
  const calleeEnd = (server as ts.CallExpression).expression.getEnd();
  const lb = options.loadBalancerIdleTimeoutSeconds;
  if (lb !== undefined && lb > 0 && keepAlive !== undefined && keepAlive <= lb * 1000) {
    const start = s.keepAlive ? s.keepAlive.assignment.getStart(file.sourceFile) : server.getStart(file.sourceFile);
    const end = s.keepAlive ? s.keepAlive.assignment.getEnd() : calleeEnd;
    const message = fitMessage(
      `\`keepAliveTimeout\` ${seconds(keepAlive)}${s.keepAlive ? '' : ` (${s.fastify ? "fastify's" : "Node's"} default)`} is below the load balancer's ${lb} s idle timeout (502s); set it above ${lb} s`,
    );
    report({ start, end, message, fixes: lbTimeoutFix(file, server, s, lb) });
  }
}

