import ts = require('typescript');
import type { Reporter } from '../../../rule';
import type { AnalysisOptions } from '../../../frontEnd';
import { jsLbKeepAliveTimeoutInfo } from './info';
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
  info: jsLbKeepAliveTimeoutInfo,
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

