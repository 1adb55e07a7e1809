import * as assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { PassThrough } from 'node:stream';
import { runInspectCommand } from '../../server/src/cli/inspectCommand';
import { TestSshServer } from './support/testSshServer';

async function inspectError(args: string[]): Promise<string[]> {
  let err = '';
  const code = await runInspectCommand(args, { stdout: new PassThrough(), stderr: new PassThrough().on('data', (d: Buffer) => (err += d)) });
  assert.equal(code, 1, err);
  return err.trimEnd().split('\n');
}

/** The command the advice prints, run as the user would paste it into a shell. */
function runAdvised(commandLine: string): { status: number | null; stderr: string } {
  const r = spawnSync('sh', ['-c', commandLine], { encoding: 'utf8', timeout: 20000, input: '' });
  return { status: r.status, stderr: r.stderr };
}

/**
 * Error states say what to do, and the commands they give are the right ones: run against the same real
 * sshd, the advised command fails for the same reason while the problem lasts, and succeeds once the user
 * has done what the advice says.
 */
describe('connection advice gives commands that work (issue 14 item 4)', function () {
  this.timeout(60000);

  it('host key unknown: the advised ssh command reaches the same host once the key is known', async () => {
    const server = await TestSshServer.create({ emptyKnownHosts: true });
    try {
      const lines = await inspectError(['sl-test', '--ssh-config', server.clientConfig]);
      assert.match(lines[0]!, /^socket-lens inspect: sl-test: host key unknown /);
      assert.match(lines[1]!, /^ {2}Connect once in a terminal, compare the fingerprint/);
      const command = /^ {2}\$ (.*)$/.exec(lines[2] ?? '')?.[1];
      assert.equal(command, `ssh -F ${server.clientConfig} -- sl-test true`);
      assert.match(runAdvised(command!).stderr, /Host key verification failed|No .*host key is known/);
      // What the user does after checking the fingerprint: the key goes into known_hosts.
      const scan = ['-p', String(server.port), '-t', 'ed25519', '127.0.0.1'];
      const key = execFileSync('ssh-keyscan', scan, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] });
      fs.writeFileSync(path.join(server.dir, 'known_hosts'), key);
      assert.equal(runAdvised(command!).status, 0);
    } finally {
      await server.dispose();
    }
  });

  it('auth failed: the advised BatchMode command fails the same way, and passes with the right key', async () => {
    const server = await TestSshServer.create();
    try {
      server.writeClientConfig('other_key');
      const lines = await inspectError([`root@127.0.0.1:${server.port}`, '--ssh-config', server.clientConfig]);
      assert.match(lines[0]!, /auth failed \(.*Permission denied/);
      const command = /^ {2}\$ (.*)$/.exec(lines[2] ?? '')?.[1];
      assert.equal(command, `ssh -o BatchMode=yes -F ${server.clientConfig} -p ${server.port} -- root@127.0.0.1 true`);
      assert.match(runAdvised(command!).stderr, /Permission denied/);
      server.writeClientConfig('user_key');
      assert.equal(runAdvised(command!).status, 0);
    } finally {
      await server.dispose();
    }
  });
});
