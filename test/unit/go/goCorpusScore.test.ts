import * as assert from 'node:assert';
import * as path from 'node:path';
import { Engine } from '../../../server/src/engine/engine';
import { GO_RULES } from '../../../server/src/engine/go/goRuleList';
import { formatScore, precision, recall, scoreCorpus } from '../../support/fixtureCorpus';

const CORPUS = path.join(__dirname, '..', '..', 'fixtures', 'go');

describe('Go fixture corpus', () => {
  it('finds every annotated leak and stays silent on the hard negatives (precision and recall >= 0.95 per rule)', async () => {
    const engine = await Engine.create();
    const score = await scoreCorpus(CORPUS, engine);
    console.log(formatScore(score));
    assert.ok(score.positives + score.hardNegatives >= 160, `corpus has only ${score.positives + score.hardNegatives} cases`);
    for (const rule of GO_RULES) {
      const s = score.perRule.get(rule.id);
      assert.ok(s && s.truePositives > 0, `${rule.id} has no positive case in the corpus`);
      assert.ok(precision(s) >= 0.95, `${rule.id} precision ${precision(s).toFixed(3)}`);
      assert.ok(recall(s) >= 0.95, `${rule.id} recall ${recall(s).toFixed(3)}`);
    }
  });
});
