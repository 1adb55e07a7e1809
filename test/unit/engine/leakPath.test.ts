/** Issue 9: one leak-path vocabulary under both body-flow walkers. */
import * as assert from 'node:assert';
import {
  ABSENT,
  join,
  leakSentence,
  mostDemanding,
  OPEN,
  RELEASED,
  release,
  toAbsent,
  UNREACHABLE,
} from '../../../server/src/engine/leakPath';

describe('leak-path vocabulary', () => {
  it('paths merge by union; the JS walker keeps the most demanding state of the set', () => {
    const singles = [UNREACHABLE, OPEN, RELEASED, ABSENT];
    for (const a of singles) {
      assert.strictEqual(join(a, UNREACHABLE), a, 'no path is the identity');
      assert.strictEqual(mostDemanding(join(a, OPEN)), OPEN, 'one open path makes the point open');
    }
    assert.strictEqual(mostDemanding(join(ABSENT, RELEASED)), RELEASED);
    assert.strictEqual(mostDemanding(join(ABSENT, ABSENT)), ABSENT);
    assert.strictEqual(join(OPEN, ABSENT), OPEN | ABSENT, 'the Go walker keeps the whole set');
  });

  it('release and toAbsent only change the open paths', () => {
    assert.strictEqual(release(OPEN | ABSENT), RELEASED | ABSENT);
    assert.strictEqual(toAbsent(OPEN | RELEASED), ABSENT | RELEASED);
    assert.strictEqual(release(ABSENT), ABSENT);
  });

  it('says where a path leaks, in the form each language puts after "when"', () => {
    assert.strictEqual(leakSentence('return', 12, false, 'gerund'), 'returning on line 12');
    assert.strictEqual(leakSentence('return', 12, false, 'clause'), 'it returns on line 12');
    assert.strictEqual(leakSentence('break', 3, false, 'gerund'), 'breaking out on line 3');
    assert.strictEqual(leakSentence('break', 3, false, 'clause'), 'the loop breaks on line 3');
    assert.strictEqual(leakSentence('end', 9, true, 'gerund'), 'the function ends on line 9');
    assert.strictEqual(leakSentence('end', 9, true, 'clause'), 'the function ends on line 9');
    assert.strictEqual(leakSentence('end', 9, false, 'gerund'), 'its block ends on line 9');
    assert.strictEqual(leakSentence('end', 9, false, 'clause'), 'the block ending on line 9 is left');
    assert.strictEqual(leakSentence('loop-end', 4, false, 'gerund'), 'the loop iteration ends on line 4');
    assert.strictEqual(leakSentence('overwrite', 5, false, 'gerund'), 'reassigned on line 5');
  });
});
