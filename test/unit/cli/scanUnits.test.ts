import * as assert from 'node:assert/strict';
import { idleCores, MAX_JOBS, scanUnits, WORKER_THRESHOLD_CHARS, workersFor } from '../../../server/src/cli/scanUnits';

const scopeOf = (p: string) => (p.endsWith('.go') ? 'directory' : p.endsWith('.js') ? 'project' : undefined);
const source = (p: string, chars = 10) => ({ path: p, text: 'x'.repeat(chars) });

describe('scan units (what one worker analyses)', () => {
  it('puts a Go package together, every JS/TS file together, in the order of their first file', () => {
    const units = scanUnits(
      [source('/r/a/x.js'), source('/r/p/a.go'), source('/r/q/b.go'), source('/r/b/y.js'), source('/r/p/c.go'), source('/r/n.txt')],
      scopeOf,
    );
    assert.deepEqual(
      units.map((u) => u.map((s) => s.path)),
      [['/r/a/x.js', '/r/b/y.js'], ['/r/p/a.go', '/r/p/c.go'], ['/r/q/b.go']],
    );
  });

  it('starts workers only for two units or more, and by default only when enough source lies outside the largest unit', () => {
    const small = [[source('/a.go')], [source('/b/b.go')], [source('/c/c.go')]];
    const half = WORKER_THRESHOLD_CHARS / 2;
    const large = [[source('/a.go', half)], [source('/b/b.go', half)], [source('/c/c.go', half)]];
    const oneLargeUnit = [[source('/a.go', 4 * WORKER_THRESHOLD_CHARS)], [source('/b/b.go', half)], [source('/c/c.go', half - 1)]];
    assert.equal(workersFor(oneLargeUnit, undefined, 4), 0, 'the rest could not overlap with the largest unit enough to pay');
    assert.equal(workersFor(small, undefined, 4), 0);
    assert.equal(workersFor(large, undefined, 4), 3);
    assert.equal(workersFor(large, undefined, 2), 2);
    assert.equal(workersFor(large, undefined, 1), 0);
    assert.equal(workersFor([...large, ...large, ...large, ...large], undefined, 64), MAX_JOBS);
    assert.equal(workersFor(small, 2, 1), 2, 'an explicit --jobs ignores the threshold and the core count');
    assert.equal(workersFor(large, 1, 4), 0, '--jobs 1 is in-process');
    assert.equal(workersFor(large, undefined, 2, 1.6), 0, 'one core idle out of two: in-process');
    assert.equal(workersFor(large, undefined, 4, 1.2), 3, 'three cores at least partly idle out of four');
    assert.equal(workersFor(large, 2, 2, 14), 2, 'an explicit --jobs ignores the load');
    assert.equal(workersFor([large[0]], 4, 4), 0, 'one unit: in-process');
  });

  it('counts the cores the load average leaves idle', () => {
    assert.equal(idleCores(2, 0.1), 2);
    assert.equal(idleCores(2, 0.6), 2);
    assert.equal(idleCores(2, 1), 1);
    assert.equal(idleCores(2, 14), 1);
    assert.equal(idleCores(64, 0), MAX_JOBS);
    assert.equal(idleCores(16, 10.4), 6);
    assert.equal(idleCores(16, 10), 6);
  });
});
