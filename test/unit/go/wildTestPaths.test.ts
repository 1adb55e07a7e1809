import * as assert from 'node:assert';
import { isTestPath } from '../../measure/testFiles';

describe('measure:wild test-code classification', () => {
  it('Go: _test.go files and anything under testdata/ are test code', () => {
    assert.ok(isTestPath('go', 'pkg/api/client_test.go'));
    assert.ok(isTestPath('go', 'internal/testdata/fixture.go'));
    assert.ok(!isTestPath('go', 'pkg/api/client.go'));
    assert.ok(!isTestPath('go', 'pkg/testing/helpers.go'));
    assert.ok(!isTestPath('go', 'contest.go'));
  });

  it('JS/TS: *.test.*, *.spec.*, and __tests__/, test/, tests/ folders are test code', () => {
    for (const p of ['src/a.test.ts', 'src/a.spec.mjs', 'lib/__tests__/x.js', 'test/unit/x.ts', 'packages/p/tests/y.tsx']) assert.ok(isTestPath('node', p), p);
    for (const p of ['src/a.ts', 'src/testing.ts', 'lib/contest.js', 'src/latest/x.js']) assert.ok(!isTestPath('node', p), p);
  });
});
