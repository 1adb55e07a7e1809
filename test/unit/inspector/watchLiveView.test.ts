import * as assert from 'node:assert/strict';
import { renderLiveView, sparkline, type LiveViewState } from '../../../server/src/cli/watchLiveView';
import type { SnapshotReport } from '$shared/inspector/snapshotReport';

function report(overrides: Partial<SnapshotReport> = {}): SnapshotReport {
  return {
    host: 'web-1',
    takenAt: '2026-01-01T00:00:00.000Z',
    source: 'ss',
    frameBytes: 0,
    collectMs: 1,
    tableFrameBytes: 0,
    tableCollectMs: 1,
    bootId: 'b',
    netns: 'n',
    states: { ESTABLISHED: 1200, TIME_WAIT: 28000, CLOSE_WAIT: 3, LISTEN: 4, SYN_RECV: 0 },
    counters: {},
    rates: { newConnections: 470.4, listenOverflows: 0, retransSegs: 1.25 },
    sysctl: {},
    peers: [],
    listeners: [],
    hints: [],
    ...overrides,
  };
}

function state(overrides: Partial<LiveViewState> = {}): LiveViewState {
  return {
    host: 'web-1',
    status: 'live',
    statusDetail: undefined,
    intervalSeconds: 2,
    samples: 7,
    report: report(),
    history: [{ states: { TIME_WAIT: 27000, ESTABLISHED: 1200 } }, { states: { TIME_WAIT: 28000, ESTABLISHED: 1200 } }],
    now: new Date('2026-01-01T12:34:56Z'),
    ...overrides,
  };
}

const hint = (i: number, severity: string) => ({
  id: `h${i}`,
  severity,
  title: `hint number ${i} with a long title `.repeat(4),
  detail: 'd',
  evidence: [],
  fix: 'f',
});

describe('inspect --watch live view layout', () => {
  it('fits 80×24 exactly: title, counts with deltas and trends, rates, hints one line each, key help last', () => {
    const lines = renderLiveView(state({ report: report({ hints: [hint(1, 'critical'), hint(2, 'warning'), hint(3, 'info')] }) }), { columns: 80, rows: 24 });
    assert.equal(lines.length, 24);
    for (const l of lines) assert.ok([...l].length <= 80, l);
    assert.equal(lines[0], 'Socket Lens · web-1 · live · 12:34:56 UTC · sample 7 · every 2 s');
    assert.ok(lines.includes('TIME_WAIT       28,000   +1,000  ▁█'), lines.join('\n'));
    assert.ok(lines.includes('ESTABLISHED      1,200        0  ▁▁'));
    assert.ok(!lines.some((l) => l.startsWith('SYN_RECV')), 'zero states other than the key ones are left out');
    assert.ok(lines.some((l) => l.startsWith('Rates /s  new conns 470 · accepted – · listen overflows 0.0')));
    const hintLines = lines.filter((l) => /^(CRIT|WARN|info) {2}/.test(l));
    assert.deepEqual(hintLines.map((l) => l.slice(0, 4)), ['CRIT', 'WARN', 'info']);
    assert.ok(hintLines.every((l) => l.endsWith('…')), 'long titles are cut to the width');
    assert.equal(lines[23], 'q or Ctrl-C quits · socket-lens inspect HOST shows the details');
  });

  it('with more hints than rows, shows what fits and says how many more', () => {
    const many = Array.from({ length: 30 }, (_, i) => hint(i, 'warning'));
    const lines = renderLiveView(state({ report: report({ hints: many }) }), { columns: 80, rows: 24 });
    assert.equal(lines.length, 24);
    const more = lines.find((l) => /^… \d+ more hints$/.test(l));
    assert.ok(more, lines.join('\n'));
    const shown = lines.filter((l) => l.startsWith('WARN')).length;
    assert.equal(shown + Number(/\d+/.exec(more)![0]), 30);
  });

  it('before the first sample and on errors, says what is happening; host text is escaped', () => {
    const lines = renderLiveView(
      state({ host: 'evil\u001b]0;x\u0007', status: 'error: no data', statusDetail: 'no data (nothing); retrying in 2 s', report: undefined, history: [] }),
      { columns: 80, rows: 24 },
    );
    assert.match(lines[0]!, /^Socket Lens · evil\\x1b\]0;x\\x07 · error: no data/);
    assert.equal(lines[1], '! no data (nothing); retrying in 2 s');
    assert.equal(lines[2], 'No sample yet.');
    assert.ok(lines.every((l) => !/[\u0000-\u001f]/.test(l)));
  });

  it('sparkline scales between min and max', () => {
    assert.equal(sparkline([1, 1, 1]), '▁▁▁');
    assert.equal(sparkline([0, 7, 14]), '▁▅█');
    assert.equal(sparkline([]), '');
  });
});
