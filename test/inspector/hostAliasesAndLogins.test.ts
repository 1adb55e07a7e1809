import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { PassThrough } from 'node:stream';
import { runInspectCommand } from '../../server/src/cli/inspectCommand';
import { collectSnapshot, CollectError } from '$shared/inspector/collectSnapshot';
import { RecordingSession, sshTransport } from './support/inspectorTestKit';
import { TestSshServer } from './support/testSshServer';

async function inspect(args: string[]): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const stdout = new PassThrough().on('data', (d: Buffer) => (out += d));
  const stderr = new PassThrough().on('data', (d: Buffer) => (err += d));
  const code = await runInspectCommand(args, { stdout, stderr });
  return { code, out, err };
}

describe('ssh config aliases and refused logins (issue 12 item 9)', function () {
  this.timeout(60000);

  it('`Host local` and `Host name:2222` in the ssh config are hosts reached over ssh, as written', async () => {
    const server = await TestSshServer.create();
    try {
      const config = fs.readFileSync(server.clientConfig, 'utf8').replace(`Host ${server.alias}`, `Host ${server.alias} local name:2222`);
      const aliasConfig = path.join(server.dir, 'alias_config');
      fs.writeFileSync(aliasConfig, config);
      const ran = path.join(server.dir, 'SSH-RAN');
      const canary = path.join(server.dir, 'canary-ssh');
      fs.writeFileSync(canary, `#!/bin/sh\necho "$@" >> ${ran}\nexec ssh "$@"\n`, { mode: 0o755 });

      const local = await inspect(['local', '--json', '--ssh', canary, '--ssh-config', aliasConfig]);
      assert.equal(local.code, 0, local.err);
      assert.equal(JSON.parse(local.out).host, 'local');
      const named = await inspect(['name:2222', '--json', '--ssh', canary, '--ssh-config', aliasConfig]);
      assert.equal(named.code, 0, named.err); // the alias's Port is the test sshd's, not 2222
      const calls = fs.readFileSync(ran, 'utf8').trim().split('\n');
      assert.equal(calls.length, 2);
      assert.match(calls[0]!, / -- local sh -s$/);
      assert.match(calls[1]!, / -- name:2222 sh -s$/);
      assert.doesNotMatch(calls[1]!, / -p 2222 /);

      // Without the alias, "local" is this machine: ssh is not run.
      fs.rmSync(ran);
      const thisMachine = await inspect(['local', '--json', '--ssh', canary, '--ssh-config', server.clientConfig]);
      assert.equal(thisMachine.code, 0, thisMachine.err);
      assert.equal(JSON.parse(thisMachine.out).host, 'This machine');
      assert.equal(fs.existsSync(ran), false);
    } finally {
      await server.dispose();
    }
  });

  it('a nologin shell is reported with its own message, not as "collector failed"; no retry loop', async () => {
    // sshd runs the login shell with `-c COMMAND`; ForceCommand runs nologin exactly that way.
    const server = await TestSshServer.create({ sshdConfigLines: () => ['ForceCommand /usr/sbin/nologin'] });
    try {
      await assert.rejects(collectSnapshot(sshTransport(server), { hostLabel: server.alias, rateWindowSeconds: 0 }), (e: unknown) => {
        assert.ok(e instanceof CollectError);
        assert.equal(e.error.kind, 'login-refused');
        assert.equal(e.error.reason, 'login not allowed');
        assert.equal(e.error.detail, 'This account is currently not available.');
        return true;
      });
      const cli = await inspect(['sl-test', '--ssh-config', server.clientConfig]);
      assert.equal(cli.code, 1);
      assert.equal(cli.err.split('\n')[0], 'socket-lens inspect: sl-test: login not allowed (This account is currently not available.)');
      assert.match(cli.err.split('\n')[1]!, /^ {2}Use an account whose login shell is a real shell/);
      const rec = new RecordingSession({ hostLabel: server.alias, transport: sshTransport(server), backoff: { initialMs: 50, maxMs: 100 } }).start();
      await rec.waitFor('error', () => rec.statuses.some((s) => s.state === 'error'));
      await new Promise((r) => setTimeout(r, 400));
      await rec.stop();
      const errors = rec.statuses.filter((s) => s.state === 'error');
      assert.equal(errors.length, 1, 'permanent: the account will not change by itself');
    } finally {
      await server.dispose();
    }
  });

  it('a /bin/false shell says the remote command exited without output, naming /bin/false', async () => {
    const server = await TestSshServer.create({ sshdConfigLines: () => ['ForceCommand /bin/false'] });
    try {
      await assert.rejects(collectSnapshot(sshTransport(server), { hostLabel: server.alias, rateWindowSeconds: 0 }), (e: unknown) => {
        assert.ok(e instanceof CollectError);
        assert.equal(e.error.reason, 'remote shell exited');
        assert.match(e.error.detail, /exited with code 1 without any output; an account whose login shell is \/bin\/false ends this way/);
        return true;
      });
    } finally {
      await server.dispose();
    }
  });
});
