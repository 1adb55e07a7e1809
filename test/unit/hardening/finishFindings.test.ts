/** Issue 12 item 8 / issue 9 item 1: one finishing step for both front-ends (line breaks, duplicates, ranges). */
import * as assert from 'node:assert';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { applyEdits } from '../../../server/src/engine/applyEdits';
import { Engine } from '../../../server/src/engine/engine';
import type { Finding, Fix } from '../../../server/src/engine/finding';
import { finishFindings, lineBreakOf } from '../../../server/src/engine/finishFindings';
import { fixAllText } from '../../../server/src/engine/fixAll';
import { listCorpusFiles } from '../../support/fixtureCorpus';

const JS_FIXTURES = path.join(__dirname, '..', '..', 'fixtures', 'js');

function finding(start: number, end: number, fixes: Fix[], rule = 'js-per-request-client'): Finding {
  return {
    rule, category: 'per-request-client', severity: 'warning', confidence: 'high', line: 1, column: start + 1, endLine: 1,
    endColumn: end + 1, start, end, message: 'm', docUrl: 'u', fixes,
  };
}
const fix = (edits: Fix['edits']): Fix => ({ title: 't', preferred: true, edits });

/** Offsets of `\n` not preceded by `\r`. */
const bareLineFeeds = (text: string) => [...text.matchAll(/(?<!\r)\n/g)].length;

describe('finishFindings', () => {
  it('gives inserted text the document line break, idempotently', () => {
    assert.strictEqual(lineBreakOf('a\r\nb\n'), '\r\n');
    assert.strictEqual(lineBreakOf('a\rb'), '\r');
    assert.strictEqual(lineBreakOf('ab'), '\n');
    const edits = [{ start: 1, end: 1, newText: 'x\ny\r\nz\rw' }];
    const [crlf] = finishFindings([finding(0, 1, [fix(edits)])], 'a\r\nb');
    assert.strictEqual(crlf.fixes[0].edits[0].newText, 'x\r\ny\r\nz\r\nw');
    assert.strictEqual(finishFindings([crlf], 'a\r\nb')[0].fixes[0].edits[0].newText, 'x\r\ny\r\nz\r\nw');
    assert.strictEqual(finishFindings([finding(0, 1, [fix(edits)])], 'a\rb')[0].fixes[0].edits[0].newText, 'x\ry\rz\rw');
    const lf = finding(0, 1, [fix([{ start: 0, end: 0, newText: 'x\n' }])]);
    assert.strictEqual(finishFindings([lf], 'a\nb')[0], lf, 'an LF document keeps the finding as it is');
  });

  it('drops duplicates, findings outside the text and fixes with bad edits', () => {
    const text = 'ab\r\ncd';
    const ok = fix([{ start: 0, end: 1, newText: 'A' }]);
    const results = finishFindings(
      [
        finding(4, 5, [ok]),
        finding(0, 1, [
          ok,
          fix([{ start: 0, end: 99, newText: '' }]),
          fix([{ start: 0, end: 2, newText: '' }, { start: 1, end: 3, newText: '' }]),
        ]),
        finding(0, 1, [ok]),
        finding(-1, 1, [ok]),
        finding(5, 99, [ok]),
        finding(3, 4, [fix([{ start: 3, end: 3, newText: 'x' }]), fix([])]),
      ],
      text,
    );
    assert.deepStrictEqual(results.map((f) => [f.start, f.fixes.length]), [[0, 1], [3, 0], [4, 1]]);
  });

  it('JS/TS fixes on a CRLF (and a CR-only) copy of the JS fixtures insert no bare line feed', async () => {
    const engine = await Engine.create();
    const files = listCorpusFiles(JS_FIXTURES, (p) => engine.handles(p));
    let fixedFiles = 0;
    let edits = 0;
    for (const file of files) {
      const lf = fs.readFileSync(file, 'utf8').replace(/\r\n?/g, '\n');
      for (const [lineBreak, name] of [['\r\n', 'crlf'], ['\r', 'cr']] as const) {
        const text = lf.replace(/\n/g, lineBreak);
        const copy = file.replace(/(\.[cm]?[jt]sx?)$/, `.${name}$1`);
        let version = 0;
        const result = fixAllText(text, (t) => {
          engine.update(copy, t, ++version);
          const findings = engine.analyze(copy);
          for (const f of findings) {
            for (const e of f.fixes.flatMap((x) => x.edits)) {
              edits++;
              const wrong = lineBreak === '\r' ? (e.newText.match(/\n/g) ?? []).length : bareLineFeeds(e.newText);
              assert.strictEqual(wrong, 0, `${copy}: ${JSON.stringify(e.newText)}`);
            }
          }
          return findings;
        });
        if (result.text !== text) fixedFiles++;
        assert.strictEqual(lineBreak === '\r' ? (result.text.match(/\n/g) ?? []).length : bareLineFeeds(result.text), 0, copy);
        engine.remove(copy);
      }
    }
    assert.ok(fixedFiles > 50 && edits > 100, `${fixedFiles} fixed file copies, ${edits} edits checked`);
  });

  it('applyEdits of a finished fix never fails', () => {
    const text = 'x\r\ny';
    const [f] = finishFindings([finding(0, 1, [fix([{ start: 3, end: 3, newText: 'z\n' }])])], text);
    assert.strictEqual(applyEdits(text, f.fixes[0].edits), 'x\r\nz\r\ny');
  });
});
