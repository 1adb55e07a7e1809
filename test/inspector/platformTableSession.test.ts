import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { collectSnapshot, CollectError } from '$shared/inspector/collectSnapshot';
import type { Hint } from '$shared/inspector/hints';
import { InspectorSession, type SessionStatus } from '$shared/inspector/inspectorSession';
import type { Snapshot } from '$shared/inspector/snapshot';

/**
 * "This machine" on macOS: the one session pipeline polls `netstat -an -p tcp`. Linux has no macOS netstat, so a
 * stand-in program of that name on PATH prints a real macOS netstat output (the unit tier's fixture) — or fails.
 * Everything else is real: the process is run, its output parsed, the session's statuses and history.
 */
const FIXTURE = path.resolve(__dirname, '../fixtures/inspector/macos-netstat-an-p-tcp.txt');

describe('the session on a platform-table transport (macOS / Windows "This machine")', function () {
  this.timeout(30000);
  let bin: string;
  let savedPath: string | undefined;
  const netstat = (body: string): void => {
    fs.writeFileSync(path.join(bin, 'netstat'), `#!/bin/sh\n${body}\n`, { mode: 0o755 });
  };

  beforeEach(() => {
    bin = fs.mkdtempSync(path.join(os.tmpdir(), 'sl-netstat-'));
    savedPath = process.env.PATH;
    process.env.PATH = `${bin}${path.delimiter}${savedPath ?? ''}`;
  });
  afterEach(() => {
    process.env.PATH = savedPath;
    fs.rmSync(bin, { recursive: true, force: true });
  });

  it('one-shot: collectSnapshot reads the socket table once', async () => {
    netstat(`exec cat '${FIXTURE}'`);
    const result = await collectSnapshot({ kind: 'platform-table', platform: 'darwin' }, { hostLabel: 'This machine', timeoutMs: 10000 });
    assert.equal(result.snapshot.meta.source, 'netstat');
    assert.equal(result.snapshot.states!.TIME_WAIT, 3);
    assert.equal(result.snapshot.states!.CLOSE_WAIT, 2);
    assert.deepEqual(result.frames, []);
  });

  it('watch mode: polls at the socket table interval, keeps a history, goes live, and stops polling on stop()', async () => {
    netstat(`exec cat '${FIXTURE}'`);
    const statuses: SessionStatus['state'][] = [];
    const snapshots: Array<{ snapshot: Snapshot; hints: Hint[] }> = [];
    const session = new InspectorSession({
      hostLabel: 'This machine',
      transport: { kind: 'platform-table', platform: 'darwin' },
      intervals: { counterIntervalSeconds: 1, socketTableIntervalSeconds: 1, sysctlIntervalSeconds: 60 },
      onStatus: (s) => statuses.push(s.state),
      onSnapshot: (snapshot, hints) => snapshots.push({ snapshot, hints }),
    });
    session.start();
    const deadline = Date.now() + 10000;
    while (snapshots.length < 3 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
    await session.stop();
    assert.ok(snapshots.length >= 3, `${snapshots.length} samples in 10 s`);
    assert.equal(snapshots.at(-1)!.snapshot.history.length, snapshots.length, 'each poll adds to one history');
    assert.deepEqual(statuses.slice(0, 2), ['connecting', 'live']);
    assert.equal(statuses.at(-1), 'stopped');
    const after = snapshots.length;
    await new Promise((r) => setTimeout(r, 1500));
    assert.equal(snapshots.length, after, 'no poll after stop()');
  });

  it('a failing tool: an error status with the next poll as retry; one-shot rejects with the reason', async () => {
    netstat('echo "netstat: no such table" >&2; exit 1');
    const errors: Extract<SessionStatus, { state: 'error' }>[] = [];
    const session = new InspectorSession({
      hostLabel: 'This machine',
      transport: { kind: 'platform-table', platform: 'darwin' },
      intervals: { counterIntervalSeconds: 1, socketTableIntervalSeconds: 1, sysctlIntervalSeconds: 60 },
      onStatus: (s) => {
        if (s.state === 'error') errors.push(s);
      },
    });
    session.start();
    const deadline = Date.now() + 10000;
    while (errors.length < 2 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
    await session.stop();
    assert.ok(errors.length >= 2, 'the tool is polled again after a failure');
    assert.equal(errors[0]!.error.reason, 'socket table tool failed');
    assert.equal(errors[0]!.retryInMs, 1000);
    await assert.rejects(collectSnapshot({ kind: 'platform-table', platform: 'darwin' }, { hostLabel: 'This machine', timeoutMs: 10000 }), (err: unknown) => {
      assert.ok(err instanceof CollectError);
      assert.equal(err.error.reason, 'socket table tool failed');
      return true;
    });
  });
});
