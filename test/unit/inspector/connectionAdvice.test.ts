import * as assert from 'node:assert/strict';
import { adviceFor, interactiveSshCommand, shellQuote } from '$shared/inspector/connectionAdvice';
import { validateHost } from '$shared/inspector/hostValidation';
import type { ConnectionError } from '$shared/inspector/sshErrors';

const target = (h: string) => {
  const v = validateHost(h);
  if (!v.ok) throw new Error(v.reason);
  return v.target;
};
const error = (kind: ConnectionError['kind'], reason: string = kind): ConnectionError => ({ kind, reason, detail: 'd', permanent: true });

describe('connection advice', () => {
  it('quotes for sh only what needs it', () => {
    assert.equal(shellQuote('/home/u/.ssh/config'), '/home/u/.ssh/config');
    assert.equal(shellQuote('/home/u/my config'), "'/home/u/my config'");
    assert.equal(shellQuote("it's"), "'it'\\''s'");
  });

  it('host key unknown: the interactive ssh with the same options, port and destination', () => {
    const a = adviceFor(error('host-key-unknown'), target('deploy@web-1:2222'), ['-F', '/etc/ssh/alt config']);
    assert.equal(a.command, "ssh -F '/etc/ssh/alt config' -p 2222 -- deploy@web-1 true");
    assert.equal(interactiveSshCommand(target('web-1'), []), 'ssh -- web-1 true');
  });

  it('host key changed: ssh-keygen -R with the known_hosts name ([host]:port off port 22)', () => {
    assert.equal(adviceFor(error('host-key-changed'), target('deploy@web-1:2222')).command, "ssh-keygen -R '[web-1]:2222'");
    assert.equal(adviceFor(error('host-key-changed'), target('web-1')).command, 'ssh-keygen -R web-1');
  });

  it('every error kind says what happened and what to do; no ssh command for this machine', () => {
    const kinds: ConnectionError['kind'][] = [
      'host-key-unknown', 'host-key-changed', 'auth-failed', 'timed-out', 'refused', 'unreachable',
      'name-not-resolved', 'connection-closed', 'ssh-not-found', 'login-refused', 'collector-failed',
    ];
    for (const kind of kinds) {
      const remote = adviceFor(error(kind), target('web-1'));
      assert.ok(remote.what.length > 10 && remote.todo.length > 10, kind);
      assert.equal(adviceFor(error(kind), undefined).command, undefined, kind);
    }
    assert.match(adviceFor(error('timed-out', 'no data'), target('web-1')).what, /no complete sample arrived/);
  });
});
