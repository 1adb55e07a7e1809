import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { computeHints } from '$shared/inspector/hints';
import { parseMacNetstat, parseWindowsNetTcpCsv, platformTableToSample } from '$shared/inspector/localPlatformTables';
import { SnapshotStore } from '$shared/inspector/snapshot';
import { classifySshFailure } from '$shared/inspector/sshErrors';
import { buildSysctlProposal } from '$shared/inspector/sysctlProposal';
import { snapshotWith, STOCK_SYSCTL } from './snapshotTestKit';

const FIXTURES = path.resolve(__dirname, '../../fixtures/inspector');

describe('local fallbacks for macOS and Windows', () => {
  it('parses macOS netstat -an -p tcp into kernel state names, peers and listeners', () => {
    const t = parseMacNetstat(fs.readFileSync(path.join(FIXTURES, 'macos-netstat-an-p-tcp.txt'), 'utf8'));
    assert.deepEqual(t.states, { ESTABLISHED: 2, TIME_WAIT: 3, CLOSE_WAIT: 2, FIN_WAIT2: 1, LISTEN: 2, SYN_SENT: 1, SYN_RECV: 1, CLOSE: 1 });
    assert.deepEqual(t.peers.find((p) => p.state === 'TIME_WAIT' && p.grouping === 'remote'), { state: 'TIME_WAIT', grouping: 'remote', endpoint: '10.0.0.5:5432', count: 3 });
    assert.deepEqual(t.peers.find((p) => p.state === 'CLOSE_WAIT' && p.grouping === 'local'), { state: 'CLOSE_WAIT', grouping: 'local', endpoint: '127.0.0.1:3000', count: 2 });
    assert.deepEqual(t.listeners.map((l) => `${l.local}/${l.queue}`), ['[::]:3000/0', '127.0.0.1:8080/3']);
  });

  it('parses Get-NetTCPConnection CSV', () => {
    const t = parseWindowsNetTcpCsv(fs.readFileSync(path.join(FIXTURES, 'windows-get-nettcpconnection.csv'), 'utf8'));
    assert.deepEqual(t.states, { LISTEN: 2, ESTABLISHED: 2, TIME_WAIT: 3, CLOSE_WAIT: 1, SYN_SENT: 1 });
    assert.equal(t.peers.find((p) => p.state === 'TIME_WAIT' && p.grouping === 'remote')!.endpoint, '10.1.2.3:1433');
    assert.deepEqual(t.listeners.map((l) => l.local), ['0.0.0.0:135', '[::]:445']);
    assert.throws(() => parseWindowsNetTcpCsv('"A","B"\n"1","2"'), /lacks State/);
  });

  it('feeds the snapshot store and the hints like a collector sample', () => {
    const t = parseMacNetstat(fs.readFileSync(path.join(FIXTURES, 'macos-netstat-an-p-tcp.txt'), 'utf8'));
    const snap = new SnapshotStore('mac').add(platformTableToSample(t, 'netstat', 0, 1));
    assert.equal(snap.states!.TIME_WAIT, 3);
    assert.equal(snap.meta.source, 'netstat');
    assert.ok(Array.isArray(computeHints(snap)));
  });
});

describe('ssh failure classification (messages as OpenSSH 9.2 prints them)', () => {
  const cases: Array<[string, number, string, boolean]> = [
    ['Host key verification failed.\r\n', 255, 'host key unknown', true],
    ['No ED25519 host key is known for [127.0.0.1]:2222 and you have requested strict checking.\nHost key verification failed.\n', 255, 'host key unknown', true],
    ['@@@@@@@@@@@@\n@    WARNING: REMOTE HOST IDENTIFICATION HAS CHANGED!     @\nHost key verification failed.\n', 255, 'host key changed', true],
    ['root@127.0.0.1: Permission denied (publickey).\r\n', 255, 'auth failed', true],
    ['ssh: connect to host 10.255.255.1 port 22: Connection timed out\r\n', 255, 'timed out', false],
    ['ssh: connect to host 127.0.0.1 port 1: Connection refused\r\n', 255, 'connection refused', false],
    ['ssh: Could not resolve hostname nope: Name or service not known\r\n', 255, 'host name not resolved', true],
    ['Connection to 127.0.0.1 closed by remote host.\r\n', 255, 'connection closed', false],
    ['', 1, 'remote shell exited', false],
    ['sh: 1: awk: not found\n', 127, 'collector failed', false],
  ];
  for (const [stderr, code, reason, permanent] of cases) {
    it(`${JSON.stringify(stderr.split('\n')[0]!.slice(0, 50))} → ${reason}`, () => {
      const e = classifySshFailure(stderr, code, null);
      assert.equal(e.reason, reason);
      assert.equal(e.permanent, permanent);
    });
  }
  it('a nologin message on stdout (what the frame parser calls noise) is the reason and the detail', () => {
    const e = classifySshFailure('', 1, null, ['This account is currently not available.']);
    assert.deepEqual(e, { kind: 'login-refused', reason: 'login not allowed', detail: 'This account is currently not available.', permanent: true });
  });
});

describe('sysctl.d proposal', () => {
  it('is a commented file with each change once, current values, code-only fixes listed, and never-do notes', () => {
    const snap = snapshotWith({
      states: { TIME_WAIT: 20000, CLOSE_WAIT: 80 },
      peers: [
        { state: 'TIME_WAIT', grouping: 'remote', endpoint: '10.0.0.5:5432', count: 20000 },
        { state: 'CLOSE_WAIT', grouping: 'local', endpoint: '10.0.0.2:8080', count: 80 },
      ],
      sysctl: { ...STOCK_SYSCTL, 'net.ipv4.tcp_tw_reuse': '0' },
    });
    const text = buildSysctlProposal('db\nevil', computeHints(snap), snap.sysctl, new Date('2026-01-02T03:04:05Z'));
    assert.match(text, /^# \/etc\/sysctl\.d\/90-socket-lens\.conf\n# Proposal generated by Socket Lens for db evil on 2026-01-02T03:04:05\.000Z\./);
    assert.match(text, /never changes a host/);
    assert.equal(text.match(/^net\.ipv4\.tcp_tw_reuse = 1$/gm)!.length, 1, 'each key once');
    assert.match(text, /# .*\(now: 0\)\nnet\.ipv4\.tcp_tw_reuse = 1/);
    assert.match(text, /^net\.ipv4\.ip_local_port_range = 10240 65535$/m);
    assert.match(text, /Not fixable by sysctl[\s\S]*CLOSE_WAIT/);
    assert.match(text, /Never: net\.ipv4\.tcp_tw_recycle = 1/);
    for (const line of text.split('\n')) assert.ok(line === '' || line.startsWith('#') || /^[a-z0-9_.-]+ = [0-9 ]+$/.test(line), line);
  });
});
