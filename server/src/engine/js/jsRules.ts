import type { JsRuleId } from '../ruleIds';
import { HANDSHAKE_COST_SENTENCE, PORT_CEILING_SENTENCE, PORT_CEILING_SHORT, TIME_WAIT_SECONDS } from '../leakFacts';
import { defineRule, type RuleInfo } from '../ruleInfo';

/** JavaScript/TypeScript rules (Node.js). Metadata only: the checks live in the js/ rule files. */
export const JS_RULES: RuleInfo[] = [
  defineRule({
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
  }),
  defineRule({
    id: 'js-unconsumed-body',
    language: 'js',
    category: 'unclosed-body',
    defaultSeverity: 'warning',
    title: 'Response body not consumed',
    fix: 'On the leaking path, consume or cancel the body: `res.resume()` (node:http), `await res.body?.cancel()` (fetch) or `await body.dump()` (undici).',
    why:
      'A response body that is never read or cancelled keeps its connection busy, so the pool opens new connections instead. ' +
      'Unread `node:http` responses pin their socket for good, and a pool can stall under load.',
    what:
      'A response whose body is neither read nor cancelled on some path. Code that only looks at `res.status`, `res.ok` or the headers ' +
      'and then returns is the typical case.',
    background:
      "With `http.get`/`http.request`, once a `'response'` handler exists the response must be consumed (a `'data'` listener, " +
      '`.resume()`, `.pipe()`, `pipeline()`, `for await`, `.destroy()`); otherwise the socket stays pinned to that response and is never ' +
      'returned to the agent (measured: 20 unread GETs of 0 bytes, and 20 HEADs, use 20 connections). undici `request()` bodies must be ' +
      'consumed or `dump()`ed. A `fetch` body that is never read is buffered and its connection released when it is small (measured on ' +
      'Node 20: up to about 16 KB), but a larger one pins the connection until garbage collection, so the pool opens new connections ' +
      'instead (one TIME_WAIT each); a `clone()` that is never read keeps all its data. Unread `fetch` bodies that are probably small ' +
      '(error paths, status checks) are therefore reported at `info` with medium confidence; downloads, streams and clones stay warnings.',
    fixDetails:
      'On the leaking path call `res.resume()` (node:http), `await res.body?.cancel()` or `await res.arrayBuffer()` (fetch), or ' +
      '`await body.dump()` (undici `request`). Use `HEAD` when only headers matter.',
    notReported:
      'Returning, storing or passing the response on (the receiver becomes responsible), and paths that end the process. axios and got ' +
      'read the body themselves, except axios with `responseType: \'stream\'`, which is tracked like a `node:http` response.',
    example: {
      fileName: 'health.ts',
      leaks: `export async function isUp(url: string): Promise<boolean> {
  const res = await fetch(\`\${url}/health\`);
  return res.ok;
}
`,
      fixed: `export async function isUp(url: string): Promise<boolean> {
  const res = await fetch(\`\${url}/health\`);
  await res.body?.cancel();
  return res.ok;
}
`,
    },
  }),
  defineRule({
    id: 'js-agent-without-keepalive',
    language: 'js',
    category: 'keep-alive',
    defaultSeverity: 'warning',
    title: 'http.Agent without keepAlive',
    fix: 'Pass `keepAlive: true` to the agent (and consider `maxSockets`/`maxFreeSockets`).',
    why:
      '`new http.Agent()` and `new https.Agent()` default to `keepAlive: false`, unlike `http.globalAgent` since Node 19. ' +
      `Such an agent closes every connection after one request: one handshake and one TIME_WAIT socket per request. ${PORT_CEILING_SHORT}`,
    what:
      'A shared, long-lived `new http.Agent()` or `new https.Agent()` (module scope, a field set up once) constructed without ' +
      '`keepAlive: true`; and, in projects whose `package.json` `engines.node` admits Node < 19 (where the global agent has no ' +
      'keep-alive), requests made per call without any agent (medium confidence, with the engines range as evidence).',
    notReported:
      'An agent created per request or per check: the per-request rule covers it, and probe or monitoring code may want fresh ' +
      'connections on purpose.',
    background:
      '`http.globalAgent` keeps connections alive since Node 19, but an agent you construct yourself still closes every connection after ' +
      `one request. ${HANDSHAKE_COST_SENTENCE} ${PORT_CEILING_SENTENCE}`,
    fixDetails: 'Pass `keepAlive: true` (and consider `maxSockets`/`maxFreeSockets`). The quick fix adds the option.',
    example: {
      fileName: 'inventory.js',
      leaks: `const http = require('http');

const agent = new http.Agent();

function get(path, cb) {
  return http.get({ host: 'inventory.internal', path, agent }, cb);
}

module.exports = { get };
`,
      fixed: `const http = require('http');

const agent = new http.Agent({ keepAlive: true });

function get(path, cb) {
  return http.get({ host: 'inventory.internal', path, agent }, cb);
}

module.exports = { get };
`,
    },
  }),
  defineRule({
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
  defineRule({
    id: 'js-connection-close',
    language: 'js',
    category: 'keep-alive',
    defaultSeverity: 'warning',
    title: 'Request header Connection: close',
    fix: 'Remove the `Connection: close` header and let the agent keep the connection alive.',
    why:
      'An explicit `Connection: close` request header makes the server close the connection after the response. ' +
      `Every request pays a handshake and leaves one TIME_WAIT socket behind for ${TIME_WAIT_SECONDS} s.`,
    what: 'A `Connection: close` header on an outgoing request (`fetch`, `http.request`, axios, got).',
    background:
      'The server closes the connection after the response: one handshake per request and one TIME_WAIT socket left behind ' +
      `(on the client side when the client closes first). ${PORT_CEILING_SENTENCE}`,
    fixDetails: 'Remove the header and let the agent keep the connection alive.',
    example: {
      fileName: 'prices.ts',
      leaks: `export async function getPrices(): Promise<unknown> {
  const res = await fetch('http://prices.internal/latest', {
    headers: { Accept: 'application/json', Connection: 'close' },
  });
  return res.json();
}
`,
      fixed: `export async function getPrices(): Promise<unknown> {
  const res = await fetch('http://prices.internal/latest', {
    headers: { Accept: 'application/json' },
  });
  return res.json();
}
`,
    },
  }),
  defineRule({
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
  defineRule({
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
];

export const JS_RULE_BY_ID = new Map<string, RuleInfo>(JS_RULES.map((r) => [r.id, r]));

export function jsRule(id: JsRuleId): RuleInfo {
  const rule = JS_RULE_BY_ID.get(id);
  if (!rule) throw new Error(`unknown JS rule ${id}`);
  return rule;
}
