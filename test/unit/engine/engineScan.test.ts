import * as assert from 'node:assert';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { Engine } from '../../../server/src/engine/engine';
import { listCorpusFiles } from '../../support/fixtureCorpus';

const FIXTURES = path.join(__dirname, '..', '..', 'fixtures');

describe('Engine.scan', () => {
  it('reports exactly what loading every file and then analysing every file reports, in the order given', async () => {
    const reference = await Engine.create();
    const files = [...listCorpusFiles(path.join(FIXTURES, 'go'), (p) => reference.handles(p)), ...listCorpusFiles(path.join(FIXTURES, 'js'), (p) => reference.handles(p))];
    assert.ok(files.length > 200, `fixture corpora found (${files.length} files)`);
    const sources = files.map((p) => ({ path: p, text: fs.readFileSync(p, 'utf8') }));
    for (const s of sources) reference.update(s.path, s.text, 0);
    const expected = sources.map((s) => [s.path, reference.analyze(s.path).map((f) => `${f.line}:${f.column} ${f.rule}`)]);

    const scanned = (await Engine.create()).scan(sources);
    const actual = [...scanned].map(([p, findings]) => [p, findings.map((f) => `${f.line}:${f.column} ${f.rule}`)]);
    assert.deepStrictEqual(actual, expected);
    assert.ok(actual.some(([, findings]) => findings.length > 0));
  });

  it('applies rule settings', async () => {
    const file = path.join(FIXTURES, 'server', 'gopkg', 'handler.go');
    const engine = await Engine.create();
    const source = [{ path: file, text: fs.readFileSync(file, 'utf8') }];
    assert.deepStrictEqual(engine.scan(source).get(file)!.map((f) => f.rule), ['go-unclosed-body']);
    assert.deepStrictEqual(engine.scan(source, { 'go-unclosed-body': 'off' }).get(file), []);
  });
});
