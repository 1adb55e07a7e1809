import * as assert from 'node:assert';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { analyzeJs } from '../../../server/src/engine/js/jsAnalysis';

/** The README and the editor tests rely on these findings in examples/node. */
const EXAMPLES = path.resolve(__dirname, '../../../examples/node');

const rulesOf = (rel: string) => {
  const file = path.join(EXAMPLES, rel);
  return [...new Set(analyzeJs(file, fs.readFileSync(file, 'utf8'), { loadBalancerIdleTimeoutSeconds: 60 }).map((f) => f.rule))].sort();
};

describe('examples/node', () => {
  it('orders-js/server.js shows the CommonJS leaks', () => {
    // Its agent is created per call of a per-request helper: js-per-request-client says it (with keep-alive in the fix);
    // js-agent-without-keepalive is for shared, long-lived agents.
    assert.deepStrictEqual(rulesOf('orders-js/server.js'), [
      'js-agent-false',
      'js-connection-close',
      'js-per-request-client',
      'js-server-timeouts',
      'js-unconsumed-body',
    ]);
  });
  it('catalog-ts/server.ts shows the TypeScript leaks', () => {
    assert.deepStrictEqual(rulesOf('catalog-ts/server.ts'), ['js-lb-keepalive-timeout', 'js-per-request-client', 'js-unconsumed-body']);
  });
});
