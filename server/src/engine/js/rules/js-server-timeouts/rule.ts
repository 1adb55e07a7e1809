import ts = require('typescript');
import type { Reporter } from '../../../rule';
import { defineRule } from '../../../ruleInfo';
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
  info: defineRule({
    id: 'js-server-timeouts',
    language: 'js',
    category: 'keep-alive',
    defaultSeverity: 'warning',
    title: 'Server headersTimeout not above keepAliveTimeout',
    fix: 'Set `headersTimeout` a little above `keepAliveTimeout` (e.g. 65 s and 66 s).',
    why:
      'A client that reuses an idle keep-alive connection just before the keep-alive timeout can hit the headers timeout instead. ' +
      'The server then drops the connection mid-request: intermittent resets, and 502s behind a proxy.',
    what: 'A Node.js server whose `headersTimeout` is not greater than its `keepAliveTimeout`.',
    background:
      'A client that reuses an idle keep-alive connection just before the keep-alive timeout can hit the headers timeout instead, and ' +
      "the server drops the connection mid-request: intermittent resets and 502s behind a proxy. Node's default `headersTimeout` is " +
      '60 s, so raising `keepAliveTimeout` to 60 s or more without raising `headersTimeout` triggers this.',
    fixDetails: 'Set `headersTimeout` a little above `keepAliveTimeout` (e.g. keepAliveTimeout 65 s, headersTimeout 66 s).',
    example: {
      fileName: 'server.mjs',
      leaks: `import http from 'node:http';

const server = http.createServer((req, res) => res.end('ok'));
server.keepAliveTimeout = 65000;
server.headersTimeout = 65000;
server.listen(3000);
`,
      fixed: `import http from 'node:http';

const server = http.createServer((req, res) => res.end('ok'));
server.keepAliveTimeout = 65000;
server.headersTimeout = 66000;
server.listen(3000);
`,
    },
  }),
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
