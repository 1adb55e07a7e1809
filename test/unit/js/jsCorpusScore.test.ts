import * as assert from 'node:assert';
import * as path from 'node:path';
import { Engine } from '../../../server/src/engine/engine';
import { JS_RULES } from '../../../server/src/engine/js/jsRuleMetadata';
import { formatScore, precision, recall, scoreCorpus } from '../../support/fixtureCorpus';

const CORPUS = path.resolve(__dirname, '../../fixtures/js');
const THRESHOLD = 0.95;
/** Needs the load balancer setting, which the corpus scorer does not pass: covered by jsLoadBalancerRule.test.ts. */
const SCORED_ELSEWHERE = new Set(['js-lb-keepalive-timeout']);

describe('JS/TS fixture corpus', function () {
  this.timeout(120_000);

  it(`scores at least ${THRESHOLD} precision and recall for every JS rule`, async () => {
    const engine = await Engine.create();
    const score = await scoreCorpus(CORPUS, engine);
    console.log(formatScore(score));
    assert.ok(score.positives + score.hardNegatives >= 60, `only ${score.positives + score.hardNegatives} cases`);
    for (const rule of JS_RULES) {
      if (SCORED_ELSEWHERE.has(rule.id)) continue;
      const s = score.perRule.get(rule.id);
      assert.ok(s && s.truePositives > 0, `${rule.id} has no positive case in the corpus`);
      assert.ok(s.hardNegatives > 0, `${rule.id} has no hard negative in the corpus`);
      assert.ok(precision(s) >= THRESHOLD, `${rule.id} precision ${precision(s).toFixed(3)}`);
      assert.ok(recall(s) >= THRESHOLD, `${rule.id} recall ${recall(s).toFixed(3)}`);
    }
    // Findings of rules that are not JS rules would be Go front-end noise on JS files.
    for (const rule of score.perRule.keys()) assert.ok(rule.startsWith('js-'), `unexpected rule ${rule}`);
  });
});
