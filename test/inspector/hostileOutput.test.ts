import * as assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { PassThrough } from 'node:stream';
import { runInspectCommand } from '../../server/src/cli/inspectCommand';
import { TestSshServer } from './support/testSshServer';

/**
 * A compromised host controls the text the collector reads: here its `ss` prints peer and listener
 * addresses carrying OSC 52 (clipboard write), OSC 0 (window title), CSI (screen clear), BEL, C1 CSI and a
 * bidi override, and a second host's login prints the same on stderr before failing. `inspect` must show
 * the values escaped — no raw control character reaches the terminal — in text, JSON and error output.
 */
const OSC52 = '\u001b]52;c;cHduZWQ=\u0007';
const TITLE = '\u001b]0;pwned\u0007';
const CLEAR = '\u001b[2J';
const C1_CSI = '\u009b31m';
const BIDI = '\u202e';

// Control characters that must never reach the terminal (tab and newline are the CLI's own layout).
const RAW_CONTROL = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/;

function hostileSs(dir: string): string {
  const bin = path.join(dir, 'bin-hostile');
  fs.mkdirSync(bin);
  const peer = `10.0.0.9:443${OSC52}`;
  const listener = `127.0.0.1:7${TITLE}${CLEAR}`;
  const lines = [
    'State Recv-Q Send-Q Local Address:Port Peer Address:Port Process',
    `LISTEN 9 128 ${listener} 0.0.0.0:*`,
    `TIME-WAIT 0 0 127.0.0.1:40001 ${peer}`,
    `TIME-WAIT 0 0 127.0.0.1:40002 ${peer}`,
    `TIME-WAIT 0 0 127.0.0.1:40003 ${peer}`,
    `CLOSE-WAIT 0 0 127.0.0.1:8080${C1_CSI}${BIDI} 10.0.0.7:5000`,
    `CLOSE-WAIT 0 0 127.0.0.1:8080${C1_CSI}${BIDI} 10.0.0.7:5001`,
  ];
  fs.writeFileSync(path.join(dir, 'ss-output'), `${lines.join('\n')}\n`);
  fs.writeFileSync(path.join(bin, 'ss'), `#!/bin/sh\ncat ${path.join(dir, 'ss-output')}\n`, { mode: 0o755 });
  return bin;
}

async function inspect(args: string[]): Promise<{ code: number; out: string; err: string }> {
  const stdout = new PassThrough();
  const stderr = new PassThrough();
  let out = '';
  let err = '';
  stdout.on('data', (d: Buffer) => (out += d.toString('utf8')));
  stderr.on('data', (d: Buffer) => (err += d.toString('utf8')));
  const code = await runInspectCommand(args, { stdout, stderr });
  return { code, out, err };
}

describe('hostile text from the host is escaped in inspect output', function () {
  this.timeout(60000);
  let server: TestSshServer;
  let failing: TestSshServer;

  before(async () => {
    server = await TestSshServer.create({ sshdConfigLines: (dir) => [`SetEnv PATH=${path.join(dir, 'bin-hostile')}:/usr/sbin:/usr/bin:/sbin:/bin`] });
    hostileSs(server.dir);
    failing = await TestSshServer.create({ sshdConfigLines: (dir) => [`ForceCommand ${path.join(dir, 'hostile-login.sh')}`] });
    fs.writeFileSync(
      path.join(failing.dir, 'hostile-login.sh'),
      `#!/bin/sh\nprintf 'motd ${OSC52.replace(/\u001b/g, '\\033').replace(/\u0007/g, '\\007')} bye\\n' >&2\nexit 1\n`,
      { mode: 0o755 },
    );
  });
  after(async () => {
    await server.dispose();
    await failing.dispose();
  });

  it('the fake ss really carries the escapes to the collector (the test is not vacuous)', () => {
    const raw = execFileSync(path.join(server.dir, 'bin-hostile', 'ss'), { encoding: 'utf8' });
    assert.ok(raw.includes(OSC52) && raw.includes(TITLE) && raw.includes(C1_CSI));
  });

  it('text output: peers and listeners appear, escaped', async () => {
    const { code, out, err } = await inspect(['sl-test', '--ssh-config', server.clientConfig]);
    assert.equal(code, 0, err);
    assert.doesNotMatch(out, RAW_CONTROL);
    assert.ok(out.includes('10.0.0.9:443\\x1b]52;c;cHduZWQ=\\x07'), out);
    assert.ok(out.includes('127.0.0.1:7\\x1b]0;pwned\\x07\\x1b[2J'), out);
    assert.ok(out.includes('\\x9b31m\\u202e'), out);
  });

  it('JSON output: valid JSON with the exact values, and no raw control character on the wire', async () => {
    const { code, out } = await inspect(['sl-test', '--json', '--ssh-config', server.clientConfig]);
    assert.equal(code, 0);
    assert.doesNotMatch(out, RAW_CONTROL);
    const report = JSON.parse(out) as { peers: Array<{ endpoint: string }>; listeners: Array<{ local: string }> };
    assert.ok(report.peers.some((p) => p.endpoint === `10.0.0.9:443${OSC52}`), JSON.stringify(report.peers));
    assert.ok(report.listeners.some((l) => l.local === `127.0.0.1:7${TITLE}${CLEAR}`));
  });

  it('an error carrying the host text is escaped too', async () => {
    const { code, out, err } = await inspect(['sl-test', '--ssh-config', failing.clientConfig]);
    assert.equal(code, 1);
    assert.equal(out, '');
    assert.doesNotMatch(err, RAW_CONTROL);
    assert.ok(err.includes('motd \\x1b]52;c;cHduZWQ=\\x07 bye'), err);
  });
});
