import * as assert from 'node:assert';
import { GlobPattern } from '../../../server/src/config/globPattern';
import { isTestFile } from '../../../server/src/engine/testFiles';

describe('exclude globs', () => {
  const cases: Array<[string, string, boolean]> = [
    ['generated', 'generated/a.go', true],
    ['generated', 'pkg/generated/a.go', true],
    ['generated', 'pkg/generated.go', false],
    ['*.pb.go', 'api/v1/types.pb.go', true],
    ['*.pb.go', 'api/v1/types.go', false],
    ['legacy/**', 'legacy/old/a.js', true],
    ['legacy/**', 'src/legacy/a.js', false],
    ['/scripts', 'scripts/x.js', true],
    ['/scripts', 'tools/scripts/x.js', false],
    ['src/**/*.gen.ts', 'src/a/b/c.gen.ts', true],
    ['src/**/*.gen.ts', 'src/c.gen.ts', true],
    ['src/*.ts', 'src/a/b.ts', false],
    ['{a,b}/x.go', 'b/x.go', true],
    ['{a,b}/x.go', 'c/x.go', false],
    ['file?.js', 'file1.js', true],
    ['file?.js', 'file10.js', false],
    ['[ab]*.go', 'sub/bee.go', true],
    ['vendor/', 'vendor/x/y.go', true],
    ['*.go', '../outside.go', false],
  ];
  for (const [glob, file, expected] of cases) {
    it(`${glob} ${expected ? 'matches' : 'does not match'} ${file}`, () => assert.strictEqual(new GlobPattern(glob).matches(file), expected));
  }
  it('rejects broken globs with a message naming them', () => {
    assert.throws(() => new GlobPattern('{a,b'), /unclosed '\{' in glob '\{a,b'/);
    assert.throws(() => new GlobPattern('[ab'), /unclosed '\['/);
    assert.throws(() => new GlobPattern('  '), /empty glob/);
  });
  it('stays fast on a hostile pattern and a long path', () => {
    const glob = new GlobPattern('**/a*a*a*a*a*a*a*a*b');
    const started = process.hrtime.bigint();
    assert.strictEqual(glob.matches(`${'a/'.repeat(200)}${'a'.repeat(5000)}`), false);
    assert.ok(Number(process.hrtime.bigint() - started) / 1e6 < 2000);
  });
});

describe('test-file classification', () => {
  const cases: Array<[string, boolean]> = [
    ['pkg/client_test.go', true],
    ['pkg/client.go', false],
    ['test/helpers.go', false],
    ['src/api.test.ts', true],
    ['src/api.spec.js', true],
    ['src/api.test-utils.ts', false],
    ['src/__tests__/api.ts', true],
    ['test/api.js', true],
    ['packages/x/tests/api.mjs', true],
    ['src/testing/api.js', false],
    ['src/contest.js', false],
    ['src/latest/api.tsx', false],
    ['test/data.json', false],
  ];
  for (const [file, expected] of cases) it(`${file} → ${expected}`, () => assert.strictEqual(isTestFile(file), expected));
});
