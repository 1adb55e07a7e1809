import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { checkExtraArgs } from '$shared/inspector/sshArgs';

/**
 * The guard agrees with the real ssh: every argument list it accepts, handed to `ssh -G` (which prints the
 * configuration ssh would use and connects nowhere), leaves host key checking strict and no local command
 * configured. The lists are built from flag clusters, quoting and spacing variants of the dangerous options.
 */
/** ssh -G's configuration for the arguments, or undefined when ssh itself refuses them (then it would not connect either). */
function sshConfigFor(extra: string[]): Map<string, string> | undefined {
  const result = spawnSync('ssh', ['-G', '-F', '/dev/null', ...extra, '--', 'guard-test.invalid'], { encoding: 'utf8', timeout: 10000 });
  if (result.status !== 0) return undefined;
  const config = new Map<string, string>();
  for (const line of result.stdout.split('\n')) {
    const space = line.indexOf(' ');
    if (space > 0) config.set(line.slice(0, space), line.slice(space + 1));
  }
  return config;
}

function* variants(): Generator<string[]> {
  const options = [
    ['StrictHostKeyChecking', ['no', 'off', 'accept-new', 'yes', 'ask']],
    ['UserKnownHostsFile', ['/dev/null', 'none', '/tmp/kh']],
    ['PermitLocalCommand', ['yes', 'no']],
    ['LocalCommand', ['touch /tmp/sl-guard']],
    ['ProxyCommand', ['nc %h %p', 'none']],
  ] as const;
  const keywordSpellings = (k: string): string[] => [k, k.toLowerCase(), `"${k}"`];
  const joiners = ['=', ' ', ' = ', '\t'.replace('\t', '  ')];
  const quotes = (v: string): string[] => [v, `"${v}"`, `'${v}'`];
  const prefixes = ['-o', '-Co', '-4o', '-vCo'];
  for (const [keyword, values] of options) {
    for (const k of keywordSpellings(keyword)) {
      for (const j of joiners) {
        for (const value of values) {
          for (const v of quotes(value)) {
            for (const p of prefixes) {
              yield [`${p}${k}${j}${v}`];
              yield [p, `${k}${j}${v}`];
            }
          }
        }
      }
    }
  }
}

describe('ssh option guard against the real ssh (ssh -G)', function () {
  this.timeout(120000);

  it('every accepted variant keeps host key checking strict and runs no local command; refused ones are counted', () => {
    let accepted = 0;
    let refused = 0;
    let sshRefused = 0;
    for (const extra of variants()) {
      if (!checkExtraArgs(extra).ok) {
        refused++;
        continue;
      }
      accepted++;
      const config = sshConfigFor(extra);
      if (config === undefined) {
        sshRefused++;
        continue;
      }
      assert.ok(config.size > 10, `ssh -G printed a configuration for ${JSON.stringify(extra)}`);
      const where = JSON.stringify(extra);
      const strict = config.get('stricthostkeychecking') ?? '';
      assert.ok(['true', 'ask'].includes(strict), `${where}: stricthostkeychecking ${strict}`);
      assert.ok(!/\/dev\/null|^none$/.test(config.get('userknownhostsfile') ?? ''), `${where}: userknownhostsfile ${config.get('userknownhostsfile')}`);
      assert.equal(config.get('permitlocalcommand'), 'no', where);
      assert.equal(config.get('localcommand'), undefined, where);
      assert.equal(config.get('proxycommand'), undefined, where);
    }
    const total = accepted + refused;
    console.log(`      ${total} spellings: ${refused} refused by the guard, ${accepted} accepted (${sshRefused} of them refused by ssh itself)`);
    // Both sides are exercised: safe spellings pass, dangerous ones are refused.
    assert.ok(accepted - sshRefused >= 100, `accepted ${accepted}, of which ssh itself refused ${sshRefused}`);
    assert.ok(refused >= 500, `refused ${refused}`);
  });

  it('random multi-argument lists (fixed seed): whatever the guard accepts, ssh -G shows as safe', () => {
    let seed = 20261130;
    const random = (n: number): number => {
      seed = (seed * 1103515245 + 12345) % 2147483648;
      return seed % n;
    };
    const flags = ['4', '6', 'C', 'v', 'q', 'T', 'x', 'a', 'k', 'g', 'K', 'y'];
    const dangerous = ['StrictHostKeyChecking=no', 'StrictHostKeyChecking accept-new', 'UserKnownHostsFile=/dev/null', 'PermitLocalCommand=yes',
      'LocalCommand=touch /tmp/sl-guard-fuzz', 'ProxyCommand=nc %h %p', 'stricthostkeychecking="off"'];
    const harmless = ['ConnectTimeout=5', 'StrictHostKeyChecking=yes', 'ServerAliveInterval=9', 'Compression=yes', 'LogLevel=ERROR'];
    const valueFlags = ['o', 'o', 'o', 'i', 'F', 'l', 'c', 'J'];
    const value = (): string => [...dangerous, ...harmless][random(dangerous.length + harmless.length)]!;
    const cluster = (): string[] => {
      let text = '-';
      for (let k = random(3); k > 0; k--) text += flags[random(flags.length)];
      const withValue = random(4) > 0;
      if (!withValue) return [text.length > 1 ? text : '-4'];
      text += valueFlags[random(valueFlags.length)];
      return random(2) === 0 ? [text + value()] : [text, value()];
    };
    let accepted = 0;
    for (let run = 0; run < 300; run++) {
      const extra: string[] = [];
      for (let k = 1 + random(3); k > 0; k--) extra.push(...cluster());
      if (!checkExtraArgs(extra).ok) continue;
      const config = sshConfigFor(extra);
      if (config === undefined) continue;
      accepted++;
      const where = JSON.stringify(extra);
      assert.ok(['true', 'ask'].includes(config.get('stricthostkeychecking') ?? ''), where);
      assert.ok(!/\/dev\/null/.test(config.get('userknownhostsfile') ?? ''), where);
      assert.equal(config.get('permitlocalcommand'), 'no', where);
      assert.equal(config.get('proxycommand'), undefined, where);
    }
    assert.ok(accepted >= 30, `accepted and checked: ${accepted} of 300`);
  });

  it('the dangerous spellings really are dangerous to ssh (the refusals are not vacuous)', () => {
    assert.equal(sshConfigFor(['-CoStrictHostKeyChecking="no"'])?.get('stricthostkeychecking'), 'false');
    assert.equal(sshConfigFor(['-4oStrictHostKeyChecking=accept-new'])?.get('stricthostkeychecking'), 'accept-new');
    assert.equal(sshConfigFor(['-CoPermitLocalCommand=yes'])?.get('permitlocalcommand'), 'yes');
    for (const extra of [['-CoStrictHostKeyChecking="no"'], ['-4oStrictHostKeyChecking=accept-new'], ['-CoPermitLocalCommand=yes']]) {
      assert.equal(checkExtraArgs(extra).ok, false, JSON.stringify(extra));
    }
  });
});
