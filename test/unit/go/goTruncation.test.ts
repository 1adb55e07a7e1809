import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import { Engine } from '../../../server/src/engine/engine';
import { listCorpusFiles } from '../../support/fixtureCorpus';

const CORPUS = path.join(__dirname, '..', '..', 'fixtures', 'go');
const CUTS_PER_FILE = 40;

/** Cut points spread over the file, plus every line start of the first ones (mid-edit shapes). */
function cutPoints(text: string): number[] {
  const points = new Set<number>();
  for (let i = 1; i < CUTS_PER_FILE; i++) points.add(Math.floor((text.length * i) / CUTS_PER_FILE));
  for (let i = 0, line = 0; i < text.length && line < 12; i++) if (text[i] === '\n') points.add(i + 1 + (line++ % 3));
  return [...points].filter((p) => p > 0 && p < text.length);
}

describe('Go analysis of broken and partial source', () => {
  it('never throws or logs a failure on any fixture cut short or with a piece cut out', async function () {
    this.timeout(300000);
    const files = listCorpusFiles(CORPUS, (p) => p.endsWith('.go'));
    assert.ok(files.length >= 60);
    // Siblings come from disk (whole); the file under test is the truncated in-memory copy.
    const engine = await Engine.create();
    const failures: string[] = [];
    const originalError = console.error;
    console.error = (...args: unknown[]) => failures.push(args.map(String).join(' '));
    let runs = 0;
    let version = 1;
    try {
      for (const file of files) {
        const text = fs.readFileSync(file, 'utf8');
        for (const cut of cutPoints(text)) {
          for (const variant of [text.slice(0, cut), text.slice(0, cut) + text.slice(Math.min(text.length, cut + 17))]) {
            try {
              engine.update(file, variant, version++);
              const findings = engine.analyze(file);
              assert.ok(Array.isArray(findings));
              for (const f of findings) {
                assert.ok(f.start >= 0 && f.end <= variant.length && f.start <= f.end, `bad range in ${file}`);
                for (const fix of f.fixes) for (const e of fix.edits) assert.ok(e.start >= 0 && e.end <= variant.length && e.start <= e.end);
              }
            } catch (err) {
              failures.push(`${path.relative(CORPUS, file)} cut at ${cut}: ${(err as Error).stack}`);
            }
            runs++;
          }
        }
        engine.update(file, text, version++);
      }
    } finally {
      console.error = originalError;
    }
    console.log(`${runs} truncated variants of ${files.length} files analysed`);
    assert.deepStrictEqual(failures.slice(0, 5), []);
  });

  it('still reports the leaks in the part of a file that parses', async () => {
    const engine = await Engine.create();
    const file = path.join(CORPUS, 'body', 'missing-close', 'fetch.go');
    const text = fs.readFileSync(file, 'utf8');
    // Append a half-typed function after the leaking one.
    const broken = `${text}\nfunc half(u string) {\n\tresp, err := http.Get(u\n`;
    engine.update(file, broken, 1);
    const rules = engine.analyze(file).map((f) => `${f.line} ${f.rule}`);
    assert.ok(rules.includes('9 go-unclosed-body'), `got ${JSON.stringify(rules)}`);
    engine.update(file, text, 2);
  });
});
