import ts = require('typescript');
import type { Reporter } from '../../../rule';
import { jsServerTimeoutsInfo } from './info';
import type { JsFile } from '../../jsFile';
import {
  FASTIFY_DEFAULT_KEEP_ALIVE_MS,
  keepAliveSites,
  NODE_DEFAULT_HEADERS_MS,
  NODE_DEFAULT_KEEP_ALIVE_MS,
  seconds,
  settingsOfServer,
} from '../../jsKeepAliveSites';
import { fitMessage } from '../../jsMessages';
import type { JsRule } from '../../jsRule';
import { serverTimeoutFix } from './fix';

export const jsServerTimeouts: JsRule<'js-server-timeouts'> = {
  info: jsServerTimeoutsInfo,
  check(ctx, report) {
    const { file } = ctx;
    for (const server of keepAliveSites(ctx).servers) serverTimeouts(file, server, report);
  },
};

function serverTimeouts(file: JsFile, server: ts.Expression, report: Reporter): void {
  const s = settingsOfServer(file, server);
  const keepAlive = s.keepAlive ? s.keepAlive.value : s.fastify ? FASTIFY_DEFAULT_KEEP_ALIVE_MS : NODE_DEFAULT_KEEP_ALIVE_MS;
  const headers = s.headers ? s.headers.value : NODE_DEFAULT_HEADERS_MS;
  if (!s.fastify && keepAlive !== undefined && headers !== undefined && (s.keepAlive || s.headers) && headers <= keepAlive) {
    const at = s.headers ? s.headers.assignment : s.keepAlive!.assignment;
    const message = fitMessage(
      `\`headersTimeout\` (${seconds(headers)}${s.headers ? '' : ', default'}) is not above \`keepAliveTimeout\` (${seconds(keepAlive)}${s.keepAlive ? '' : ', default'}): reused connections can be reset; raise headersTimeout`,
      `\`headersTimeout\` (${seconds(headers)}) is not above \`keepAliveTimeout\` (${seconds(keepAlive)}); set headersTimeout above it`,
    );
    report({ start: at.getStart(file.sourceFile), end: at.getEnd(), message, fixes: serverTimeoutFix(file, s, keepAlive) });
  }
}
