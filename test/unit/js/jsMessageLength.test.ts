import * as assert from 'node:assert';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { Engine } from '../../../server/src/engine/engine';
import { isJsPath } from '../../../server/src/engine/js/jsFrontEnd';
import { MAX_MESSAGE_LENGTH } from '../../../server/src/engine/js/jsMessages';
import { listCorpusFiles } from '../../support/fixtureCorpus';

/** Every JS/TS diagnostic message is one line of at most 120 characters (what leaks, where, the action). */
describe('JS/TS diagnostic messages', function () {
  this.timeout(120_000);

  it(`are one line of at most ${MAX_MESSAGE_LENGTH} characters on the fixture corpus and examples/`, async () => {
    const roots = ['../../fixtures/js', '../../../examples'].map((d) => path.resolve(__dirname, d)).filter((d) => fs.existsSync(d));
    const engine = await Engine.create();
    const files = roots.flatMap((r) => listCorpusFiles(r, isJsPath));
    for (const f of files) engine.update(f, fs.readFileSync(f, 'utf8'), 1);
    let count = 0;
    const bad: string[] = [];
    for (const f of files) {
      // The load balancer rule only speaks when its setting is given.
      for (const finding of engine.analyze(f, {}, { loadBalancerIdleTimeoutSeconds: 60 })) {
        count++;
        // fitMessage cuts an over-long message as a last resort: a cut message is a defect too.
        if (finding.message.length > MAX_MESSAGE_LENGTH || /[\r\n]/.test(finding.message) || finding.message.endsWith('…')) bad.push(`${path.basename(f)}:${finding.line} (${finding.message.length}) ${finding.message}`);
      }
    }
    assert.ok(count >= 80, `only ${count} findings checked`);
    assert.deepStrictEqual(bad, []);
  });
});
