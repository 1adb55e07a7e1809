import { HANDSHAKE_COST_SENTENCE, PORT_CEILING_SENTENCE, TIME_WAIT_SECONDS } from '../../../leakFacts';
import { defineRule } from '../../../ruleInfo';

/** The rule's metadata, apart from its check so metadata readers (config, docs, SARIF) never load TypeScript. */
export const jsAgentFalseInfo = defineRule({
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
});
