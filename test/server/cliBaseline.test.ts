/** `--write-baseline` / `--baseline` and SARIF partialFingerprints, through the CLI process. */
import * as assert from 'node:assert';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { jsonFindings, runCli } from '../support/cliProcess';
import { REPO_ROOT } from '../support/languageServerProcess';

const FIXTURES = path.join(REPO_ROOT, 'test', 'fixtures', 'server');

interface SarifResult {
  ruleId: string;
  partialFingerprints: Record<string, string>;
  locations: { physicalLocation: { artifactLocation: { uri: string }; region: { startLine: number } } }[];
}

function sarifResults(stdout: string): SarifResult[] {
  return (JSON.parse(stdout) as { runs: { results: SarifResult[] }[] }).runs[0].results;
}

const NEW_LEAK = `
// audit posts a copy of every request and leaks the response body.
func audit(r *http.Request) int {
	resp, err := http.Get("http://audit.internal/log")
	if err != nil {
		return 0
	}
	return resp.StatusCode
}
`;

describe('socket-lens scan --baseline', () => {
  let dir: string;
  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'socket-lens-baseline-'));
    fs.cpSync(FIXTURES, dir, { recursive: true });
  });
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('round trip: 20 blank lines above a baselined finding and one new leak → exactly the new one; SARIF fingerprints are stable', () => {
    const before = sarifResults(runCli(['scan', '--format', 'sarif'], dir).stdout);
    assert.strictEqual(before.length, 3);
    for (const r of before) assert.match(r.partialFingerprints['socketLens/v1'], /^[0-9a-f]{16}:\d+$/);

    const written = runCli(['scan', '--write-baseline', 'socket-lens-baseline.json'], dir);
    assert.strictEqual(written.code, 0, written.stderr);
    assert.match(written.stderr, /wrote 3 findings to socket-lens-baseline\.json/);
    const baseline = JSON.parse(fs.readFileSync(path.join(dir, 'socket-lens-baseline.json'), 'utf8'));
    assert.strictEqual(baseline.findings.length, 3);
    const clean = runCli(['scan', '--baseline', 'socket-lens-baseline.json'], dir);
    assert.strictEqual(clean.code, 0, clean.stdout);
    assert.match(clean.stdout, /^0 findings in 0 of 3 files, 3 more in the baseline/m);

    const handler = path.join(dir, 'gopkg', 'handler.go');
    const lines = fs.readFileSync(handler, 'utf8').split('\n');
    const leakLine = lines.findIndex((l) => l.includes('http.Get("http://upstream.internal/status")'));
    lines.splice(leakLine - 2, 0, ...Array<string>(20).fill(''));
    fs.writeFileSync(handler, lines.join('\n') + NEW_LEAK);

    const after = runCli(['scan', '--baseline', 'socket-lens-baseline.json', '--format', 'json'], dir);
    assert.strictEqual(after.code, 1);
    const fresh = jsonFindings(after.stdout);
    assert.deepStrictEqual(
      fresh.map((f) => `${f.file}:${f.line} ${f.rule}`),
      [`gopkg/handler.go:${lines.length + 3} go-unclosed-body`],
    );
    assert.match(fresh[0].message, /http\.Get/);

    // From another folder, naming the same baseline: paths in it are relative to the baseline file.
    const fromParent = runCli(['scan', path.basename(dir), '--baseline', path.join(path.basename(dir), 'socket-lens-baseline.json'), '--format', 'json'], path.dirname(dir));
    assert.deepStrictEqual(jsonFindings(fromParent.stdout).map((f) => f.line), [lines.length + 3]);

    const afterSarif = sarifResults(runCli(['scan', '--format', 'sarif'], dir).stdout);
    const print = (r: SarifResult) => `${r.locations[0].physicalLocation.artifactLocation.uri} ${r.ruleId} ${r.partialFingerprints['socketLens/v1']}`;
    const old = before.map(print).sort();
    const now = afterSarif.map(print);
    for (const p of old) assert.ok(now.includes(p), `fingerprint lost after the line shift: ${p}\n${now.join('\n')}`);
    assert.strictEqual(now.length, 4);
    const moved = afterSarif.find((r) => r.ruleId === 'go-unclosed-body' && r.locations[0].physicalLocation.region.startLine === leakLine + 21)!;
    assert.ok(moved, 'the baselined finding moved down by 20 lines');
    assert.strictEqual(print(moved), before.map(print).find((p) => p.includes('go-unclosed-body'))!);
  });

  it('an edited line is a new finding; identical findings are told apart by occurrence', () => {
    runCli(['scan', '--write-baseline', 'b.json'], dir);
    const handler = path.join(dir, 'gopkg', 'handler.go');
    fs.writeFileSync(handler, fs.readFileSync(handler, 'utf8').replace('upstream.internal/status', 'upstream.internal/health'));
    assert.deepStrictEqual(jsonFindings(runCli(['scan', '--baseline', 'b.json', '--format', 'json'], dir).stdout).map((f) => f.rule), ['go-unclosed-body']);
    const agent = path.join(dir, 'agent.js');
    fs.writeFileSync(agent, `${fs.readFileSync(agent, 'utf8')}\n${fs.readFileSync(agent, 'utf8')}`);
    const twice = jsonFindings(runCli(['scan', 'agent.js', '--baseline', 'b.json', '--format', 'json'], dir).stdout);
    assert.strictEqual(twice.length, 2, 'the copy of the two agent findings is new; the originals are baselined');
  });

  it('a missing or foreign baseline is a one-line error, exit 2', () => {
    for (const [content, pattern] of [
      [undefined, /cannot read baseline missing\.json: ENOENT/],
      ['{"version": 2}', /is not a socket-lens baseline/],
      ['not json', /cannot read baseline/],
    ] as const) {
      const name = content === undefined ? 'missing.json' : 'bad.json';
      if (content !== undefined) fs.writeFileSync(path.join(dir, name), content);
      const r = runCli(['scan', '--baseline', name], dir);
      assert.strictEqual(r.code, 2);
      assert.match(r.stderr, pattern);
      assert.strictEqual(r.stderr.trim().split('\n').length, 1);
    }
    assert.strictEqual(runCli(['scan', '--baseline', 'a', '--write-baseline', 'b'], dir).code, 2);
  });
});
