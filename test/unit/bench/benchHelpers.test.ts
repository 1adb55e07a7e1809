import * as assert from 'node:assert/strict';
import { topSelfTime } from '../../bench/measure/cpuProfileSummary';
import { pairedRatio, parseGnuTimeLine } from '../../bench/measure/wholeProcess';

describe('bench helpers', () => {
  it('reads GNU time\'s last line, also after a "non-zero status" note', () => {
    assert.deepEqual(parseGnuTimeLine('1.50 0.75 0.25 2048\n'), { userMs: 750, systemMs: 250, peakRssBytes: 2048 * 1024 });
    assert.deepEqual(parseGnuTimeLine('Command exited with non-zero status 1\n0.10 0.02 0.01 100\n')?.peakRssBytes, 100 * 1024);
    assert.equal(parseGnuTimeLine('Command terminated by signal 9\n'), null);
  });

  it('takes the median of pair-by-pair ratios, not the ratio of medians', () => {
    // Ratio of medians would be 20/10 = 2; the pairs say 1, 1, 4.
    assert.equal(pairedRatio([10, 20, 40], [10, 20, 10]), 1);
    assert.throws(() => pairedRatio([1], [1, 2]), /equal/);
  });

  it('charges each sample\'s delta to its node and adds up nodes of one function', () => {
    const profile = {
      nodes: [
        { id: 1, callFrame: { functionName: '(root)', url: '', lineNumber: -1 } },
        { id: 2, callFrame: { functionName: 'parse', url: 'file:///x/engine.js', lineNumber: 9 } },
        { id: 3, callFrame: { functionName: 'parse', url: 'file:///x/engine.js', lineNumber: 9 } },
        { id: 4, callFrame: { functionName: '', url: 'file:///x/walk.js', lineNumber: 0 } },
      ],
      samples: [2, 4, 3, 2],
      timeDeltas: [1000, 2000, 3000, 4000],
    };
    const { totalMs, top } = topSelfTime(profile, 5);
    assert.equal(totalMs, 10);
    assert.deepEqual(top[0], { function: 'parse (engine.js:10)', selfMs: 8, share: 0.8 });
    assert.deepEqual(top[1], { function: '(anonymous) (walk.js:1)', selfMs: 2, share: 0.2 });
    assert.equal(top.length, 2);
  });
});
