import { defineRule } from '../../../ruleInfo';

/** The rule's metadata, apart from its check so metadata readers (config, docs, SARIF) never load TypeScript. */
export const jsLbKeepAliveTimeoutInfo = defineRule({
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
});
