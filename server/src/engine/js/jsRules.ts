import type { RuleInfo } from '../rules';

/** JavaScript/TypeScript rules (Node.js). Messages and explanations speak in terms of sockets. */
export const JS_RULES: RuleInfo[] = [
  {
    id: 'js-per-request-client',
    language: 'js',
    category: 'per-request-client',
    defaultSeverity: 'warning',
    title: 'HTTP agent, pool or client created per request',
    explanation: `**A connection pool is created for every request (or loop item).**

An \`http.Agent\`, undici \`Agent\`/\`Pool\`/\`Client\`, \`axios.create()\`, \`got.extend()\`, a \`pg\` pool or client, a MySQL pool, a Redis or MongoDB client or an AWS SDK client each own their own sockets. Created inside a request handler, a loop or a repeating timer, every call opens fresh connections (TCP and often TLS handshakes) and nothing is ever reused. Each closed connection leaves one socket in TIME_WAIT for 60 s; to a single backend about 470 new connections/s exhaust the 28,232 default ephemeral ports. A client that is never closed also keeps its idle sockets (and file descriptors) open until the process dies.

**Fix:** create the client once at module scope (or in startup code) and reuse it; for \`http.Agent\` set \`keepAlive: true\`. Lazily initialised singletons (\`pool ??= new Pool()\`) and per-key caches are fine.

A client that is created and ended on every path of the request is reported with a lower severity: it does not leak, but it still costs a handshake and a TIME_WAIT socket per request.

Silence a deliberate case with \`// socketlens:ignore js-per-request-client reason\` on the line or the line above.`,
  },
  {
    id: 'js-unconsumed-body',
    language: 'js',
    category: 'unclosed-body',
    defaultSeverity: 'warning',
    title: 'Response body not consumed',
    explanation: `**A response body is neither read nor cancelled on some path.**

With \`http.get\`/\`http.request\`, once a \`'response'\` handler exists the response must be consumed (\`'data'\` listener, \`.resume()\`, \`.pipe()\`, \`pipeline()\`, \`for await\`, \`.destroy()\`); otherwise the socket stays pinned to that response and is never returned to the agent. With \`fetch\` (global, undici, node-fetch) and undici \`request()\`, a body that is never read or cancelled keeps its connection busy until garbage collection, so the pool opens new connections instead (one TIME_WAIT each) and can stall under load.

Code that only looks at \`res.status\`, \`res.ok\` or the headers and then returns is the typical case.

**Fix:** on the leaking path call \`res.resume()\` (node:http), \`await res.body?.cancel()\` or \`await res.arrayBuffer()\` (fetch), or \`await body.dump()\` (undici \`request\`). Use \`HEAD\` when only headers matter. Returning, storing or passing the response on hands the responsibility to the receiver and is not reported. axios and got always read the body and are not reported.

Silence a deliberate case with \`// socketlens:ignore js-unconsumed-body reason\`.`,
  },
  {
    id: 'js-agent-without-keepalive',
    language: 'js',
    category: 'keep-alive',
    defaultSeverity: 'warning',
    title: 'http.Agent without keepAlive',
    explanation: `**\`new http.Agent()\` / \`new https.Agent()\` defaults to \`keepAlive: false\`.**

\`http.globalAgent\` keeps connections alive since Node 19, but an agent you construct yourself still closes every connection after one request: one handshake and one TIME_WAIT socket per request (about 470 new connections/s to one backend exhaust the ephemeral ports).

**Fix:** pass \`keepAlive: true\` (and consider \`maxSockets\`/\`maxFreeSockets\`).

Silence a deliberate case with \`// socketlens:ignore js-agent-without-keepalive reason\`.`,
  },
  {
    id: 'js-agent-false',
    language: 'js',
    category: 'keep-alive',
    defaultSeverity: 'warning',
    title: 'Request option agent: false',
    explanation: `**\`agent: false\` creates a fresh agent with default options for this one request.**

No connection is reused: every request pays a TCP (and TLS) handshake and leaves one TIME_WAIT socket behind for 60 s.

**Fix:** pass a shared keep-alive agent (\`new http.Agent({ keepAlive: true })\` created once at module scope), or drop the option to use \`http.globalAgent\` (keep-alive since Node 19).

Silence a deliberate case with \`// socketlens:ignore js-agent-false reason\`.`,
  },
  {
    id: 'js-connection-close',
    language: 'js',
    category: 'keep-alive',
    defaultSeverity: 'warning',
    title: 'Request header Connection: close',
    explanation: `**An explicit \`Connection: close\` request header disables keep-alive for this request.**

The server closes the connection after the response: one handshake per request and one TIME_WAIT socket left behind for 60 s (on the client side when the client closes first).

**Fix:** remove the header and let the agent keep the connection alive.

Silence a deliberate case with \`// socketlens:ignore js-connection-close reason\`.`,
  },
  {
    id: 'js-server-timeouts',
    language: 'js',
    category: 'keep-alive',
    defaultSeverity: 'warning',
    title: 'Server headersTimeout not above keepAliveTimeout',
    explanation: `**\`server.headersTimeout\` must be greater than \`server.keepAliveTimeout\`.**

Otherwise a client that reuses an idle keep-alive connection just before the keep-alive timeout can hit the headers timeout instead, and the server drops the connection mid-request: intermittent resets and 502s behind a proxy. Node's default \`headersTimeout\` is 60 s, so raising \`keepAliveTimeout\` to 60 s or more without raising \`headersTimeout\` triggers this.

**Fix:** set \`headersTimeout\` a little above \`keepAliveTimeout\` (e.g. keepAliveTimeout 65 s, headersTimeout 66 s).

Silence a deliberate case with \`// socketlens:ignore js-server-timeouts reason\`.`,
  },
  {
    id: 'js-lb-keepalive-timeout',
    language: 'js',
    category: 'keep-alive',
    defaultSeverity: 'warning',
    title: 'Server keepAliveTimeout not above the load balancer idle timeout',
    explanation: `**The server closes idle keep-alive connections before the load balancer does.**

Node's \`server.keepAliveTimeout\` defaults to 5 s. A load balancer whose idle timeout is longer (AWS ALB: 60 s) keeps reusing the connection after Node has closed it, and the request racing the close gets a 502.

Only reported when \`socketLens.loadBalancerIdleTimeoutSeconds\` is set.

**Fix:** set \`keepAliveTimeout\` above the load balancer's idle timeout and \`headersTimeout\` above that (e.g. 65 s and 66 s for a 60 s ALB).

Silence a deliberate case with \`// socketlens:ignore js-lb-keepalive-timeout reason\`.`,
  },
];

export const JS_RULE_BY_ID = new Map(JS_RULES.map((r) => [r.id, r]));

export function jsRule(id: string): RuleInfo {
  const rule = JS_RULE_BY_ID.get(id);
  if (!rule) throw new Error(`unknown JS rule ${id}`);
  return rule;
}
