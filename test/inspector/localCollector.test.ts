import * as assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as net from 'node:net';
import * as os from 'node:os';
import * as path from 'node:path';
import { PassThrough } from 'node:stream';
import { runInspectCommand } from '../../server/src/cli/inspectCommand';
import { buildCollectorScript } from '$shared/inspector/collectorScript';
import { collectSnapshot } from '$shared/inspector/collectSnapshot';
import { FrameParser, parseFrames, type Frame } from '$shared/inspector/frameParser';
import { decodeFrame } from '$shared/inspector/sample';
import { makeCloseWaitServer, makeTimeWait, ssTable } from './support/socketLoad';

/** "This machine": the same collector run with /bin/sh locally, and with dash and BusyBox explicitly. */
describe('local collector (This machine)', function () {
  this.timeout(60000);
  let tw: Awaited<ReturnType<typeof makeTimeWait>>;
  let cw: Awaited<ReturnType<typeof makeCloseWaitServer>>;
  let v6: net.Server;
  let binWithoutSs: string;

  before(async () => {
    tw = await makeTimeWait(300);
    cw = await makeCloseWaitServer();
    await cw.add(7);
    v6 = net.createServer();
    await new Promise<void>((r) => v6.listen(0, '::1', r));
    binWithoutSs = fs.mkdtempSync(path.join(os.tmpdir(), 'sl-nossbin-'));
    for (const tool of ['awk', 'cat', 'sleep', 'readlink']) {
      fs.symlinkSync(execFileSync('sh', ['-c', `command -v ${tool}`], { encoding: 'utf8' }).trim(), path.join(binWithoutSs, tool));
    }
  });
  after(async () => {
    await new Promise<void>((r) => v6.close(() => r()));
    await cw.close();
    await tw.close();
    fs.rmSync(binWithoutSs, { recursive: true, force: true });
  });

  function runScript(shell: string[], env: NodeJS.ProcessEnv = process.env): { frame: Frame; ms: number } {
    const script = buildCollectorScript({ once: true, counterIntervalSeconds: 1, socketTableIntervalSeconds: 1, sysctlIntervalSeconds: 1 });
    const started = process.hrtime.bigint();
    const out = execFileSync(shell[0]!, shell.slice(1), { input: script, env, encoding: 'utf8' });
    const ms = Number(process.hrtime.bigint() - started) / 1e6;
    const { frames, rejections } = parseFrames(out);
    assert.equal(rejections.length, 0, JSON.stringify(rejections));
    assert.equal(frames.length, 1);
    return { frame: frames[0]!, ms };
  }

  /** TIME_WAIT sockets towards the test server, read straight from /proc/net/tcp (the reference for the fallback). */
  function ssTableCountTowards(port: number): number {
    const hexPort = port.toString(16).toUpperCase().padStart(4, '0');
    return fs
      .readFileSync('/proc/net/tcp', 'utf8')
      .split('\n')
      .filter((l) => {
        const f = l.trim().split(/\s+/);
        return f[3] === '06' && f[2] === `0100007F:${hexPort}`;
      }).length;
  }

  function ownCounts(frame: Frame): { tw: number; cw: number; v6: boolean } {
    const s = decodeFrame(frame);
    return {
      tw: s.peers!.find((p) => p.state === 'TIME_WAIT' && p.grouping === 'remote' && p.endpoint === `127.0.0.1:${tw.port}`)?.count ?? 0,
      cw: s.peers!.find((p) => p.state === 'CLOSE_WAIT' && p.grouping === 'local' && p.endpoint === `127.0.0.1:${cw.port}`)?.count ?? 0,
      v6: s.listeners!.some((l) => l.local === `[::1]:${(v6.address() as net.AddressInfo).port}`),
    };
  }

  it('dash, bash and BusyBox (sh + awk) report the same counts as ss; /proc fallback when ss is missing', async () => {
    const ref = await ssTable();
    const refTw = ref.rows.filter((r) => r.state === 'TIME_WAIT' && r.peer === `127.0.0.1:${tw.port}`).length;
    const shells: Array<[string, string[], NodeJS.ProcessEnv?]> = [
      ['dash', ['/bin/dash', '-s']],
      ['bash', ['/bin/bash', '-s']],
      ['dash without ss (PATH lacks it)', ['/bin/dash', '-s'], { PATH: binWithoutSs }],
    ];
    assert.ok(fs.existsSync('/usr/bin/busybox'), 'busybox is not installed: run `npm run test:setup`');
    const bb = fs.mkdtempSync(path.join(os.tmpdir(), 'sl-busybox-'));
    for (const t of ['sh', 'awk', 'cat', 'sleep', 'readlink']) fs.symlinkSync('/usr/bin/busybox', path.join(bb, t));
    shells.push(['BusyBox ash + awk (no ss)', ['/usr/bin/busybox', 'sh', '-s'], { PATH: bb }]);
    try {
      for (const [name, shell, env] of shells) {
        const { frame } = runScript(shell, env);
        const sample = decodeFrame(frame);
        const counts = ownCounts(frame);
        assert.equal(counts.tw, refTw, `${name}: TIME_WAIT towards the test server`);
        assert.equal(counts.cw, 7, `${name}: CLOSE_WAIT on the test server`);
        assert.ok(counts.v6, `${name}: IPv6 listener [::1] reported the same way`);
        assert.equal(sample.meta.source, env?.PATH ? 'proc' : 'ss', name);
        assert.ok(sample.sysctl!['net.ipv4.ip_local_port_range'], `${name}: sysctls`);
        assert.ok(sample.counters['Tcp.ActiveOpens'] !== undefined, `${name}: counters`);
      }
    } finally {
      fs.rmSync(bb, { recursive: true, force: true });
    }
  });

  it('an ss that fails while listing: the same sample is counted from /proc, later samples skip ss (one pass each)', () => {
    // A stand-in `ss` that prints a header and a bogus row, records the call, and fails (as ss does without netlink).
    const bin = fs.mkdtempSync(path.join(os.tmpdir(), 'sl-failingss-'));
    const calls = path.join(bin, 'calls');
    try {
      for (const tool of ['awk', 'cat', 'sleep', 'readlink']) fs.symlinkSync(path.join(binWithoutSs, tool), path.join(bin, tool));
      fs.writeFileSync(
        path.join(bin, 'ss'),
        `#!/bin/sh\necho call >> '${calls}'\necho 'State Recv-Q Send-Q Local Peer'\necho 'TIME-WAIT 0 0 10.9.9.9:1 10.9.9.9:2'\nexit 1\n`,
        { mode: 0o755 },
      );
      const ref = ssTableCountTowards(tw.port);
      // Two socket-table samples one second apart, then the script is stopped by the timeout.
      const script = buildCollectorScript({
        once: false,
        counterIntervalSeconds: 1,
        socketTableIntervalSeconds: 1,
        sysctlIntervalSeconds: 60,
      });
      let out = '';
      try {
        execFileSync('/bin/dash', ['-s'], { input: script, env: { PATH: bin }, encoding: 'utf8', timeout: 2500 });
      } catch (err) {
        out = String((err as { stdout?: string }).stdout ?? '');
      }
      const { frames, rejections } = parseFrames(out);
      assert.ok(frames.length >= 2, `${frames.length} frames, rejections ${JSON.stringify(rejections)}`);
      for (const frame of frames.slice(0, 2)) {
        const sample = decodeFrame(frame);
        assert.equal(sample.meta.source, 'proc');
        assert.equal(ownCounts(frame).tw, ref, 'TIME_WAIT towards the test server, from /proc');
        assert.equal(ownCounts(frame).cw, 7);
        assert.equal(sample.peers!.some((p) => p.endpoint.startsWith('10.9.9.9')), false, 'rows ss printed before failing are dropped');
      }
      assert.equal(fs.readFileSync(calls, 'utf8').trim().split('\n').length, 1, 'ss is run once, by the first sample only');
    } finally {
      fs.rmSync(bin, { recursive: true, force: true });
    }
  });

  it('a working ss is run once per socket-table sample (no separate probe pass)', () => {
    const bin = fs.mkdtempSync(path.join(os.tmpdir(), 'sl-countedss-'));
    const calls = path.join(bin, 'calls');
    const realSs = execFileSync('sh', ['-c', 'command -v ss'], { encoding: 'utf8' }).trim();
    try {
      for (const tool of ['awk', 'cat', 'sleep', 'readlink']) fs.symlinkSync(path.join(binWithoutSs, tool), path.join(bin, tool));
      fs.writeFileSync(path.join(bin, 'ss'), `#!/bin/sh\necho call >> '${calls}'\nexec '${realSs}' "$@"\n`, { mode: 0o755 });
      const { frame } = runScript(['/bin/dash', '-s'], { PATH: bin });
      assert.equal(decodeFrame(frame).meta.source, 'ss');
      assert.equal(ownCounts(frame).cw, 7);
      assert.equal(fs.readFileSync(calls, 'utf8').trim().split('\n').length, 1);
    } finally {
      fs.rmSync(bin, { recursive: true, force: true });
    }
  });

  it('a frame cut in half is rejected cleanly; the next whole frame still parses', () => {
    const { frame } = runScript(['/bin/sh', '-s']);
    const script = buildCollectorScript({ once: true, counterIntervalSeconds: 1, socketTableIntervalSeconds: 1, sysctlIntervalSeconds: 1 });
    const text = execFileSync('/bin/sh', ['-s'], { input: script, encoding: 'utf8' });
    const half = text.slice(0, Math.floor(text.length / 2));
    const cut = parseFrames(half);
    assert.equal(cut.frames.length, 0);
    assert.equal(cut.rejections.length, 1);
    assert.equal(cut.rejections[0]!.reason, 'truncated');

    const then = parseFrames(`${half}\n${text}`);
    assert.equal(then.frames.length, 1, 'the whole frame after the cut one');
    assert.equal(then.frames[0]!.records.length, frame.records.length);
    assert.equal(then.rejections[0]!.reason, 'truncated');

    // A line lost in the middle: the record count in the end marker catches it.
    const lines = text.split('\n');
    lines.splice(Math.floor(lines.length / 2), 1);
    const missing = parseFrames(lines.join('\n'));
    assert.equal(missing.frames.length, 0);
    assert.match(missing.rejections[0]!.detail, /records, end marker says/);

    // Byte-by-byte delivery gives the same frame as one chunk.
    const got: Frame[] = [];
    const p = new FrameParser({ onFrame: (f) => got.push(f) });
    for (const ch of text) p.push(ch);
    p.end();
    assert.equal(got.length, 1);
    assert.equal(got[0]!.bytes, Buffer.byteLength(text.slice(text.indexOf('==SOCKETLENS-BEGIN'))));
  });

  it('collectSnapshot on this machine gives rates from two counter samples', async () => {
    const result = await collectSnapshot({ kind: 'local' }, { hostLabel: 'This machine', rateWindowSeconds: 1 });
    assert.equal(result.frames.length, 2);
    assert.ok(result.snapshot.rates.newConnections !== undefined);
    assert.ok(result.snapshot.tableFrameBytes > 500 && result.snapshot.tableFrameBytes < 8192, `${result.snapshot.tableFrameBytes} bytes`);
  });

  it('socket-lens inspect --json on this machine has the documented shape', async () => {
    const stdout = new PassThrough();
    let out = '';
    stdout.on('data', (d) => (out += d));
    const code = await runInspectCommand(['--json'], { stdout, stderr: new PassThrough() });
    assert.equal(code, 0);
    const json = JSON.parse(out);
    for (const key of ['states', 'counters', 'sysctl', 'peers', 'listeners', 'hints']) assert.ok(key in json, key);
    for (const state of ['ESTABLISHED', 'TIME_WAIT', 'CLOSE_WAIT', 'LISTEN', 'SYN_RECV']) assert.equal(typeof json.states[state], 'number', state);
    assert.equal(json.peers.find((p: { state: string; grouping: string; endpoint: string }) => p.state === 'CLOSE_WAIT' && p.grouping === 'local' && p.endpoint === `127.0.0.1:${cw.port}`)?.count, 7);
    for (const h of json.hints) for (const k of ['id', 'severity', 'title', 'detail']) assert.equal(typeof h[k], 'string');
  });

  it('socket-lens inspect --watch, stdout not a terminal: one JSON object per line per sample until stopped', async () => {
    const stdout = new PassThrough();
    let out = '';
    stdout.on('data', (d) => (out += d));
    const controller = new AbortController();
    const running = runInspectCommand(['--watch', '1'], { stdout, stderr: new PassThrough() }, { signal: controller.signal });
    await new Promise((r) => setTimeout(r, 3300));
    controller.abort();
    assert.equal(await running, 0);
    const lines = out.split('\n').filter((l) => l !== '');
    assert.ok(lines.length >= 3, `${lines.length} samples in 3.3 s`);
    for (const line of lines) {
      const report = JSON.parse(line) as { host: string; states: Record<string, number> };
      assert.equal(report.host, 'This machine');
      assert.ok(report.states.LISTEN! >= 1);
    }
  });
});
