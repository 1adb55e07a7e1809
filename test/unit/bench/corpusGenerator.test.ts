import * as assert from 'node:assert';
import * as path from 'node:path';
import * as ts from 'typescript';
import { FULL_SIZE_TARGET, corpusSize, countLines, type GeneratedFile } from '../../bench/corpus/generatedCorpus';
import { generateGoCorpus, generateLargeGoFile } from '../../bench/corpus/goCorpus';
import { generateJsCorpus, generateLargeTsFile } from '../../bench/corpus/jsCorpus';
import { loadGoParser, scriptKindFor } from '../../bench/measure/parseOnly';

const SEED = 'unit-test-seed';

function filesPerFolder(files: GeneratedFile[]): number[] {
  const counts = new Map<string, number>();
  for (const f of files) counts.set(path.posix.dirname(f.path), (counts.get(path.posix.dirname(f.path)) ?? 0) + 1);
  return [...counts.values()];
}

describe('benchmark corpus generators', () => {
  for (const [language, generate] of [
    ['Go', generateGoCorpus],
    ['JS/TS', generateJsCorpus],
  ] as const) {
    describe(language, () => {
      it('is deterministic for a seed and differs for another seed', () => {
        const a = generate({ scale: 0.05, seed: SEED });
        const b = generate({ scale: 0.05, seed: SEED });
        const c = generate({ scale: 0.05, seed: 'another seed' });
        assert.deepStrictEqual(b, a);
        assert.notDeepStrictEqual(c, a);
      });

      it(`reaches ${FULL_SIZE_TARGET.files} files and ${FULL_SIZE_TARGET.lines} lines at full scale, with unique paths`, () => {
        const files = generate({ scale: 1, seed: SEED });
        const size = corpusSize(files);
        assert.ok(size.files >= FULL_SIZE_TARGET.files, `${size.files} files`);
        assert.ok(size.lines >= FULL_SIZE_TARGET.lines, `${size.lines} lines`);
        assert.strictEqual(new Set(files.map((f) => f.path)).size, files.length);
        assert.ok(files.every((f) => f.text.endsWith('\n')));
      });

      it('scales down for quick runs', () => {
        const small = corpusSize(generate({ scale: 0.1, seed: SEED }));
        assert.ok(small.files >= 0.1 * FULL_SIZE_TARGET.files && small.files < 0.2 * FULL_SIZE_TARGET.files, `${small.files} files`);
      });
    });
  }

  it('Go: packages of about ten files, each with client.go, all parsing without errors', async () => {
    const files = generateGoCorpus({ scale: 0.05, seed: SEED });
    const sizes = filesPerFolder(files);
    assert.ok(sizes.slice(0, -1).every((n) => n >= 8 && n <= 12), `package sizes ${sizes.join(',')}`);
    const dirs = new Set(files.map((f) => path.posix.dirname(f.path)));
    for (const dir of dirs) assert.ok(files.some((f) => f.path === `${dir}/client.go`), `${dir} has client.go`);
    const parser = await loadGoParser();
    for (const f of [...files, ...generateLargeGoFile(SEED, 2000)]) {
      const tree = parser.parse(f.text)!;
      assert.ok(!tree.rootNode.hasError, `${f.path} has syntax errors`);
      tree.delete();
    }
  });

  it('Go: mixes leaking and clean patterns, and cross-file helper calls', () => {
    const all = generateGoCorpus({ scale: 0.05, seed: SEED })
      .filter((f) => !f.path.endsWith('/client.go'))
      .map((f) => f.text)
      .join('\n');
    for (const pattern of ['client := &http.Client{', 'defer resp.Body.Close()', 'drainAndClose(resp)', 'newScratchClient(', 'DisableKeepAlives: true', 'req.Close = true', 'sql.Open(']) {
      assert.ok(all.includes(pattern), `corpus contains ${pattern}`);
    }
  });

  it('JS/TS: .js/.mjs/.ts/.tsx, CommonJS and ESM, all parsing without diagnostics', () => {
    const files = generateJsCorpus({ scale: 0.05, seed: SEED });
    const extensions = new Set(files.map((f) => path.posix.extname(f.path)));
    assert.deepStrictEqual([...extensions].sort(), ['.js', '.mjs', '.ts', '.tsx']);
    assert.ok(files.some((f) => f.text.includes("require('node:http')") || f.text.includes("require('pg')")));
    assert.ok(files.some((f) => /^import /m.test(f.text)));
    for (const f of [...files, generateLargeTsFile(SEED, 2000)]) {
      const source = ts.createSourceFile(f.path, f.text, ts.ScriptTarget.Latest, false, scriptKindFor(f.path));
      const diagnostics = (source as unknown as { parseDiagnostics: ts.Diagnostic[] }).parseDiagnostics;
      assert.deepStrictEqual(diagnostics.map((d) => ts.flattenDiagnosticMessageText(d.messageText, ' ')), [], f.path);
    }
  });

  it('latency files are about 2,000 lines', () => {
    const go = generateLargeGoFile(SEED, 2000).find((f) => f.path === 'large.go')!;
    const tsFile = generateLargeTsFile(SEED, 2000);
    for (const f of [go, tsFile]) {
      const lines = countLines(f.text);
      assert.ok(lines >= 2000 && lines < 2100, `${f.path}: ${lines} lines`);
    }
  });
});
