import * as assert from 'node:assert/strict';
import { buildSshArgs, checkExtraArgs } from '$shared/inspector/sshArgs';
import { isHostTarget, validateHost, type HostTarget } from '$shared/inspector/hostValidation';

const target = (h: string) => {
  const v = validateHost(h);
  if (!v.ok) throw new Error(v.reason);
  return v.target;
};

describe('ssh argv', () => {
  it('is -T, BatchMode, timeouts, extra options, -p, --, host, sh -s — in that order', () => {
    assert.deepEqual(buildSshArgs(target('deploy@db:2222'), ['-F', '/home/u/.ssh/alt']), [
      '-T',
      '-o', 'BatchMode=yes',
      '-o', 'ConnectTimeout=10',
      '-o', 'ServerAliveInterval=15',
      '-o', 'ServerAliveCountMax=3',
      '-F', '/home/u/.ssh/alt',
      '-p', '2222',
      '--',
      'deploy@db',
      'sh', '-s',
    ]);
    assert.deepEqual(buildSshArgs(target('web-1'), []).slice(-4), ['--', 'web-1', 'sh', '-s']);
  });

  it('never carries host key weakening options', () => {
    const args = buildSshArgs(target('web-1'), []);
    assert.ok(!args.some((a) => /StrictHostKeyChecking|UserKnownHostsFile/i.test(a)));
  });

  it('refuses extra options that weaken host key checking, in every spelling', () => {
    for (const extra of [
      ['-oStrictHostKeyChecking=no'],
      ['-o', 'StrictHostKeyChecking=no'],
      ['-o', 'stricthostkeychecking no'],
      ['-o', 'StrictHostKeyChecking=accept-new'],
      ['-oStrictHostKeyChecking=off'],
      ['-o', 'UserKnownHostsFile=/dev/null'],
      ['-oUserKnownHostsFile /dev/null'],
      ['-o', 'GlobalKnownHostsFile=/dev/null'],
      ['-o', 'KnownHostsCommand=/bin/echo'],
      ['-o', 'PermitLocalCommand=yes'],
    ]) {
      const r = checkExtraArgs(extra);
      assert.equal(r.ok, false, extra.join(' '));
      if (!r.ok) assert.match(r.reason, /never weakens host key checking|local command/);
      assert.throws(() => buildSshArgs(target('web-1'), extra));
    }
  });

  it('refuses clustered, quoted and escaped spellings the way ssh reads them (issue 12 item 6)', () => {
    for (const extra of [
      ['-CoStrictHostKeyChecking=no'],
      ['-4oStrictHostKeyChecking=accept-new'],
      ['-oStrictHostKeyChecking="no"'],
      ["-oStrictHostKeyChecking='off'"],
      ['-o', '"StrictHostKeyChecking"=no'],
      ['-o', 'StrictHostKeyChecking = "false"'],
      ['-o', 'Strict\\HostKeyChecking=no'],
      ['-Co', 'StrictHostKeyChecking=no'],
      ['-vvCo', 'UserKnownHostsFile=/dev/null'],
      ['-o', 'UserKnownHostsFile="/dev/null"'],
      ['-o', 'UserKnownHostsFile=~/.ssh/known_hosts /dev/null'],
      ['-o', 'UserKnownHostsFile=none'],
      ['-CoPermitLocalCommand=yes', '-CoLocalCommand=touch /tmp/x'],
      ['-oProxyCommand=nc %h %p'],
      ['-4CoProxyCommand="sh -c id"'],
      ['-o', 'VerifyHostKeyDNS=yes'],
      ['-o', 'BatchMode=no'],
      ['-o', 'RemoteCommand=id'],
      ['-o', 'ControlPersist=yes'],
      ['-CoForwardAgent=yes'],
      ['-o', 'LocalForward=8080 127.0.0.1:80'],
    ]) {
      const r = checkExtraArgs(extra);
      assert.equal(r.ok, false, extra.join(' '));
    }
  });

  it('refuses flags that change what the session is or forward anything, even clustered', () => {
    const lists = [['-f'], ['-4f'], ['-N'], ['-Cn'], ['-t'], ['-tt'], ['-A'], ['-XC'], ['-L', '80:h:80'], ['-CR8080:h:80'], ['-D1080']];
    lists.push(['-W', 'h:22'], ['-G'], ['-V'], ['-Ocheck'], ['-s'], ['-M'], ['-Z'], ['--foo']);
    for (const extra of lists) {
      const r = checkExtraArgs(extra);
      assert.equal(r.ok, false, extra.join(' '));
    }
  });

  it('accepts ordinary clusters, and a value that merely contains a refused word', () => {
    for (const extra of [
      ['-4Cv'],
      ['-CoStrictHostKeyChecking=yes'],
      ['-oStrictHostKeyChecking="ask"'],
      ['-i/k/id_ed25519'],
      ['-Ci', '/k/no'],
      ['-o', 'UserKnownHostsFile=/home/u/.ssh/known_hosts_nodevnull'],
      ['-o', 'ProxyCommand=none'],
      ['-o', 'ProxyJump=bastion'],
      ['-J', 'bastion'],
      ['-l', 'deploy', '-p', '2222'],
      ['-o', 'ConnectTimeout=5', '-o', 'ServerAliveInterval=5'],
    ]) {
      assert.deepEqual(checkExtraArgs(extra), { ok: true }, extra.join(' '));
    }
  });

  it('refuses "--", bare words and control characters; accepts ordinary options', () => {
    assert.equal(checkExtraArgs(['--']).ok, false);
    assert.equal(checkExtraArgs(['otherhost']).ok, false);
    assert.equal(checkExtraArgs(['-o']).ok, false);
    assert.equal(checkExtraArgs(['-F']).ok, false);
    assert.equal(checkExtraArgs(['-oUser=a\nb']).ok, false);
    assert.equal(checkExtraArgs(['-F', '/etc/ssh/alt', '-i', '/k', '-J', 'bastion', '-o', 'StrictHostKeyChecking=yes', '-4', '-v']).ok, true);
  });

  it('takes only a HostTarget made by validateHost: tsc refuses a string or a literal, the runtime a cast look-alike', () => {
    // @ts-expect-error a raw string never reaches ssh (npm run typecheck fails if this line compiles)
    assert.throws(() => buildSshArgs('web-1', []), /not validated/);
    // @ts-expect-error nor does an object literal shaped like a target: it lacks the brand only validateHost gives
    assert.throws(() => buildSshArgs({ destination: '-oProxyCommand=x', port: undefined, label: 'web-1' }, []), /not validated/);
    const forged = { destination: '-oProxyCommand=x', port: undefined, label: 'web-1' } as unknown as HostTarget;
    assert.equal(isHostTarget(forged), false);
    assert.throws(() => buildSshArgs(forged, []), /not validated/);
    const made = target('web-1');
    assert.equal(isHostTarget(made), true);
    assert.equal(Reflect.set(made, 'destination', '-oProxyCommand=x'), false, 'a validated target cannot be changed afterwards');
    assert.deepEqual(buildSshArgs(made, []).slice(-4), ['--', 'web-1', 'sh', '-s']);
  });
});
