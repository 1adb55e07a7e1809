import * as assert from 'node:assert/strict';
import { configFileFromSshArgs, resolveHostChoice, THIS_MACHINE_ID } from '$shared/inspector/hostChoice';
import { buildSshArgs } from '$shared/inspector/sshArgs';

describe('host choice: this machine, ssh config alias, or [user@]host[:port]', () => {
  it('nothing, the picker id and "local" without an alias are this machine', () => {
    assert.deepEqual(resolveHostChoice(undefined, new Set()), { kind: 'local' });
    assert.deepEqual(resolveHostChoice(THIS_MACHINE_ID, new Set(['local'])), { kind: 'local' });
    assert.deepEqual(resolveHostChoice('local', new Set(['web-1'])), { kind: 'local' });
  });

  it('a `Host local` alias is a host (issue 12 item 9)', () => {
    const choice = resolveHostChoice('local', new Set(['local']));
    assert.equal(choice.kind, 'ssh');
    if (choice.kind === 'ssh') assert.deepEqual(buildSshArgs(choice.target, []).slice(-4), ['--', 'local', 'sh', '-s']);
  });

  it('`Host name:2222` is that alias, passed as written; without the alias it is host name on port 2222', () => {
    const alias = resolveHostChoice('name:2222', new Set(['name:2222']));
    assert.equal(alias.kind, 'ssh');
    if (alias.kind === 'ssh') {
      const argv = buildSshArgs(alias.target, []);
      assert.deepEqual(argv.slice(-4), ['--', 'name:2222', 'sh', '-s']);
      assert.ok(!argv.includes('-p'));
    }
    const hostPort = resolveHostChoice('name:2222', new Set());
    assert.equal(hostPort.kind, 'ssh');
    if (hostPort.kind === 'ssh') assert.deepEqual(buildSshArgs(hostPort.target, []).slice(-6), ['-p', '2222', '--', 'name', 'sh', '-s']);
  });

  it('an alias is still validated: nothing ssh could read as an option or a shell could interpret', () => {
    for (const bad of ['-oProxyCommand=x', 'a;b', 'a b', 'a\nb', '$(x)']) {
      assert.equal(resolveHostChoice(bad, new Set([bad])).kind, 'refused', bad);
    }
  });

  it('finds the -F file ssh will read (the last one wins, as in ssh)', () => {
    assert.equal(configFileFromSshArgs(['-F', '/a', '-v', '-F/b']), '/b');
    assert.equal(configFileFromSshArgs(['-v']), undefined);
  });
});
