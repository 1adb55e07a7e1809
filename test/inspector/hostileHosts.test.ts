import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { PassThrough } from 'node:stream';
import { runInspectCommand } from '../../server/src/cli/inspectCommand';
import { startCollector } from '$shared/inspector/collectorProcess';
import { validateHost, type HostTarget } from '$shared/inspector/hostValidation';
import { TestSshServer } from './support/testSshServer';

/**
 * Hostile host strings are refused before anything runs, and nothing they carry executes: the marker
 * file they try to create never appears, and a canary "ssh" program is never started.
 */
describe('hostile host strings', function () {
  this.timeout(60000);
  let server: TestSshServer;
  let dir: string;
  let marker: string;
  let canary: string;
  let canaryRan: string;

  before(async () => {
    server = await TestSshServer.create();
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sl-hostile-'));
    marker = path.join(dir, 'PWNED');
    canaryRan = path.join(dir, 'CANARY-RAN');
    canary = path.join(dir, 'canary-ssh');
    fs.writeFileSync(canary, `#!/bin/sh\ntouch ${canaryRan}\nexec ssh "$@"\n`, { mode: 0o755 });
  });
  after(async () => {
    await server.dispose();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  const hostile = (m: string): string[] => [
    `-oProxyCommand=touch ${m}`,
    `-oProxyCommand=sh -c 'touch ${m}'`,
    '-F/dev/null',
    `sl-test;touch ${m}`,
    `sl-test|touch ${m}`,
    `sl-test&&touch ${m}`,
    `$(touch ${m})`,
    `sl-test$(touch ${m})`,
    `\`touch ${m}\``,
    `sl-test\ntouch ${m}`,
    "sl-test\rtouch",
    `sl-test touch ${m}`,
    "sl-test\ttouch",
    `sl-test>${m}`,
    "root@sl-test:22;touch",
    "sl-test'",
    'sl-test"',
    'sl-test\\',
    '*',
    'sl-test\u0000',
  ];

  it('validation refuses each with a reason', () => {
    for (const h of hostile(marker)) {
      const v = validateHost(h);
      assert.equal(v.ok, false, `accepted ${JSON.stringify(h)}`);
      if (!v.ok) assert.match(v.reason, /starts with "-"|control character|whitespace|metacharacter|slash|may only contain/, v.reason);
    }
    assert.match((validateHost('-oProxyCommand=x') as { reason: string }).reason, /starts with "-", which ssh would read as an option/);
    assert.match((validateHost('a;b') as { reason: string }).reason, /shell metacharacter/);
    assert.match((validateHost('a\nb') as { reason: string }).reason, /control character/);
  });

  it('the CLI refuses them (exit 2) and nothing runs', async () => {
    for (const h of hostile(marker)) {
      const stdout = new PassThrough();
      const stderr = new PassThrough();
      let err = '';
      stderr.on('data', (d) => (err += d));
      const code = await runInspectCommand([h, '--json', '--ssh', canary, '--ssh-config', server.clientConfig], { stdout, stderr });
      assert.equal(code, 2, `exit code for ${JSON.stringify(h)}: ${err}`);
      assert.match(err, /refused host|unknown option|unexpected argument/);
    }
    assert.equal(fs.existsSync(canaryRan), false, 'the ssh program was never started');
    assert.equal(fs.existsSync(marker), false, 'marker never created');
  });

  it('the transport refuses a look-alike target, even if a caller cast its way past the type checker', () => {
    for (const h of hostile(marker)) {
      const forged = { destination: h, port: undefined, label: h } as unknown as HostTarget;
      assert.throws(() =>
        startCollector({ kind: 'ssh', target: forged, sshPath: canary, extraArgs: server.sshExtraArgs }, 'exit 0\n', {
          onFrame: () => undefined,
          onExit: () => undefined,
        }),
      );
    }
    assert.equal(fs.existsSync(canaryRan), false);
    assert.equal(fs.existsSync(marker), false);
  });

  it('extra ssh options that weaken host key checking are refused', async () => {
    for (const args of [
      ['--ssh-arg', '-oStrictHostKeyChecking=no'],
      ['--ssh-arg', '-o', '--ssh-arg', 'StrictHostKeyChecking accept-new'],
      ['--ssh-arg', '-oUserKnownHostsFile=/dev/null'],
      ['--ssh-arg', '-oKnownHostsCommand=/bin/true'],
      ['--ssh-arg', `-oLocalCommand=touch ${marker}`],
    ]) {
      const stdout = new PassThrough();
      const stderr = new PassThrough();
      let err = '';
      stderr.on('data', (d) => (err += d));
      const code = await runInspectCommand(['sl-test', ...args, '--ssh', canary, '--ssh-config', server.clientConfig], { stdout, stderr });
      assert.equal(code, 2, args.join(' '));
      assert.match(err, /refused ssh option/);
    }
    assert.equal(fs.existsSync(canaryRan), false);
    assert.equal(fs.existsSync(marker), false);
  });

  it('a valid alias through the same canary does run (the canary works)', async () => {
    const stdout = new PassThrough();
    let out = '';
    stdout.on('data', (d) => (out += d));
    const code = await runInspectCommand(['sl-test', '--json', '--ssh', canary, '--ssh-config', server.clientConfig], { stdout, stderr: new PassThrough() });
    assert.equal(code, 0);
    assert.ok(JSON.parse(out).states.LISTEN >= 1);
    assert.equal(fs.existsSync(canaryRan), true);
    assert.equal(fs.existsSync(marker), false);
  });
});
