/**
 * The README's CI section runs as written: the shell step with a baseline, and the `socket-lens` command of the
 * GitHub Actions job, against a copy of examples/, with `socket-lens` on the PATH as CI would have it.
 */
import * as assert from 'node:assert';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { CLI } from '../support/cliProcess';
import { REPO_ROOT } from '../support/languageServerProcess';

const README = fs.readFileSync(path.join(REPO_ROOT, 'README.md'), 'utf8');

function ciSection(): string {
  const start = README.indexOf('\n## CI\n');
  assert.ok(start >= 0, 'the README has a "## CI" section');
  const end = README.indexOf('\n## ', start + 1);
  return README.slice(start, end < 0 ? undefined : end);
}

function shellBlocks(): string[] {
  const section = ciSection();
  const marker = section.indexOf('<!-- ci-shell-step');
  assert.ok(marker >= 0, 'the CI section marks its shell step');
  return [...section.slice(marker).matchAll(/```sh\n([\s\S]*?)```/g)].map((m) => m[1]).slice(0, 2);
}

function actionsRunLines(): string[] {
  const yaml = /```yaml\n([\s\S]*?)```/.exec(ciSection());
  assert.ok(yaml, 'the CI section has a GitHub Actions job');
  assert.match(yaml[1], /uses: github\/codeql-action\/upload-sarif@v\d/);
  return [...yaml[1].matchAll(/^\s*- run: (npx socket-lens .*)$/gm)].map((m) => m[1].replace(/^npx /, ''));
}

describe('README CI example', () => {
  let dir: string;
  let env: NodeJS.ProcessEnv;
  before(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'socket-lens-ci-'));
    fs.cpSync(path.join(REPO_ROOT, 'examples'), path.join(dir, 'project'), { recursive: true });
    const bin = path.join(dir, 'bin');
    fs.mkdirSync(bin);
    fs.writeFileSync(path.join(bin, 'socket-lens'), `#!/bin/sh\nexec "${process.execPath}" "${CLI}" "$@"\n`, { mode: 0o755 });
    env = { ...process.env, PATH: `${bin}${path.delimiter}${process.env.PATH}` };
    delete env.FORCE_COLOR;
  });
  after(() => fs.rmSync(dir, { recursive: true, force: true }));

  const sh = (script: string) => spawnSync('bash', ['-c', script], { cwd: path.join(dir, 'project'), env, encoding: 'utf8' });

  it('the shell step with a baseline: passes on legacy findings, fails on exactly the new one', () => {
    const [record, check] = shellBlocks();
    assert.ok(record && check, 'two shell blocks');
    const recorded = sh(record);
    assert.strictEqual(recorded.status, 0, recorded.stderr);
    assert.match(recorded.stderr, /wrote \d+ findings to socket-lens-baseline\.json/);
    const legacy = sh(check);
    assert.strictEqual(legacy.status, 0, legacy.stdout);
    assert.match(legacy.stdout, /^0 findings in 0 of \d+ files, \d+ more in the baseline/m);

    fs.writeFileSync(
      path.join(dir, 'project', 'node', 'orders-js', 'audit.js'),
      "const http = require('http');\nhttp.createServer((req, res) => {\n  const agent = new http.Agent({ keepAlive: true });\n  res.end(String(agent));\n}).listen(0);\n",
    );
    const fresh = sh(check);
    assert.strictEqual(fresh.status, 1);
    const lines = fresh.stdout.trim().split('\n');
    assert.deepStrictEqual(lines.slice(0, -1).map((l) => `${l.split(': ')[0]} ${l.split(' ')[2]}`), ['node/orders-js/audit.js:3:17 js-per-request-client:']);
    assert.match(lines.at(-1)!, /^1 finding in 1 of \d+ files/);
  });

  it('the GitHub Actions command writes SARIF and exits 0 on findings', () => {
    const runs = actionsRunLines();
    assert.strictEqual(runs.length, 1);
    const r = sh(runs[0]);
    assert.strictEqual(r.status, 0, r.stderr);
    const sarif = JSON.parse(fs.readFileSync(path.join(dir, 'project', 'socket-lens.sarif'), 'utf8'));
    assert.ok(sarif.runs[0].results.length > 0);
    assert.ok(sarif.runs[0].results.every((x: { partialFingerprints: Record<string, string> }) => x.partialFingerprints['socketLens/v1']));
    // A usage error is not swallowed.
    assert.notStrictEqual(sh(runs[0].replace('--format sarif', '--format xml')).status, 0);
  });
});
