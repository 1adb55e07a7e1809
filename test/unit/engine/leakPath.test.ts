/** Issue 14 item 2: an unclosed-body finding carries its leaking path (the exits where the body is still open). */
import * as assert from 'node:assert';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { Engine } from '../../../server/src/engine/engine';
import { LineIndex } from '../../../server/src/engine/textPositions';

const FIXTURES = path.join(__dirname, '..', '..', 'fixtures');

async function pathOf(relative: string, rule: string): Promise<string[]> {
  const file = path.join(FIXTURES, relative);
  const text = fs.readFileSync(file, 'utf8');
  const engine = await Engine.create();
  engine.update(file, text, 1);
  const finding = engine.analyze(file).find((f) => f.rule === rule);
  assert.ok(finding, `${relative}: no ${rule} finding`);
  const lines = new LineIndex(text);
  return (finding.related ?? []).map((r) => `${lines.position(r.start).line}: ${r.note}`);
}

describe('leaking path on unclosed-body findings', () => {
  it('Go: the early return that leaves the body open, by line', async () => {
    assert.deepStrictEqual(await pathOf('go/body/status-check-early-return/fetch.go', 'go-unclosed-body'), [
      '17: body still open: returning on line 17',
    ]);
  });

  it('JS/TS: the throw that leaves the undici body unread, by line', async () => {
    assert.deepStrictEqual(await pathOf('js/body/undici-body-early-throw.ts', 'js-unconsumed-body'), [
      '6: body still unread when it throws on line 6',
    ]);
  });

  it('a finding with no leaking exit to point at carries no path', async () => {
    assert.deepStrictEqual(await pathOf('js/body/fetch-fire-and-forget.ts', 'js-unconsumed-body'), []);
  });
});
