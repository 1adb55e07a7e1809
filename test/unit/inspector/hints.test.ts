import * as assert from 'node:assert/strict';
import { computeHints, countReservedPorts, portBudget, type Hint } from '$shared/inspector/hints';
import { snapshotWith, STOCK_SYSCTL } from './snapshotTestKit';

const ids = (hints: Hint[]): string[] => hints.map((h) => h.id);
const one = (hints: Hint[], id: string): Hint => {
  const found = hints.filter((h) => h.id === id);
  assert.equal(found.length, 1, `${id} in ${ids(hints).join(',')}`);
  return found[0]!;
};

describe('hint rules', () => {
  it('a quiet stock host gets no warning', () => {
    const hints = computeHints(snapshotWith({}));
    assert.deepEqual(hints.filter((h) => h.severity !== 'info'), []);
  });

  it('port budget: 28,232 ports, ~470/s ceiling, severity by share of the budget', () => {
    const budget = portBudget(snapshotWith({}))!;
    assert.equal(budget.ports, 28232);
    assert.equal(Math.floor(budget.ceilingPerSecond), 470);
    const at = (count: number, endpoint = '10.0.0.5:5432') =>
      computeHints(snapshotWith({ states: { TIME_WAIT: count }, peers: [{ state: 'TIME_WAIT', grouping: 'remote', endpoint, count }] }));
    assert.deepEqual(ids(at(1000)).filter((i) => i === 'time-wait-port-budget'), []);
    assert.equal(one(at(2000), 'time-wait-port-budget').severity, 'info');
    assert.equal(one(at(10000), 'time-wait-port-budget').severity, 'warning');
    const critical = one(at(20000), 'time-wait-port-budget');
    assert.equal(critical.severity, 'critical');
    assert.match(critical.title, /20,000 connections to 10\.0\.0\.5:5432 in TIME_WAIT use 71 % of the ephemeral ports/);
    assert.match(critical.arithmetic!, /60999 − 32768 \+ 1 = 28,232 ports; 28,232 \/ 60 s ≈ 470 new connections\/s/);
    assert.match(critical.arithmetic!, /20,000 \/ 60 s ≈ 333\.3 connections\/s/);
    assert.deepEqual(critical.sysctl!.map((s) => `${s.key}=${s.value}`), ['net.ipv4.ip_local_port_range=10240 65535', 'net.ipv4.tcp_tw_reuse=1']);
    assert.match(critical.fix, /keep-alive/);
    // Loopback with tw_reuse=2: explained, and no tw_reuse change proposed.
    const loop = one(at(20000, '127.0.0.1:8080'), 'time-wait-port-budget');
    assert.match(loop.detail, /tcp_tw_reuse = 2 already lets new loopback connections reuse/);
    assert.ok(!loop.sysctl!.some((s) => s.key === 'net.ipv4.tcp_tw_reuse'));
  });

  it('reserved ports shrink the budget', () => {
    assert.equal(countReservedPorts('40000-40999,50000,70000', 32768, 60999), 1001);
    const snap = snapshotWith({ sysctl: { ...STOCK_SYSCTL, 'net.ipv4.ip_local_reserved_ports': '40000-40999' } });
    assert.equal(portBudget(snap)!.ports, 27232);
  });

  it('tcp_tw_reuse: proposes 1 when off under TIME_WAIT load; warns when timestamps are off', () => {
    const off = computeHints(snapshotWith({ states: { TIME_WAIT: 5000 }, sysctl: { ...STOCK_SYSCTL, 'net.ipv4.tcp_tw_reuse': '0' } }));
    assert.equal(one(off, 'tcp-tw-reuse').sysctl![0]!.value, '1');
    const noTs = computeHints(snapshotWith({ sysctl: { ...STOCK_SYSCTL, 'net.ipv4.tcp_timestamps': '0' } }));
    assert.equal(one(noTs, 'tcp-tw-reuse-needs-timestamps').severity, 'warning');
  });

  it('tcp_tw_recycle present and on is critical; present and off is info; absent is nothing', () => {
    assert.equal(one(computeHints(snapshotWith({ sysctl: { ...STOCK_SYSCTL, 'net.ipv4.tcp_tw_recycle': '1' } })), 'tcp-tw-recycle').severity, 'critical');
    assert.equal(one(computeHints(snapshotWith({ sysctl: { ...STOCK_SYSCTL, 'net.ipv4.tcp_tw_recycle': '0' } })), 'tcp-tw-recycle').severity, 'info');
    assert.ok(!ids(computeHints(snapshotWith({}))).includes('tcp-tw-recycle'));
  });

  it('TIME_WAIT buckets: near the limit warns, overflowing is critical, never proposes lowering', () => {
    const near = one(computeHints(snapshotWith({ counters: { 'sockstat.TCP.tw': 125000 } })), 'time-wait-buckets');
    assert.equal(near.severity, 'warning');
    assert.ok(Number(near.sysctl![0]!.value) > 131072);
    const over = one(computeHints(snapshotWith({ counters: { 'sockstat.TCP.tw': 131072, 'TcpExt.TCPTimeWaitOverflow': 50 }, rates: { timeWaitOverflow: 3 } })), 'time-wait-buckets');
    assert.equal(over.severity, 'critical');
  });

  it('CLOSE_WAIT: names the local endpoint and the peer; growing is worse; no sysctl', () => {
    const peers = [
      { state: 'CLOSE_WAIT', grouping: 'local' as const, endpoint: '10.0.0.2:8080', count: 40 },
      { state: 'CLOSE_WAIT', grouping: 'remoteHost' as const, endpoint: '10.0.0.9', count: 38 },
    ];
    const flat = one(computeHints(snapshotWith({ states: { CLOSE_WAIT: 40 }, peers })), 'close-wait');
    assert.equal(flat.severity, 'info');
    assert.match(flat.title, /^40 sockets in CLOSE_WAIT on 10\.0\.0\.2:8080 \(peer 10\.0\.0\.9\)$/);
    assert.equal(flat.sysctl, undefined);
    assert.match(flat.detail, /no sysctl fixes it/);
    const growing = one(
      computeHints(snapshotWith({ states: { CLOSE_WAIT: 40 }, peers, trends: { closeWait: { first: 10, last: 40, samples: 4, spanSeconds: 30, nonDecreasing: true } } })),
      'close-wait',
    );
    assert.equal(growing.severity, 'warning');
    assert.match(growing.title, /\(peer 10\.0\.0\.9\), growing$/);
    assert.match(growing.arithmetic!, /\(40 − 10\) \/ 30 s ≈ 1 leaked sockets\/s/);
    assert.ok(!ids(computeHints(snapshotWith({ states: { CLOSE_WAIT: 3 } }))).includes('close-wait'));
    const twoSamples = one(
      computeHints(snapshotWith({ states: { CLOSE_WAIT: 40 }, peers, trends: { closeWait: { first: 38, last: 40, samples: 2, spanSeconds: 10, nonDecreasing: true } } })),
      'close-wait',
    );
    assert.equal(twoSamples.severity, 'info', 'a rise seen in only two samples is not yet a trend');
  });

  it('accept queue: full is critical and says whether somaxconn or the app backlog is the limit', () => {
    const app = one(computeHints(snapshotWith({ listeners: [{ local: '0.0.0.0:9000', queue: 129, limit: 128 }] })), 'accept-queue-full');
    assert.equal(app.severity, 'critical');
    assert.match(app.arithmetic!, /the application's backlog; somaxconn is 4096/);
    assert.equal(app.sysctl, undefined);
    const som = one(computeHints(snapshotWith({ listeners: [{ local: '0.0.0.0:443', queue: 3500, limit: 4096 }] })), 'accept-queue-full');
    assert.equal(som.severity, 'warning');
    assert.equal(som.sysctl![0]!.key, 'net.core.somaxconn');
    assert.ok(!ids(computeHints(snapshotWith({ listeners: [{ local: '0.0.0.0:1', queue: 5, limit: undefined }] }))).includes('accept-queue-full'));
  });

  it('listen overflows above 1/min, SYN cookies, SYN_RECV vs tcp_max_syn_backlog', () => {
    assert.ok(!ids(computeHints(snapshotWith({ rates: { listenOverflows: 0.01 } }))).includes('listen-overflows'));
    assert.equal(one(computeHints(snapshotWith({ rates: { listenOverflows: 0.5 } })), 'listen-overflows').severity, 'warning');
    assert.equal(one(computeHints(snapshotWith({ rates: { listenOverflows: 5 } })), 'listen-overflows').severity, 'critical');
    assert.match(one(computeHints(snapshotWith({ rates: { syncookiesSent: 2 } })), 'syn-backlog').title, /SYN cookies/);
    const half = one(computeHints(snapshotWith({ states: { SYN_RECV: 1500 } })), 'syn-backlog');
    assert.match(half.arithmetic!, /1,500 \/ 2,048 = 73 %/);
  });

  it('keep-alive vs NAT, fin_timeout misconception, file handles, conntrack, orphans, socket memory', () => {
    assert.equal(one(computeHints(snapshotWith({ states: { ESTABLISHED: 3 } })), 'keepalive-vs-nat').severity, 'info');
    const fin = one(computeHints(snapshotWith({ sysctl: { ...STOCK_SYSCTL, 'net.ipv4.tcp_fin_timeout': '15' } })), 'fin-timeout-misconception');
    assert.match(fin.title, /tcp_fin_timeout = 15 does not shorten TIME_WAIT/);
    assert.equal(one(computeHints(snapshotWith({ counters: { 'file.allocated': 2300000 } })), 'file-handles').severity, 'critical');
    assert.equal(one(computeHints(snapshotWith({ counters: { 'conntrack.count': 200000 } })), 'conntrack').severity, 'warning');
    assert.equal(one(computeHints(snapshotWith({ counters: { 'sockstat.TCP.orphan': 40000 } })), 'orphans').severity, 'warning');
    assert.equal(one(computeHints(snapshotWith({ counters: { 'sockstat.TCP.mem': 560000 } })), 'socket-memory').severity, 'critical');
  });

  it('ranks critical before warning before info, then by score', () => {
    const hints = computeHints(
      snapshotWith({
        states: { ESTABLISHED: 3, CLOSE_WAIT: 60 },
        sysctl: { ...STOCK_SYSCTL, 'net.ipv4.tcp_tw_recycle': '1' },
        listeners: [{ local: '0.0.0.0:9000', queue: 129, limit: 128 }],
      }),
    );
    const order = hints.map((h) => h.severity);
    assert.deepEqual(order, [...order].sort((a, b) => ['critical', 'warning', 'info'].indexOf(a) - ['critical', 'warning', 'info'].indexOf(b)));
    assert.equal(hints[0]!.severity, 'critical');
    for (const h of hints) assert.ok(h.evidence.length > 0 && h.fix.length > 0, h.id);
  });
});
