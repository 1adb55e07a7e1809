import { PORT_CEILING_SHORT, HANDSHAKE_COST_SENTENCE, PORT_CEILING_SENTENCE } from '../../../leakFacts';
import { defineRule } from '../../../ruleInfo';

/** The rule's metadata, apart from its check so metadata readers (config, docs, SARIF) never load TypeScript. */
export const jsPerRequestClientInfo = defineRule({
  id: 'js-per-request-client',
  language: 'js',
  category: 'per-request-client',
  defaultSeverity: 'warning',
  title: 'HTTP agent, pool or client created per request',
  fix: 'Create the client once at module scope (or in startup code) and reuse it.',
  why:
    'Each agent, pool or client owns its own sockets, so one created per request opens fresh connections every time and reuses none. ' +
    `A client that is never closed also keeps its idle sockets open until the process exits. ${PORT_CEILING_SHORT}`,
  what:
    'An `http.Agent`, undici `Agent`/`Pool`/`Client`, an `axios.create()`, `got.extend()` or `ky.create()` instance given an agent ' +
    'of its own, a `pg` pool or client, a MySQL pool, a Redis or MongoDB client or an AWS SDK client created inside a request handler, ' +
    'a loop or a repeating timer (`setInterval`, a `setTimeout` that re-arms itself, `items.map(send)`).',
  background:
    `Every call opens fresh connections and nothing is ever reused. ${HANDSHAKE_COST_SENTENCE} ${PORT_CEILING_SENTENCE} ` +
    'A client that is never closed also keeps its idle sockets (and file descriptors) open until the process exits.',
  fixDetails:
    'Create the client once at module scope (or in startup code) and reuse it; for `http.Agent` set `keepAlive: true`. ' +
    'The quick fix moves a construction that reads no per-request values to module scope. ' +
    'A client that is created and ended on every path of the request is reported with a lower severity (`info`): ' +
    'it does not leak, but it still costs a handshake and a TIME_WAIT socket per request.',
  notReported:
    'Lazily initialised singletons (`pool ??= new Pool()`, `if (!this.client) this.client = …`), per-key caches, clients created ' +
    'once at startup (start-up loops over configuration, `once(\'ready\')` handlers), and `axios.create()`/`got.extend()`/`ky.create()` ' +
    'without an agent of their own: such instances share the global agent (measured: 20 instances, 1 connection).',
  example: {
    fileName: 'users.js',
    leaks: `const http = require('http');
const express = require('express');

const app = express();

app.get('/users/:id', (req, res) => {
  const agent = new http.Agent({ keepAlive: true });
  http.get({ host: 'users.internal', path: \`/users/\${req.params.id}\`, agent }, (upstream) => {
    upstream.pipe(res);
  });
});

app.listen(3000);
`,
    fixed: `const http = require('http');
const express = require('express');

const app = express();
const agent = new http.Agent({ keepAlive: true });

app.get('/users/:id', (req, res) => {
  http.get({ host: 'users.internal', path: \`/users/\${req.params.id}\`, agent }, (upstream) => {
    upstream.pipe(res);
  });
});

app.listen(3000);
`,
  },
});
