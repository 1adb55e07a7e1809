import { HANDSHAKE_COST_SENTENCE, PORT_CEILING_SENTENCE, PORT_CEILING_SHORT } from '../../../leakFacts';
import { defineRule } from '../../../ruleInfo';

/** The rule's metadata, apart from its check so metadata readers (config, docs, SARIF) never load TypeScript. */
export const jsAgentWithoutKeepAliveInfo = defineRule({
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
});
