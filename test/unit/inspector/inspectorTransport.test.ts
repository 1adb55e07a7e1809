import * as assert from 'node:assert/strict';
import { validateHost } from '$shared/inspector/hostValidation';
import { transportFor } from '$shared/inspector/inspectorTransport';

describe('transportFor: host → transport, decided once for the CLI and the panel', () => {
  const ssh = { sshPath: '/usr/bin/ssh', extraArgs: ['-F', '/home/u/.ssh/alt'] };

  it('a validated host goes over ssh with the configured client and options', () => {
    const check = validateHost('deploy@web-1:2222');
    assert.ok(check.ok);
    const transport = transportFor(check.target, ssh, 'linux');
    assert.deepEqual(transport, { kind: 'ssh', target: check.target, sshPath: '/usr/bin/ssh', extraArgs: ['-F', '/home/u/.ssh/alt'] });
    assert.equal(transportFor(check.target, ssh, 'darwin').kind, 'ssh', 'a remote host is read over ssh from any platform');
  });

  it('this machine: the collector in a local sh on Linux, the platform socket table elsewhere', () => {
    assert.deepEqual(transportFor(undefined, ssh, 'linux'), { kind: 'local' });
    assert.deepEqual(transportFor(undefined, ssh, 'darwin'), { kind: 'platform-table', platform: 'darwin' });
    assert.deepEqual(transportFor(undefined, ssh, 'win32'), { kind: 'platform-table', platform: 'win32' });
  });
});
