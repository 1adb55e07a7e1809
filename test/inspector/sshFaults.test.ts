import * as assert from 'node:assert/strict';
import { execFileSync, spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as net from 'node:net';
import * as path from 'node:path';
import { collectSnapshot, CollectError } from '$shared/inspector/collectSnapshot';
import { describeStatus, hostTarget, RecordingSession, sshTransport } from './support/inspectorTestKit';
import { descendants, TestSshServer } from './support/testSshServer';

/** ssh client processes whose command line names this test's unique config file. */
function sshProcessesUsing(configPath: string): number[] {
  try {
    return execFileSync('pgrep', ['-f', configPath], { encoding: 'utf8' })
      .split('\n')
      .filter((l) => l.trim() !== '')
      .map(Number)
      .filter((pid) => {
        try {
          return fs.readFileSync(`/proc/${pid}/comm`, 'utf8').trim() === 'ssh';
        } catch {
          return false;
        }
      });
  } catch {
    return []; // pgrep exits 1 when nothing matches
  }
}

describe('inspector faults over a real sshd', function () {
  this.timeout(120000);

  it('unknown host key: reports "host key unknown" and never accepts the key', async () => {
    const server = await TestSshServer.create({ emptyKnownHosts: true });
    try {
      const rec = new RecordingSession({ hostLabel: server.alias, transport: sshTransport(server), backoff: { initialMs: 100, maxMs: 200 } }).start();
      await rec.waitFor('error', () => rec.statuses.some((s) => s.state === 'error'));
      await new Promise((r) => setTimeout(r, 500));
      await rec.stop();
      const error = rec.statuses.find((s) => s.state === 'error');
      assert.ok(error && error.state === 'error');
      assert.equal(error.error.kind, 'host-key-unknown');
      assert.equal(error.error.reason, 'host key unknown');
      assert.equal(error.retryInMs, undefined, 'no automatic retry: the user has to verify the key');
      assert.equal(rec.statuses.filter((s) => s.state === 'connecting').length, 1, rec.statuses.map(describeStatus).join(' → '));
      assert.equal(fs.readFileSync(path.join(server.dir, 'known_hosts'), 'utf8'), '', 'known_hosts untouched');
      assert.equal(rec.snapshots.length, 0);
    } finally {
      await server.dispose();
    }
  });

  it('a configured ssh path that does not exist: "not found", no retry loop', async () => {
    const rec = new RecordingSession({
      hostLabel: 'web-1',
      transport: { kind: 'ssh', target: hostTarget('web-1'), sshPath: '/nonexistent/bin/ssh', extraArgs: [] },
      backoff: { initialMs: 50, maxMs: 100 },
    }).start();
    try {
      await rec.waitFor('error', () => rec.statuses.some((s) => s.state === 'error'));
      await new Promise((r) => setTimeout(r, 300));
      const errors = rec.statuses.filter((s) => s.state === 'error');
      assert.equal(errors.length, 1, rec.statuses.map(describeStatus).join(' → '));
      assert.ok(errors[0]!.state === 'error' && errors[0]!.error.kind === 'ssh-not-found' && errors[0]!.error.reason === '/nonexistent/bin/ssh not found');
    } finally {
      await rec.stop();
    }
  });

  it('wrong user key: reports "auth failed"', async () => {
    const server = await TestSshServer.create();
    try {
      server.writeClientConfig('other_key');
      await assert.rejects(collectSnapshot(sshTransport(server), { hostLabel: server.alias, rateWindowSeconds: 0 }), (err: unknown) => {
        assert.ok(err instanceof CollectError);
        assert.equal(err.error.kind, 'auth-failed');
        assert.equal(err.error.reason, 'auth failed');
        assert.match(err.error.detail, /Permission denied/);
        return true;
      });
    } finally {
      await server.dispose();
    }
  });

  it('sshd stopped mid-session, then restarted: reports the loss, retries with backoff, recovers', async () => {
    const server = await TestSshServer.create();
    const rec = new RecordingSession({
      hostLabel: server.alias,
      transport: sshTransport(server),
      intervals: { counterIntervalSeconds: 1, socketTableIntervalSeconds: 2, sysctlIntervalSeconds: 60 },
      backoff: { initialMs: 200, maxMs: 800 },
    }).start();
    try {
      await rec.waitFor('live', () => rec.statuses.some((s) => s.state === 'live'));
      const framesBefore = rec.session.framesReceived;
      await server.stop();
      await rec.waitFor('two failed reconnects', () => rec.statuses.filter((s) => s.state === 'error').length >= 3);
      const errors = rec.statuses.filter((s) => s.state === 'error');
      assert.equal(errors[0]!.state === 'error' && errors[0]!.error.kind, 'connection-closed', rec.statuses.map(describeStatus).join(' → '));
      assert.ok(errors.slice(1).some((s) => s.state === 'error' && s.error.reason === 'connection refused'), rec.statuses.map(describeStatus).join(' → '));
      const delays = errors.map((s) => (s.state === 'error' ? s.retryInMs : undefined));
      assert.deepEqual(delays.slice(0, 3), [200, 400, 800], 'exponential backoff');
      await server.start();
      const liveCount = rec.statuses.filter((s) => s.state === 'live').length;
      await rec.waitFor('live again', () => rec.statuses.filter((s) => s.state === 'live').length > liveCount);
      await rec.waitFor('frames after restart', () => rec.session.framesReceived > framesBefore + 1);
      assert.ok(rec.session.connections >= 3);
    } finally {
      await rec.stop();
      await server.dispose();
    }
  });

  it('a collector that stops sending goes stale, then live again when it resumes', async () => {
    const server = await TestSshServer.create();
    const rec = new RecordingSession({
      hostLabel: server.alias,
      transport: sshTransport(server),
      intervals: { counterIntervalSeconds: 1, socketTableIntervalSeconds: 5, sysctlIntervalSeconds: 60 },
      staleAfterMs: 2500,
    }).start();
    try {
      await rec.waitFor('live', () => rec.statuses.some((s) => s.state === 'live'));
      // Freeze the remote collector shell (the host hangs, the TCP connection stays up).
      const remote = descendants(server.sshdPid!).filter((pid) => {
        try {
          return fs.readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0').join(' ').trim() === 'sh -s';
        } catch {
          return false;
        }
      });
      assert.equal(remote.length, 1, 'one remote collector shell');
      process.kill(remote[0]!, 'SIGSTOP');
      await rec.waitFor('stale', () => rec.statuses.at(-1)?.state === 'stale', 10000);
      process.kill(remote[0]!, 'SIGCONT');
      await rec.waitFor('live again', () => rec.statuses.at(-1)?.state === 'live', 10000);
      assert.deepEqual(
        rec.statuses.map((s) => s.state).filter((s, i, all) => i === 0 || all[i - 1] !== s),
        ['connecting', 'live', 'stale', 'live'],
      );
    } finally {
      await rec.stop();
      await server.dispose();
    }
  });

  it('a server that never answers the ssh handshake: "timed out" (ConnectTimeout=10)', async function () {
    this.timeout(40000);
    const silent = net.createServer(() => undefined); // accepts, never sends the SSH banner
    await new Promise<void>((r) => silent.listen(0, '127.0.0.1', r));
    const server = await TestSshServer.create();
    const accepted: net.Socket[] = [];
    silent.on('connection', (s) => accepted.push(s));
    try {
      const config = path.join(server.dir, 'silent_config');
      fs.writeFileSync(config, fs.readFileSync(server.clientConfig, 'utf8').replace(`Port ${server.port}`, `Port ${(silent.address() as net.AddressInfo).port}`));
      const started = Date.now();
      await assert.rejects(
        collectSnapshot({ kind: 'ssh', target: hostTarget(server.alias), sshPath: 'ssh', extraArgs: ['-F', config] }, {
          hostLabel: server.alias,
          rateWindowSeconds: 0,
          timeoutMs: 30000,
        }),
        (err: unknown) => {
          assert.ok(err instanceof CollectError);
          assert.equal(err.error.reason, 'timed out', err.error.detail);
          return true;
        },
      );
      const took = Date.now() - started;
      assert.ok(took >= 9000 && took < 20000, `ssh gave up after ${took} ms`);
    } finally {
      for (const s of accepted) s.destroy();
      await new Promise<void>((r) => silent.close(() => r()));
      await server.dispose();
    }
  });

  it('a login shell that prints a banner (even fake markers) on stdout does not break the framing', async () => {
    // The session runs through a wrapper that prints a banner on stdout before running the requested
    // command, as a chatty ~/.bashrc or login script would (ForceCommand keeps root's real dotfiles untouched).
    const server = await TestSshServer.create({ sshdConfigLines: (dir) => [`ForceCommand ${path.join(dir, 'banner-login.sh')}`] });
    try {
      fs.writeFileSync(
        path.join(server.dir, 'banner-login.sh'),
        [
          '#!/bin/sh',
          'echo "Welcome to the banner host. Unauthorized access is prohibited."',
          'echo "==SOCKETLENS-END 1 0 0=="',
          'echo "==SOCKETLENS-BEGIN 1 0 kty=="',
          'echo "s TIME_WAIT 999999"',
          'exec /bin/sh -c "$SSH_ORIGINAL_COMMAND"',
          '',
        ].join('\n'),
        { mode: 0o755 },
      );
      const result = await collectSnapshot(sshTransport(server), { hostLabel: server.alias, rateWindowSeconds: 0 });
      assert.ok(result.noise.some((l) => l.includes('Welcome to the banner host')), `noise: ${JSON.stringify(result.noise)}`);
      assert.equal(result.frames.length, 1);
      assert.ok(result.rejections.length >= 2, 'the fake end marker and the fake unterminated frame are rejected');
      assert.notEqual(result.snapshot.states?.TIME_WAIT, 999999);
      assert.ok((result.snapshot.states?.LISTEN ?? 0) >= 1);
    } finally {
      await server.dispose();
    }
  });

  it('a host without ss: the collector falls back to /proc/net/tcp{,6}', async () => {
    const server = await TestSshServer.create({ sshdConfigLines: (dir) => [`SetEnv PATH=${path.join(dir, 'bin-without-ss')}`] });
    try {
      const bin = path.join(server.dir, 'bin-without-ss');
      fs.mkdirSync(bin);
      for (const tool of ['sh', 'awk', 'cat', 'sleep', 'readlink']) {
        fs.symlinkSync(execFileSync('sh', ['-c', `command -v ${tool}`], { encoding: 'utf8' }).trim(), path.join(bin, tool));
      }
      const viaProc = await collectSnapshot(sshTransport(server), { hostLabel: server.alias, rateWindowSeconds: 0 });
      assert.equal(viaProc.snapshot.meta.source, 'proc');
      const listener = viaProc.snapshot.listeners.find((l) => l.local === `127.0.0.1:${server.port}`);
      assert.ok(listener, `sshd's listener from /proc: ${JSON.stringify(viaProc.snapshot.listeners)}`);
      assert.equal(listener.limit, undefined, '/proc does not show the backlog');
      assert.ok((viaProc.snapshot.states?.ESTABLISHED ?? 0) >= 2, 'the ssh connection itself is ESTABLISHED on both ends');
    } finally {
      await server.dispose();
    }
  });

  it('when the process running the session dies abruptly, its ssh client exits within a tick', async () => {
    const server = await TestSshServer.create();
    try {
      const child = spawn(process.execPath, ['--import', 'tsx', path.join(__dirname, 'support', 'sessionInChild.ts'), server.alias, server.clientConfig], {
        stdio: ['ignore', 'pipe', 'inherit'],
      });
      await new Promise<void>((resolve, reject) => {
        child.stdout!.on('data', (d: Buffer) => d.toString().includes('live') && resolve());
        child.once('exit', (code) => reject(new Error(`child exited ${code}`)));
      });
      assert.equal(sshProcessesUsing(server.clientConfig).length, 1, 'one ssh session while alive');
      const exited = new Promise((r) => child.once('exit', r));
      child.kill('SIGKILL');
      await exited;
      // ssh's next write to the dead pipe (the collector prints every second) makes it exit.
      const deadline = Date.now() + 8000;
      while (sshProcessesUsing(server.clientConfig).length > 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 200));
      assert.deepEqual(sshProcessesUsing(server.clientConfig), []);
    } finally {
      await server.dispose();
    }
  });

  it('50 connect/disconnect cycles leave no ssh process behind', async function () {
    this.timeout(150000);
    const server = await TestSshServer.create();
    try {
      for (let i = 0; i < 50; i++) {
        const rec = new RecordingSession({
          hostLabel: server.alias,
          transport: sshTransport(server),
          intervals: { counterIntervalSeconds: 1, socketTableIntervalSeconds: 60, sysctlIntervalSeconds: 60 },
        }).start();
        // Half the cycles disconnect as soon as the session is live, half while it is still connecting.
        if (i % 2 === 0) await rec.waitFor('live', () => rec.statuses.some((s) => s.state === 'live'));
        else await new Promise((r) => setTimeout(r, 20 + (i % 5) * 15));
        await rec.stop();
        assert.deepEqual(sshProcessesUsing(server.clientConfig), [], `ssh left behind after cycle ${i}`);
      }
      // The remote side ends too: sshd's per-session processes go away.
      const deadline = Date.now() + 10000;
      let left: number[] = [];
      while (Date.now() < deadline) {
        left = descendants(server.sshdPid!);
        if (left.length === 0) break;
        await new Promise((r) => setTimeout(r, 200));
      }
      assert.deepEqual(left, [], 'no remote session process left');
    } finally {
      await server.dispose();
    }
  });
});
