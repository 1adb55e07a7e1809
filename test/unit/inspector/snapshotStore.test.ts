import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { parseFrames } from '$shared/inspector/frameParser';
import { decodeFrame, type Sample } from '$shared/inspector/sample';
import { SnapshotStore } from '$shared/inspector/snapshot';

const FIXTURES = path.resolve(__dirname, '../../fixtures/inspector');

function counters(clock: number, active: number, overflows: number, opts: { boot?: string; netns?: string; table?: Record<string, number> } = {}): Sample {
  return {
    seq: 0,
    tiers: { counters: true, table: opts.table !== undefined, sysctl: false },
    frameBytes: 100,
    meta: { clock, bootId: opts.boot ?? 'b1', netns: opts.netns ?? 'n1', source: 'ss', collectMs: 10, listenerCount: 0 },
    counters: { 'Tcp.ActiveOpens': active, 'Tcp.PassiveOpens': 0, 'TcpExt.ListenOverflows': overflows },
    states: opts.table,
    peers: opts.table ? [] : undefined,
    listeners: opts.table ? [] : undefined,
    sysctl: undefined,
  };
}

describe('snapshot store', () => {
  it('decodes a recorded collector frame (ss and /proc sources)', () => {
    for (const [file, source, timeWait] of [
      ['collector-output-debian12.txt', 'ss', 2732],
      ['collector-output-debian12-proc.txt', 'proc', 2727],
    ] as const) {
      const { frames, rejections } = parseFrames(fs.readFileSync(path.join(FIXTURES, file), 'utf8'));
      assert.equal(rejections.length, 0);
      const s = decodeFrame(frames[0]!);
      assert.equal(s.meta.source, source);
      assert.equal(s.meta.bootId, 'eac38d25-2447-4c31-b693-02e3b453bb86');
      assert.equal(s.sysctl!['net.ipv4.ip_local_port_range'], '32768 60999');
      assert.equal(s.states!.TIME_WAIT, timeWait);
      assert.equal(s.peers!.find((p) => p.grouping === 'remote')!.endpoint, '127.0.0.1:41445');
      assert.equal(s.peers!.find((p) => p.grouping === 'remote')!.count, 2000);
      assert.ok(frames[0]!.bytes < 4096);
    }
  });

  it('computes per-second rates from counter deltas over the host clock', () => {
    const store = new SnapshotStore('h');
    store.add(counters(100, 1000, 5));
    const snap = store.add(counters(102, 1100, 9));
    assert.equal(snap.rates.activeOpens, 50);
    assert.equal(snap.rates.newConnections, 50);
    assert.equal(snap.rates.listenOverflows, 2);
    assert.equal(snap.rateHistory.length, 1);
  });

  it('resets rates and history on reboot (boot id), namespace change, or clock going back', () => {
    for (const [next, reason] of [
      [counters(104, 10, 0, { boot: 'b2' }), /rebooted/],
      [counters(104, 1200, 9, { netns: 'n2' }), /namespace/],
      [counters(50, 1200, 9), /backwards/],
    ] as const) {
      const store = new SnapshotStore('h');
      store.add(counters(100, 1000, 5, { table: { CLOSE_WAIT: 1 } }));
      store.add(counters(102, 1100, 9, { table: { CLOSE_WAIT: 2 } }));
      const snap = store.add(next);
      assert.deepEqual(snap.rates, {});
      assert.deepEqual(snap.history, []);
      assert.equal(snap.resets, 1);
      assert.match(snap.lastResetReason!, reason);
      const after = store.add({ ...next, meta: { ...next.meta, clock: next.meta.clock! + 1 }, counters: { ...next.counters, 'Tcp.ActiveOpens': next.counters['Tcp.ActiveOpens']! + 7 } });
      assert.equal(after.rates.activeOpens, 7, 'rates resume from the new baseline');
    }
  });

  it('a counter that went backwards gives no rate for that counter only', () => {
    const store = new SnapshotStore('h');
    store.add(counters(100, 1000, 50));
    const snap = store.add(counters(101, 1010, 3));
    assert.equal(snap.rates.activeOpens, 10);
    assert.equal(snap.rates.listenOverflows, undefined);
  });

  it('tracks the CLOSE_WAIT trend across table samples and fills every state', () => {
    const store = new SnapshotStore('h');
    store.add(counters(100, 0, 0, { table: { CLOSE_WAIT: 5 } }));
    store.add(counters(110, 0, 0, { table: { CLOSE_WAIT: 9 } }));
    const snap = store.add(counters(120, 0, 0, { table: { CLOSE_WAIT: 14 } }));
    assert.deepEqual(snap.trends.closeWait, { first: 5, last: 14, samples: 3, spanSeconds: 20, nonDecreasing: true });
    assert.equal(snap.states!.LAST_ACK, 0);
    const dip = store.add(counters(130, 0, 0, { table: { CLOSE_WAIT: 2 } }));
    assert.equal(dip.trends.closeWait!.nonDecreasing, false);
  });
});
