import * as assert from 'node:assert';
import { resolveInspectorSettings, type RawInspectorSettings } from '$shared/inspector/resolveInspectorSettings';

const configured: RawInspectorSettings = {
  trusted: true,
  sshPath: '/opt/openssh/bin/ssh',
  sshExtraArgs: ['-F', '/home/me/.ssh/work_config', 42],
  counterIntervalSeconds: 5,
  socketTableIntervalSeconds: 1,
  sysctlIntervalSeconds: 'often',
};

describe('inspector settings', () => {
  it('uses the configured ssh program and options in a trusted workspace, and clamps intervals', () => {
    assert.deepStrictEqual(resolveInspectorSettings(configured), {
      sshPath: '/opt/openssh/bin/ssh',
      sshExtraArgs: ['-F', '/home/me/.ssh/work_config'],
      intervals: { counterIntervalSeconds: 5, socketTableIntervalSeconds: 10, sysctlIntervalSeconds: 60 },
      notice: undefined,
    });
  });

  it('ignores the configured ssh program and options in an untrusted workspace, and says so', () => {
    const s = resolveInspectorSettings({ ...configured, trusted: false });
    assert.ok(!('error' in s));
    assert.strictEqual(s.sshPath, 'ssh');
    assert.deepStrictEqual(s.sshExtraArgs, []);
    assert.match(s.notice!, /not trusted/);
    // Even options that would be refused are not looked at: nothing configured is used.
    const hostile = resolveInspectorSettings({ ...configured, trusted: false, sshExtraArgs: ['-o', 'StrictHostKeyChecking=no'] });
    assert.ok(!('error' in hostile) && hostile.sshExtraArgs.length === 0);
    const plain = resolveInspectorSettings({ ...configured, trusted: false, sshPath: 'ssh', sshExtraArgs: [] });
    assert.ok(!('error' in plain) && plain.notice === undefined);
  });

  it('refuses extra options that weaken host key checking', () => {
    for (const extra of [['-o', 'StrictHostKeyChecking=no'], ['-oUserKnownHostsFile=/dev/null'], ['-o', 'StrictHostKeyChecking accept-new']]) {
      const s = resolveInspectorSettings({ ...configured, sshExtraArgs: extra });
      assert.ok('error' in s, `${extra.join(' ')} refused`);
      assert.match(s.error, /sshExtraArgs refused/);
    }
  });

  it('falls back to ssh for an empty or non-string path', () => {
    for (const sshPath of ['', '   ', 7, undefined]) {
      const s = resolveInspectorSettings({ ...configured, sshPath });
      assert.ok(!('error' in s) && s.sshPath === 'ssh');
    }
  });
});
