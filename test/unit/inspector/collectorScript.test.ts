import * as assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { buildCollectorScript, SYSCTL_FILES } from '$shared/inspector/collectorScript';
import { parseFrames } from '$shared/inspector/frameParser';
import { decodeFrame } from '$shared/inspector/sample';

describe('collector script', () => {
  const base = { once: false, counterIntervalSeconds: 2, socketTableIntervalSeconds: 10, sysctlIntervalSeconds: 60 };

  it('turns the intervals into whole ticks', () => {
    const script = buildCollectorScript(base);
    assert.match(script, /^SL_TICK=2$/m);
    assert.match(script, /^SL_TABLE_EVERY=5$/m);
    assert.match(script, /^SL_SYSCTL_EVERY=30$/m);
    assert.match(buildCollectorScript({ ...base, counterIntervalSeconds: 3, socketTableIntervalSeconds: 10 }), /^SL_TABLE_EVERY=4$/m);
    assert.match(buildCollectorScript({ ...base, socketTableSource: 'proc' }), /^SL_SOURCE=proc$/m);
  });

  it('refuses non-numeric or non-positive intervals (nothing but numbers is interpolated)', () => {
    assert.throws(() => buildCollectorScript({ ...base, counterIntervalSeconds: 0 }), /counterIntervalSeconds/);
    assert.throws(() => buildCollectorScript({ ...base, socketTableIntervalSeconds: Number('1; rm -rf /') }), /socketTableIntervalSeconds/);
    assert.throws(() => buildCollectorScript({ ...base, sysctlIntervalSeconds: Infinity }), /sysctlIntervalSeconds/);
    assert.equal(buildCollectorScript({ ...base, socketTableSource: 'x; id' as never }).includes('x; id'), false);
  });

  it('only reads: no redirection into files, no sysctl -w, no writes under /proc/sys', () => {
    const script = buildCollectorScript(base);
    assert.doesNotMatch(script, /sysctl\s+-w|>\s*\/proc|>\s*\/etc|>\s*\/(?!dev\/null)/);
    for (const f of SYSCTL_FILES) assert.ok(script.includes(`/proc/sys/${f}`), f);
  });

  it('parses with dash -n and bash -n (POSIX syntax)', () => {
    const script = buildCollectorScript(base);
    for (const shell of ['/bin/dash', '/bin/bash']) execFileSync(shell, ['-n'], { input: script });
  });
});

/**
 * The collector run for real (sh + awk) against a stand-in `ss` that prints a fixed table, so the grouping is
 * checked exactly: address normalisation (`%scope`, `[::ffff:a.b.c.d]`), a local address shared by two
 * TIME_WAIT sockets, hosts summed over their remotes, listeners and per-state counts.
 */
describe('collector script on a fixed ss table', function () {
  this.timeout(30000);
  const TABLE = [
    'LISTEN 0 128 0.0.0.0:80 0.0.0.0:*',
    'LISTEN 3 4 [::]:443 [::]:*',
    'LISTEN 0 4096 127.0.0.53%lo:53 0.0.0.0:*',
    'ESTAB 0 0 10.0.0.1:80 10.0.0.9:5000',
    'ESTAB 0 0 10.0.0.1:80 10.0.0.9:5001',
    'TIME-WAIT 0 0 10.0.0.1:40000 10.0.0.5:5432',
    'TIME-WAIT 0 0 10.0.0.1:40001 10.0.0.5:5432',
    'TIME-WAIT 0 0 10.0.0.1:40000 10.0.0.6:5432',
    'TIME-WAIT 0 0 [::ffff:10.0.0.1]:80 [::ffff:10.0.0.7]:6000',
    'TIME-WAIT 0 0 10.0.0.1:80 10.0.0.7:6001',
    'TIME-WAIT 0 0 [fe80::1]%eth0:22 [fe80::2]%eth0:7000',
    'CLOSE-WAIT 1 0 10.0.0.1:8080 10.0.0.8:1234',
    'CLOSE-WAIT 1 0 10.0.0.1:8080 10.0.0.8:1235',
    'SYN-RECV 0 0 10.0.0.1:80 10.0.0.9:2',
    'FIN-WAIT-2 0 0 10.0.0.1:41000 10.0.0.5:443',
    'LAST-ACK 0 0 10.0.0.1:80 10.0.0.9:3',
    'FIN-WAIT-1 0 1 10.0.0.1:80 10.0.0.9:4',
  ];
  const EXPECTED_PEERS = [
    'TIME_WAIT r 10.0.0.5:5432 2',
    'TIME_WAIT r 10.0.0.6:5432 1',
    'TIME_WAIT r 10.0.0.7:6000 1',
    'TIME_WAIT r 10.0.0.7:6001 1',
    'TIME_WAIT r [fe80::2]:7000 1',
    'TIME_WAIT l 10.0.0.1:40000 2',
    'TIME_WAIT l 10.0.0.1:80 2',
    'TIME_WAIT l 10.0.0.1:40001 1',
    'TIME_WAIT l [fe80::1]:22 1',
    'TIME_WAIT h 10.0.0.5 2',
    'TIME_WAIT h 10.0.0.7 2',
    'TIME_WAIT h 10.0.0.6 1',
    'TIME_WAIT h [fe80::2] 1',
    'CLOSE_WAIT r 10.0.0.8:1234 1',
    'CLOSE_WAIT r 10.0.0.8:1235 1',
    'CLOSE_WAIT l 10.0.0.1:8080 2',
    'CLOSE_WAIT h 10.0.0.8 2',
    'SYN_RECV r 10.0.0.9:2 1',
    'SYN_RECV l 10.0.0.1:80 1',
    'SYN_RECV h 10.0.0.9 1',
    'FIN_WAIT2 r 10.0.0.5:443 1',
    'FIN_WAIT2 l 10.0.0.1:41000 1',
    'FIN_WAIT2 h 10.0.0.5 1',
    'LAST_ACK r 10.0.0.9:3 1',
    'LAST_ACK l 10.0.0.1:80 1',
    'LAST_ACK h 10.0.0.9 1',
  ];
  const EXPECTED_STATES = {
    LISTEN: 3,
    ESTABLISHED: 2,
    TIME_WAIT: 6,
    CLOSE_WAIT: 2,
    SYN_RECV: 1,
    FIN_WAIT2: 1,
    LAST_ACK: 1,
    FIN_WAIT1: 1,
  };

  /** A PATH with the given awk, the real readlink, sleep and cat, and an `ss` written from `ssBody` that logs its arguments. */
  function fakeBin(awk: string, ssBody: string): { dir: string; calls: string } {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sl-fakess-'));
    const calls = path.join(dir, 'calls');
    fs.writeFileSync(path.join(dir, 'awk'), `#!/bin/sh\nexec ${awk} "$@"\n`, { mode: 0o755 });
    for (const tool of ['readlink', 'sleep', 'cat']) {
      fs.symlinkSync(execFileSync('/bin/sh', ['-c', `command -v ${tool}`], { encoding: 'utf8' }).trim(), path.join(dir, tool));
    }
    fs.writeFileSync(path.join(dir, 'table'), `${TABLE.join('\n')}\n`);
    fs.writeFileSync(path.join(dir, 'ss'), `#!/bin/sh\necho "$*" >> '${calls}'\n${ssBody.replaceAll('TABLE', path.join(dir, 'table'))}\n`, {
      mode: 0o755,
    });
    return { dir, calls };
  }

  const once = { once: true, counterIntervalSeconds: 1, socketTableIntervalSeconds: 1, sysctlIntervalSeconds: 1 };
  const awks = ['/usr/bin/mawk', '/usr/bin/gawk', '/usr/bin/original-awk', '/usr/bin/busybox'].filter((a) => fs.existsSync(a));
  it('finds at least one awk to run the collector with', () => assert.ok(awks.length > 0, 'no awk found'));

  for (const awk of awks) {
    it(`groups the table exactly (${path.basename(awk)} awk)`, () => {
      // ss -tanH: no header line.
      const { dir, calls } = fakeBin(awk.endsWith('busybox') ? `${awk} awk` : awk, 'cat TABLE');
      try {
        const script = buildCollectorScript(once);
        const out = execFileSync('/bin/sh', ['-s'], { input: script, env: { PATH: dir }, encoding: 'utf8' });
        const { frames, rejections } = parseFrames(out);
        assert.deepEqual(rejections, []);
        assert.equal(frames.length, 1);
        const records = frames[0]!.records;
        assert.deepEqual(
          records.filter((r) => r.startsWith('p ')).map((r) => r.slice(2)).sort(),
          [...EXPECTED_PEERS].sort(),
        );
        const sample = decodeFrame(frames[0]!);
        assert.deepEqual(sample.states, EXPECTED_STATES);
        assert.equal(sample.meta.source, 'ss');
        assert.deepEqual(
          sample.listeners!.map((l) => `${l.local} ${l.queue} ${l.limit}`).sort(),
          ['0.0.0.0:80 0 128', '127.0.0.53:53 0 4096', '[::]:443 3 4'],
        );
        assert.ok(sample.sysctl!['net.ipv4.tcp_tw_reuse'] !== undefined, 'sysctls read');
        assert.ok(sample.counters['Tcp.ActiveOpens'] !== undefined, 'counters read');
        assert.equal(fs.readFileSync(calls, 'utf8'), '-tanH\n');
      } finally {
        fs.rmSync(dir, { recursive: true, force: true });
      }
    });
  }

  it('an ss without -H (exits 255 on it): that sample comes from /proc, later samples run ss -tan and skip its header', () => {
    const { dir, calls } = fakeBin(
      execFileSync('/bin/sh', ['-c', 'command -v awk'], { encoding: 'utf8' }).trim(),
      [
        `case "$1" in -tanH) echo "ss: invalid option -- 'H'" >&2; exit 255 ;; esac`,
        "echo 'State Recv-Q Send-Q Local Address:Port Peer Address:Port'",
        'cat TABLE',
      ].join('\n'),
    );
    try {
      const script = buildCollectorScript({ ...once, once: false, sysctlIntervalSeconds: 60 });
      let out = '';
      try {
        execFileSync('/bin/sh', ['-s'], { input: script, env: { PATH: dir }, encoding: 'utf8', timeout: 2500 });
      } catch (err) {
        out = String((err as { stdout?: string }).stdout ?? '');
      }
      const { frames } = parseFrames(out);
      assert.ok(frames.length >= 2, `${frames.length} frames`);
      const [first, second] = frames.map(decodeFrame);
      assert.equal(first!.meta.source, 'proc');
      assert.equal(second!.meta.source, 'ss');
      assert.deepEqual(second!.states, EXPECTED_STATES);
      assert.deepEqual(fs.readFileSync(calls, 'utf8').trim().split('\n').slice(0, 2), ['-tanH', '-tan']);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
