/** The bundled CLI (dist/cli/socket-lens.js) run as a process, as CI users run it. */
import * as assert from 'node:assert';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import Ajv2020 from 'ajv/dist/2020';
import addFormats from 'ajv-formats';
import { REPO_ROOT } from '../support/languageServerProcess';

const CLI = path.join(REPO_ROOT, 'dist', 'cli', 'socket-lens.js');
const FIXTURES = path.join(REPO_ROOT, 'test', 'fixtures', 'server');

function run(args: string[], cwd: string) {
  const r = spawnSync(process.execPath, [CLI, ...args], { cwd, encoding: 'utf8' });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

interface JsonReport {
  version: number;
  findings: { rule: string; category: string; severity: string; confidence: string; file: string; line: number; column: number; endLine: number; endColumn: number; message: string; fixes: { title: string; preferred: boolean }[] }[];
  stats: { files: number; lines: number; ms: number };
}

describe('socket-lens scan (CLI)', () => {
  let dir: string;
  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'socket-lens-cli-'));
    fs.cpSync(FIXTURES, dir, { recursive: true });
  });
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('prints the version-1 JSON contract with paths relative to the current directory', () => {
    const r = run(['scan', '.', '--format', 'json'], dir);
    const report = JSON.parse(r.stdout) as JsonReport;
    assert.strictEqual(report.version, 1);
    assert.deepStrictEqual(Object.keys(report).sort(), ['findings', 'stats', 'version']);
    assert.deepStrictEqual(Object.keys(report.stats).sort(), ['files', 'lines', 'ms']);
    assert.strictEqual(report.stats.files, 3);
    const keys = ['category', 'column', 'confidence', 'endColumn', 'endLine', 'file', 'fixes', 'line', 'message', 'rule', 'severity'];
    for (const f of report.findings) assert.deepStrictEqual(Object.keys(f).sort(), keys);
    const where = report.findings.map((f) => `${f.file}:${f.line} ${f.rule}`).sort();
    assert.deepStrictEqual(where, ['agent.js:11 js-agent-without-keepalive', 'agent.js:4 js-per-request-client', 'gopkg/handler.go:10 go-unclosed-body']);
    const body = report.findings.find((f) => f.rule === 'go-unclosed-body')!;
    assert.strictEqual(body.category, 'unclosed-body');
    assert.strictEqual(body.column, 15);
    assert.ok(body.fixes.some((x) => x.preferred));
    // Run from the parent folder: the paths follow the current directory.
    const fromParent = JSON.parse(run(['scan', path.basename(dir), '--format', 'json'], path.dirname(dir)).stdout) as JsonReport;
    assert.ok(fromParent.findings.every((f) => f.file.startsWith(`${path.basename(dir)}/`)));
  });

  it('exit code follows --fail-on', () => {
    const severities = (JSON.parse(run(['scan', '.', '--format', 'json'], dir).stdout) as JsonReport).findings.map((f) => f.severity);
    const order = ['error', 'warning', 'info', 'hint'];
    for (const failOn of order) {
      const expected = severities.some((s) => order.indexOf(s) <= order.indexOf(failOn)) ? 1 : 0;
      assert.strictEqual(run(['scan', '.', '--fail-on', failOn], dir).code, expected, `--fail-on ${failOn}`);
    }
    fs.rmSync(path.join(dir, 'gopkg', 'handler.go'));
    fs.rmSync(path.join(dir, 'agent.js'));
    assert.strictEqual(run(['scan', '.', '--fail-on', 'hint'], dir).code, 0);
  });

  it('writes SARIF 2.1.0 that validates against the published schema', () => {
    const r = run(['scan', '.', '--format', 'sarif'], dir);
    const sarif: { runs: { results: unknown[]; tool: { driver: { rules: unknown[] } } }[] } = JSON.parse(r.stdout);
    const schema = JSON.parse(fs.readFileSync(require.resolve('@microsoft/sarif-multitool-linux/sarif-2.1.0.json'), 'utf8'));
    const ajv = new Ajv2020({ strict: false, allErrors: true });
    addFormats(ajv);
    const validate = ajv.compile(schema);
    assert.ok(validate(sarif), JSON.stringify(validate.errors?.slice(0, 5), null, 2));
    const results = sarif.runs[0].results as { ruleId: string; ruleIndex: number; locations: { physicalLocation: { artifactLocation: { uri: string }; region: { startLine: number } } }[] }[];
    assert.deepStrictEqual(results.map((x) => `${x.locations[0].physicalLocation.artifactLocation.uri}:${x.locations[0].physicalLocation.region.startLine} ${x.ruleId}`).sort(), [
      'agent.js:11 js-agent-without-keepalive',
      'agent.js:4 js-per-request-client',
      'gopkg/handler.go:10 go-unclosed-body',
    ]);
    const rules = sarif.runs[0].tool.driver.rules as { id: string }[];
    for (const x of results) assert.strictEqual(rules[x.ruleIndex].id, x.ruleId);
  });

  it('--rule keeps only the named rules', () => {
    const report = JSON.parse(run(['scan', '.', '--format', 'json', '--rule', 'go-unclosed-body'], dir).stdout) as JsonReport;
    assert.deepStrictEqual(report.findings.map((f) => f.rule), ['go-unclosed-body']);
  });

  it('--fix applies preferred fixes, reports them, and a second run changes nothing', () => {
    const first = run(['scan', '.', '--fix', '--format', 'json'], dir);
    assert.match(first.stderr, /fixed \d+ in gopkg\/handler\.go: .*go-unclosed-body/);
    const left = (JSON.parse(first.stdout) as JsonReport).findings.map((f) => f.rule);
    assert.ok(!left.includes('go-unclosed-body'), `still reported after --fix: ${left}`);
    const snapshot = () => ['gopkg/handler.go', 'gopkg/drain.go', 'agent.js'].map((f) => fs.readFileSync(path.join(dir, f), 'utf8'));
    const afterFirst = snapshot();
    const second = run(['scan', '.', '--fix'], dir);
    assert.match(second.stderr, /fixed 0 findings/);
    assert.deepStrictEqual(snapshot(), afterFirst);
  });

  it('prints a text report with one line per finding and a summary', () => {
    const r = run(['scan', '.'], dir);
    assert.match(r.stdout, /^gopkg\/handler\.go:10:15: \w+ go-unclosed-body: /m);
    assert.match(r.stdout, /^3 findings in 2 of 3 files \(\d+ lines, \d+ ms\)$/m);
  });

  it('usage and I/O errors exit 2 with one line on stderr', () => {
    for (const args of [['scan', 'no-such-dir'], ['scan', '--format', 'xml'], ['scan', '--rule', 'no-such-rule'], ['scan', '--bogus'], ['frobnicate'], ['inspect', '--bogus'], ['inspect', '--watch', 'soon'], ['inspect', 'a;b']]) {
      const r = run(args, dir);
      assert.strictEqual(r.code, 2, args.join(' '));
      assert.strictEqual(r.stderr.trim().split('\n').length, 1, r.stderr);
      assert.match(r.stderr, /^socket-lens( inspect)?: /);
    }
    const help = run(['--help'], dir);
    assert.strictEqual(help.code, 0);
    assert.match(help.stdout, /socket-lens scan \[PATH\.\.\.\]/);
  });
});
