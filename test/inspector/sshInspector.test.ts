import * as assert from 'node:assert/strict';
import { collectSnapshot } from '$shared/inspector/collectSnapshot';
import type { Hint } from '$shared/inspector/hints';
import { RecordingSession, sshTransport } from './support/inspectorTestKit';
import { makeCloseWaitServer, makeFullAcceptQueue, makeTimeWait, ssTable, type SsTable } from './support/socketLoad';
import { TestSshServer } from './support/testSshServer';

/**
 * The inspector over a real sshd on 127.0.0.1, against real loopback sockets in known states, compared
 * with `ss -tan` taken by the test around the same moment.
 *
 * Tolerance: the machine is shared (other test suites open and close sockets) and the inspector's own
 * ssh connection adds sockets, so machine-wide state counts are compared with a band around the two
 * `ss` readings taken just before and just after the collector ran (± max(5, 2 %)). Sockets this test
 * owns (TIME_WAIT towards its server port, CLOSE_WAIT on its server port, its never-accepting listener)
 * are compared exactly.
 */
describe('inspector over a real sshd', function () {
  this.timeout(90000);
  let server: TestSshServer;
  let timeWait: Awaited<ReturnType<typeof makeTimeWait>>;
  let closeWait: Awaited<ReturnType<typeof makeCloseWaitServer>>;
  let acceptQueue: Awaited<ReturnType<typeof makeFullAcceptQueue>>;
  const TIME_WAIT_COUNT = 2000;
  const BACKLOG = 4;

  before(async () => {
    server = await TestSshServer.create();
    timeWait = await makeTimeWait(TIME_WAIT_COUNT);
    closeWait = await makeCloseWaitServer();
    await closeWait.add(20);
    acceptQueue = await makeFullAcceptQueue(BACKLOG, BACKLOG + 4);
  });

  after(async () => {
    await acceptQueue?.close();
    await closeWait?.close();
    await timeWait?.close();
    await server?.dispose();
  });

  function within(name: string, got: number, before: SsTable, after: SsTable): void {
    const a = before.states[name] ?? 0;
    const b = after.states[name] ?? 0;
    const tol = Math.max(5, Math.ceil(0.02 * Math.max(a, b)));
    assert.ok(
      got >= Math.min(a, b) - tol && got <= Math.max(a, b) + tol,
      `${name}: inspector ${got}, ss ${a} before / ${b} after (tolerance ${tol})`,
    );
  }

  it('counts per state over ssh match ss taken at the same moment', async () => {
    const before = await ssTable();
    const result = await collectSnapshot(sshTransport(server), { hostLabel: server.alias, rateWindowSeconds: 0 });
    const after = await ssTable();
    const snap = result.snapshot;
    assert.equal(snap.meta.source, 'ss');
    assert.ok(snap.states);
    for (const state of ['TIME_WAIT', 'CLOSE_WAIT', 'LISTEN', 'ESTABLISHED', 'FIN_WAIT2']) within(state, snap.states[state] ?? 0, before, after);

    // Exact checks on the sockets this test owns.
    const twPeer = `127.0.0.1:${timeWait.port}`;
    const twRef = after.rows.filter((r) => r.state === 'TIME_WAIT' && r.peer === twPeer).length;
    const twGot = snap.peers.find((p) => p.state === 'TIME_WAIT' && p.grouping === 'remote' && p.endpoint === twPeer);
    assert.ok(twRef >= TIME_WAIT_COUNT * 0.99, `ss sees ${twRef} TIME_WAIT towards ${twPeer}`);
    assert.equal(twGot?.count, twRef, 'TIME_WAIT towards the test server');

    const cwLocal = `127.0.0.1:${closeWait.port}`;
    const cwGot = snap.peers.find((p) => p.state === 'CLOSE_WAIT' && p.grouping === 'local' && p.endpoint === cwLocal);
    assert.equal(cwGot?.count, 20, 'CLOSE_WAIT held by the test server');

    const listener = snap.listeners.find((l) => l.local === `127.0.0.1:${acceptQueue.port}`);
    const ssListener = after.rows.find((r) => r.state === 'LISTEN' && r.local === `127.0.0.1:${acceptQueue.port}`);
    assert.ok(listener && ssListener, 'listener reported');
    assert.equal(listener.limit, BACKLOG);
    assert.equal(listener.limit, ssListener.sendQ);
    assert.equal(listener.queue, ssListener.recvQ);
    assert.equal(listener.queue, BACKLOG + 1, 'accept queue holds backlog + 1 connections when full');

    assert.ok(result.frames[0]!.bytes < 8192, `frame is ${result.frames[0]!.bytes} bytes`);
    assert.equal(result.rejections.length, 0);
  });

  it('fires the expected hints: port budget, CLOSE_WAIT with the peer named, full accept queue, listen overflows', async () => {
    const collecting = collectSnapshot(sshTransport(server), { hostLabel: server.alias, rateWindowSeconds: 2 });
    // New handshakes against the full accept queue while the rate window is open: each SYN is dropped.
    const extra = await makeFullAcceptQueueClients(acceptQueue.port, 10);
    const result = await collecting;
    for (const s of extra) s.destroy();
    const byId = (id: string): Hint[] => result.hints.filter((h) => h.id === id);

    // One hint per hot destination; other suites on this shared machine may add their own.
    const budget = byId('time-wait-port-budget').find((h) => h.title.includes(`127.0.0.1:${timeWait.port} in TIME_WAIT`));
    assert.ok(budget, JSON.stringify(result.hints.map((h) => h.title)));
    assert.match(budget.arithmetic ?? '', /28,232 ports/);
    assert.match(budget.arithmetic ?? '', /470 new connections\/s/);

    const cw = byId('close-wait');
    assert.equal(cw.length, 1);
    assert.ok(cw[0]!.evidence.includes(`20 of them on local 127.0.0.1:${closeWait.port}`), cw[0]!.evidence.join(' | '));
    assert.match(cw[0]!.detail, /no sysctl fixes it/);

    const aq = byId('accept-queue-full').find((h) => h.title.includes(`127.0.0.1:${acceptQueue.port}`));
    assert.ok(aq, 'accept-queue-full for the never-accepting listener');
    assert.equal(aq.severity, 'critical');

    assert.ok((result.snapshot.rates.listenOverflows ?? 0) > 0, `listenOverflows rate ${result.snapshot.rates.listenOverflows}`);
    assert.equal(byId('listen-overflows').length, 1);
    // Ranked: critical first.
    const order = result.hints.map((h) => h.severity);
    assert.deepEqual(order, [...order].sort((a, b) => ['critical', 'warning', 'info'].indexOf(a) - ['critical', 'warning', 'info'].indexOf(b)));
  });

  it('user@host:port goes to ssh as -p PORT -- user@host and reaches the same sshd', async () => {
    const result = await collectSnapshot(sshTransport(server, `root@127.0.0.1:${server.port}`), { hostLabel: 'by address', rateWindowSeconds: 0 });
    assert.ok(result.snapshot.listeners.some((l) => l.local === `127.0.0.1:${server.port}`), 'sees its own sshd listening');
  });

  it('several hosts at once: two live sessions; stopping one leaves the other running', async () => {
    const intervals = { counterIntervalSeconds: 1, socketTableIntervalSeconds: 2, sysctlIntervalSeconds: 60 };
    const a = new RecordingSession({ hostLabel: 'a', transport: sshTransport(server), intervals }).start();
    const b = new RecordingSession({ hostLabel: 'b', transport: sshTransport(server, `root@127.0.0.1:${server.port}`), intervals }).start();
    try {
      await a.waitFor('a live', () => a.snapshots.length > 0);
      await b.waitFor('b live', () => b.snapshots.length > 0);
      assert.notEqual(a.session.collectorPid, b.session.collectorPid, 'one ssh process per host');
      await a.stop();
      const before = b.session.framesReceived;
      await b.waitFor('b keeps receiving', () => b.session.framesReceived >= before + 2);
      assert.equal(a.session.currentStatus.state, 'stopped');
      assert.equal(b.session.currentStatus.state, 'live');
    } finally {
      await a.stop();
      await b.stop();
    }
  });

  it('a live session sees CLOSE_WAIT growing and names the server holding it', async () => {
    const rec = new RecordingSession({
      hostLabel: server.alias,
      transport: sshTransport(server),
      intervals: { counterIntervalSeconds: 1, socketTableIntervalSeconds: 1, sysctlIntervalSeconds: 60 },
    }).start();
    try {
      const cwCount = (): number | undefined =>
        rec.latest?.snapshot.peers.find((p) => p.state === 'CLOSE_WAIT' && p.grouping === 'local' && p.endpoint === `127.0.0.1:${closeWait.port}`)?.count;
      await rec.waitFor('first table sample', () => cwCount() === closeWait.count());
      await closeWait.add(15);
      await rec.waitFor('grown CLOSE_WAIT', () => cwCount() === closeWait.count());
      await closeWait.add(15);
      await rec.waitFor('grown CLOSE_WAIT again', () => cwCount() === closeWait.count());
      const hint = rec.latest!.hints.find((h) => h.id === 'close-wait');
      assert.ok(hint, 'close-wait hint');
      assert.match(hint.title, /growing/);
      assert.equal(hint.severity, 'warning');
      assert.ok(hint.evidence.some((e) => e.includes(`local 127.0.0.1:${closeWait.port}`)), hint.evidence.join(' | '));
      assert.ok(rec.statuses.some((s) => s.state === 'live'));
      assert.ok(Object.keys(rec.latest!.snapshot.rates).length > 0, 'rates computed from counter deltas');
    } finally {
      await rec.stop();
    }
  });
});

async function makeFullAcceptQueueClients(port: number, n: number): Promise<import('node:net').Socket[]> {
  const net = await import('node:net');
  const sockets = Array.from({ length: n }, () => {
    const s = net.connect(port, '127.0.0.1');
    s.on('error', () => undefined);
    return s;
  });
  await new Promise((r) => setTimeout(r, 300));
  return sockets;
}
