import * as assert from 'node:assert';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { applyEdits } from '../../../server/src/engine/applyEdits';
import { createJsFrontEnd } from '../../../server/src/engine/js/jsFrontEnd';
import { diskFileSystem } from '../../../server/src/engine/engine';
import { listCorpusFiles } from '../../support/fixtureCorpus';

/**
 * Half-typed code: every corpus file cut at many points (and with a few characters removed in
 * the middle) must analyse without throwing, with findings inside the text. The front-end is
 * called directly because the Engine would catch and log a crash.
 */
const CORPUS = path.resolve(__dirname, '../../fixtures/js');

describe('JS/TS front-end on truncated and broken files', function () {
  this.timeout(120_000);
  const frontEnd = createJsFrontEnd({ fileSystem: diskFileSystem });
  const files = listCorpusFiles(CORPUS, (p) => frontEnd.handles(p));

  it('finds the corpus', () => assert.ok(files.length >= 60, `${files.length} files`));

  it('never throws and keeps findings within the text', () => {
    let runs = 0;
    let version = 0;
    for (const file of files) {
      const text = fs.readFileSync(file, 'utf8');
      const cuts = new Set<number>();
      for (let i = 0; i <= 40; i++) cuts.add(Math.floor((text.length * i) / 40));
      for (let i = text.indexOf('\n'); i >= 0; i = text.indexOf('\n', i + 1)) cuts.add(i);
      const variants: string[] = [];
      for (const cut of cuts) variants.push(text.slice(0, cut));
      // Holes in the middle: a deleted closing brace, parenthesis or string quote.
      for (const ch of ['}', ')', "'", '{', '(']) {
        const at = text.indexOf(ch, text.length >> 1);
        if (at >= 0) variants.push(text.slice(0, at) + text.slice(at + 1));
      }
      for (const variant of variants) {
        frontEnd.update(file, variant, ++version);
        const findings = frontEnd.analyze(file, { loadBalancerIdleTimeoutSeconds: 60 });
        for (const f of findings) {
          assert.ok(f.start >= 0 && f.start <= f.end && f.end <= variant.length, `${file}: bad range ${f.start}-${f.end}`);
          for (const fix of f.fixes) {
            for (const e of fix.edits) assert.ok(e.start >= 0 && e.start <= e.end && e.end <= variant.length, `${file}: bad edit`);
            assert.doesNotThrow(() => applyEdits(variant, fix.edits), `${file}: "${fix.title}" has overlapping edits`);
          }
        }
        runs++;
      }
    }
    assert.ok(runs > files.length * 20, `only ${runs} runs`);
  });
});
