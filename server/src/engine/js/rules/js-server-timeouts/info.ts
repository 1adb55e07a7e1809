import { defineRule } from '../../../ruleInfo';

/** The rule's metadata, apart from its check so metadata readers (config, docs, SARIF) never load TypeScript. */
export const jsServerTimeoutsInfo = defineRule({
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
});
