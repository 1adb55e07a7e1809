import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { readSshConfigHosts, splitConfigLine } from '$shared/inspector/sshConfigHosts';

const FIXTURE = path.resolve(__dirname, '../../fixtures/inspector/ssh-config');

describe('ssh config host listing', () => {
  let home: string;
  before(() => {
    home = fs.mkdtempSync(path.join(os.tmpdir(), 'sl-home-'));
    fs.symlinkSync(FIXTURE, path.join(home, '.ssh'));
  });
  after(() => fs.rmSync(home, { recursive: true, force: true }));

  it('lists concrete aliases from the file and its Includes (globs, ~, relative to ~/.ssh), skipping patterns', () => {
    const hosts = readSshConfigHosts(undefined, { home });
    const aliases = hosts.map((h) => h.alias);
    assert.deepEqual(aliases, ['team-box', 'lab-a', 'lab-b', 'nested-host', 'from-home-include', 'web-1', 'web-2', 'db', 'quoted', 'spaced alias']);
    assert.ok(!aliases.includes('not-included'), 'only *.conf matched the glob');
    assert.ok(!aliases.some((a) => /[*?!]/.test(a)));
  });

  it('keeps HostName/User/Port of single-alias blocks for display', () => {
    const hosts = readSshConfigHosts(undefined, { home });
    const db = hosts.find((h) => h.alias === 'db')!;
    assert.deepEqual([db.hostName, db.user, db.port], ['10.0.0.5', 'postgres', '2222']);
    assert.equal(hosts.find((h) => h.alias === 'nested-host')!.hostName, '192.0.2.7');
    assert.equal(hosts.find((h) => h.alias === 'web-1')!.user, undefined, 'multi-alias blocks are not attributed');
    assert.match(hosts.find((h) => h.alias === 'team-box')!.file, /10-team\.conf$/);
  });

  it('survives a config that includes itself and a missing file', () => {
    assert.ok(readSshConfigHosts(path.join(FIXTURE, 'config'), { home }).length > 0);
    assert.deepEqual(readSshConfigHosts(path.join(home, 'missing'), { home }), []);
  });

  it('splits lines like ssh does', () => {
    assert.deepEqual(splitConfigLine('  Host=a b  # comment'), { keyword: 'host', args: ['a', 'b'] });
    assert.deepEqual(splitConfigLine('HostName "x y"'), { keyword: 'hostname', args: ['x y'] });
    assert.equal(splitConfigLine('# only a comment'), undefined);
    assert.equal(splitConfigLine('   '), undefined);
  });
});
