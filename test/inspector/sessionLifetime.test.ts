import * as assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { PassThrough } from 'node:stream';
import { runInspectCommand } from '../../server/src/cli/inspectCommand';
import { diesWithParent } from '$shared/inspector/childLifetime';
import { collectSnapshot, CollectError } from '$shared/inspector/collectSnapshot';
import { describeStatus, RecordingSession, sshTransport } from './support/inspectorTestKit';
import { TestSshServer } from './support/testSshServer';

/** Live ssh client processes (comm "ssh") whose command line names `needle`. */
function sshProcessesNaming(needle: string): number[] {
  const found: number[] = [];
  for (const entry of fs.readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      if (fs.readFileSync(`/proc/${entry}/comm`, 'utf8').trim() !== 'ssh') continue;
      const state = fs.readFileSync(`/proc/${entry}/stat`, 'utf8').split(') ')[1]?.[0];
      if (state === 'Z') continue;
      if (fs.readFileSync(`/proc/${entry}/cmdline`, 'utf8').includes(needle)) found.push(Number(entry));
    } catch {
      /* exited */
    }
  }
  return found;
}

async function waitUntil(what: string, check: () => boolean, timeoutMs: number): Promise<number> {
  const started = Date.now();
  while (!check()) {
    if (Date.now() - started > timeoutMs) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
  return Date.now() - started;
}

function lineFrom(child: ChildProcess, pattern: RegExp): Promise<RegExpExecArray> {
  return new Promise((resolve, reject) => {
    let buffered = '';
    child.stdout!.on('data', (d: Buffer) => {
      buffered += d.toString();
      const m = pattern.exec(buffered);
      if (m) resolve(m);
    });
    child.once('exit', (code) => reject(new Error(`child exited ${code} before ${pattern}: ${buffered}`)));
  });
}

/** A host that accepts the login and then sends nothing at all (ForceCommand sleep). */
function silentHost(): Promise<TestSshServer> {
  return TestSshServer.create({ sshdConfigLines: () => ['ForceCommand exec sleep 600'] });
}

describe('inspector sessions always end (issue 12 item 5)', function () {
  this.timeout(120000);

  it('a host that logs in and sends nothing: "no data" after the first-frame timeout, then retries', async () => {
    const server = await silentHost();
    const rec = new RecordingSession({
      hostLabel: server.alias,
      transport: sshTransport(server),
      firstFrameTimeoutMs: 1500,
      backoff: { initialMs: 200, maxMs: 400 },
    }).start();
    try {
      await rec.waitFor('two timeouts', () => rec.statuses.filter((s) => s.state === 'error').length >= 2, 15000);
      const errors = rec.statuses.filter((s) => s.state === 'error');
      for (const e of errors) {
        assert.ok(e.state === 'error');
        assert.equal(e.error.kind, 'timed-out');
        assert.equal(e.error.reason, 'no data');
        assert.match(e.error.detail, /no complete sample within 1\.5 s/);
        assert.ok(e.retryInMs !== undefined, 'retried with backoff');
      }
      assert.ok(rec.statuses.filter((s) => s.state === 'connecting').length >= 2, rec.statuses.map(describeStatus).join(' → '));
    } finally {
      await rec.stop();
      await server.dispose();
    }
    assert.deepEqual(sshProcessesNaming(server.clientConfig), [], 'no ssh left after stop()');
  });

  it('socket-lens inspect against it: one-shot fails with the timeout; --watch says so and keeps retrying until stopped', async () => {
    const server = await silentHost();
    try {
      const started = Date.now();
      let err = '';
      const stderr = new PassThrough().on('data', (d: Buffer) => (err += d));
      const code = await runInspectCommand(['sl-test', '--ssh-config', server.clientConfig, '--timeout', '1.5'], { stdout: new PassThrough(), stderr });
      assert.equal(code, 1);
      assert.match(err, /sl-test: timed out \(no complete snapshot within 1500 ms\)/);
      assert.ok(Date.now() - started < 6000);

      let watchErr = '';
      const abort = new AbortController();
      const watchStderr = new PassThrough().on('data', (d: Buffer) => {
        watchErr += d;
        if ((watchErr.match(/no data/g) ?? []).length >= 2) abort.abort();
      });
      const watchArgs = ['sl-test', '--watch', '1', '--ssh-config', server.clientConfig, '--timeout', '1'];
      const watchCode = await runInspectCommand(watchArgs, { stdout: new PassThrough(), stderr: watchStderr }, { signal: abort.signal });
      assert.equal(watchCode, 0);
      assert.match(watchErr, /sl-test: error: no data \(no complete sample within 1 s after starting the collector\); retrying in \d+ s/);
    } finally {
      await server.dispose();
    }
    assert.deepEqual(sshProcessesNaming(server.clientConfig), []);
  });

  it('ssh dies with the process that started it, even by SIGKILL and against a silent host', async () => {
    // This tier runs on Linux, where util-linux's setpriv is installed by test:setup: no skip.
    assert.ok(diesWithParent(), '/usr/bin/setpriv is missing: install the Debian package util-linux (npm run test:setup)');
    const server = await silentHost();
    try {
      const child = spawn(process.execPath, ['--import', 'tsx', path.join(__dirname, 'support', 'sessionInChild.ts'), server.alias, server.clientConfig], {
        stdio: ['ignore', 'pipe', 'inherit'],
      });
      await lineFrom(child, /started \d+/);
      await waitUntil('ssh to log in', () => sshProcessesNaming(server.clientConfig).length === 1, 10000);
      await new Promise((r) => setTimeout(r, 500)); // logged in and silent
      const exited = new Promise((r) => child.once('exit', r));
      child.kill('SIGKILL');
      await exited;
      const took = await waitUntil('ssh to end', () => sshProcessesNaming(server.clientConfig).length === 0, 3000);
      assert.ok(took < 3000, `ssh ended ${took} ms after its parent was killed`);
    } finally {
      await server.dispose();
    }
  });

  it('SIGHUP to `socket-lens inspect --watch` ends it and its ssh (the terminal closed)', async () => {
    const server = await silentHost();
    try {
      const main = path.join(__dirname, '..', '..', 'server', 'src', 'cli', 'main.ts');
      const cli = spawn(process.execPath, ['--import', 'tsx', main, 'inspect', 'sl-test', '--watch', '2', '--ssh-config', server.clientConfig], {
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      let err = '';
      cli.stderr!.on('data', (d: Buffer) => (err += d));
      await waitUntil('ssh to start', () => sshProcessesNaming(server.clientConfig).length === 1, 15000);
      const exited = new Promise<number | null>((r) => cli.once('exit', (code) => r(code)));
      cli.kill('SIGHUP');
      const code = await exited;
      assert.equal(code, 0, `clean exit on SIGHUP; stderr: ${err}`);
      await waitUntil('ssh to end', () => sshProcessesNaming(server.clientConfig).length === 0, 3000);
    } finally {
      await server.dispose();
    }
  });

  it('Ctrl-C (SIGINT) during a one-shot `socket-lens inspect` stops its ssh and exits 130', async () => {
    const server = await silentHost();
    try {
      const main = path.join(__dirname, '..', '..', 'server', 'src', 'cli', 'main.ts');
      const cli = spawn(process.execPath, ['--import', 'tsx', main, 'inspect', 'sl-test', '--ssh-config', server.clientConfig], {
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      let err = '';
      cli.stderr!.on('data', (d: Buffer) => (err += d));
      await waitUntil('ssh to start', () => sshProcessesNaming(server.clientConfig).length === 1, 15000);
      const exited = new Promise<number | null>((r) => cli.once('exit', (code) => r(code)));
      cli.kill('SIGINT');
      assert.equal(await exited, 130, err);
      assert.match(err, /sl-test: interrupted/);
      await waitUntil('ssh to end', () => sshProcessesNaming(server.clientConfig).length === 0, 3000);
    } finally {
      await server.dispose();
    }
  });

  it('stop() resolves when ssh exits, even when something it started still holds its pipes', async () => {
    const server = await TestSshServer.create();
    const wrapper = path.join(server.dir, 'ssh-with-lingering-child');
    // A real ssh whose wrapper leaves a process in another session holding stdout and stderr for 30 s
    // (as a ProxyCommand helper or a daemonised mux master can).
    fs.writeFileSync(wrapper, '#!/bin/sh\nsetsid sleep 30 &\nexec ssh "$@"\n', { mode: 0o755 });
    const rec = new RecordingSession({
      hostLabel: server.alias,
      transport: { ...sshTransport(server), sshPath: wrapper } as ReturnType<typeof sshTransport>,
      intervals: { counterIntervalSeconds: 1, socketTableIntervalSeconds: 5, sysctlIntervalSeconds: 60 },
    }).start();
    try {
      await rec.waitFor('live', () => rec.statuses.some((s) => s.state === 'live'));
      const started = Date.now();
      await rec.stop();
      const took = Date.now() - started;
      assert.ok(took < 3000, `stop() took ${took} ms`);
      assert.equal(rec.statuses.at(-1)?.state, 'stopped');
    } finally {
      await server.dispose();
    }
  });

  it('stop() ends an ssh that ignores SIGTERM (SIGKILL after 2 s)', async () => {
    const server = await silentHost();
    const wrapper = path.join(server.dir, 'ssh-ignoring-term');
    // An ignored signal stays ignored across exec, and ssh leaves an ignored SIGTERM alone.
    fs.writeFileSync(wrapper, "#!/bin/sh\ntrap '' TERM\nexec ssh \"$@\"\n", { mode: 0o755 });
    const rec = new RecordingSession({
      hostLabel: server.alias,
      transport: { ...sshTransport(server), sshPath: wrapper } as ReturnType<typeof sshTransport>,
      firstFrameTimeoutMs: 600000,
    }).start();
    try {
      await waitUntil('ssh to start', () => sshProcessesNaming(server.clientConfig).length === 1, 10000);
      await new Promise((r) => setTimeout(r, 500));
      const pid = sshProcessesNaming(server.clientConfig)[0]!;
      assert.match(fs.readFileSync(`/proc/${pid}/status`, 'utf8'), /^SigIgn:\s*[0-9a-f]*[4-7c-f][0-9a-f]{3}$/m, 'SIGTERM (bit 15) is ignored by this ssh');
      const started = Date.now();
      await rec.stop();
      const took = Date.now() - started;
      assert.ok(took >= 1900 && took < 4000, `stop() took ${took} ms`);
      assert.deepEqual(sshProcessesNaming(server.clientConfig), []);
    } finally {
      await server.dispose();
    }
  });

  it('collectSnapshot against a silent host ends at its timeout and leaves no ssh', async () => {
    const server = await silentHost();
    try {
      await assert.rejects(
        collectSnapshot(sshTransport(server), { hostLabel: server.alias, rateWindowSeconds: 0, timeoutMs: 1500 }),
        (e: unknown) => e instanceof CollectError && e.error.kind === 'timed-out',
      );
      assert.deepEqual(sshProcessesNaming(server.clientConfig), []);
    } finally {
      await server.dispose();
    }
  });
});
