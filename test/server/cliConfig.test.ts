/** socket-lens.json, excludes, test files and the reporting options of `socket-lens scan`, run as a process. */
import * as assert from 'node:assert';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { CLI, jsonFindings, runCli } from '../support/cliProcess';
import { REPO_ROOT } from '../support/languageServerProcess';

/** The escape character that starts terminal control sequences. */
const ESC = String.fromCharCode(0x1b);
const WORKSPACE = path.join(REPO_ROOT, 'test', 'fixtures', 'config-workspace');

const where = (stdout: string) => jsonFindings(stdout).map((f) => `${f.file}:${f.line} ${f.rule} ${f.severity}`).sort();

describe('socket-lens scan with socket-lens.json', () => {
  let dir: string;
  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'socket-lens-config-'));
    fs.cpSync(WORKSPACE, dir, { recursive: true });
  });
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('applies the config: a rule off, a category re-graded, an exclude, tests off, handled functions', () => {
    const r = runCli(['scan', '--format', 'json'], dir);
    assert.strictEqual(r.code, 1, r.stderr);
    assert.deepStrictEqual(where(r.stdout), ['api/status.go:7 go-unclosed-body warning', 'web/proxy.js:4 js-per-request-client error']);
  });

  it('finds the config walking up from the scanned path, and from a sub-folder as the current folder', () => {
    assert.deepStrictEqual(where(runCli(['scan', 'web', '--format', 'json'], dir).stdout), ['web/proxy.js:4 js-per-request-client error']);
    const fromSub = runCli(['scan', '.', '--format', 'json'], path.join(dir, 'web'));
    assert.deepStrictEqual(where(fromSub.stdout), ['proxy.js:4 js-per-request-client error']);
  });

  it('--tests scans test files; naming a test file scans it', () => {
    assert.deepStrictEqual(where(runCli(['scan', '--tests', '--format', 'json'], dir).stdout), [
      'api/status.go:7 go-unclosed-body warning',
      'api/status_test.go:9 go-unclosed-body warning',
      'web/__tests__/proxy.js:4 js-per-request-client error',
      'web/proxy.js:4 js-per-request-client error',
      'web/proxy.spec.js:4 js-per-request-client error',
    ]);
    assert.deepStrictEqual(where(runCli(['scan', 'api/status_test.go', '--format', 'json'], dir).stdout), ['api/status_test.go:9 go-unclosed-body warning']);
  });

  it('--exclude adds globs relative to the current folder; config excludes hold for named files too', () => {
    assert.deepStrictEqual(where(runCli(['scan', '--exclude', 'web/**', '--exclude', '*.go', '--format', 'json'], dir).stdout), []);
    assert.deepStrictEqual(where(runCli(['scan', '--exclude', 'proxy.js', '--format', 'json'], dir).stdout), ['api/status.go:7 go-unclosed-body warning']);
    assert.deepStrictEqual(where(runCli(['scan', 'generated/client.go', '--format', 'json'], dir).stdout), []);
  });

  it('--config uses another file; without a config every rule, test file and folder is back to its default', () => {
    const other = path.join(dir, 'other.json');
    fs.writeFileSync(other, JSON.stringify({ tests: true, rules: { 'per-request-client': 'off' } }));
    const r = runCli(['scan', '--config', other, '--format', 'json', 'web'], dir);
    assert.deepStrictEqual(where(r.stdout), [
      'web/__tests__/proxy.js:9 js-agent-without-keepalive warning',
      'web/proxy.js:9 js-agent-without-keepalive warning',
      'web/proxy.spec.js:9 js-agent-without-keepalive warning',
    ]);
    fs.rmSync(path.join(dir, 'socket-lens.json'));
    const rules = where(runCli(['scan', '--format', 'json'], dir).stdout);
    assert.ok(rules.includes('generated/client.go:7 go-unclosed-body warning'), rules.join('\n'));
    assert.ok(rules.includes('api/status.go:24 go-unclosed-body warning') === false, 'the //socketlens:handled directive still holds');
    assert.ok(rules.includes('api/status.go:37 go-unclosed-body warning'), 'without the config, fetchAudited is not handled');
  });

  it('a broken config is a one-line error naming the file and the entry, exit 2', () => {
    const config = path.join(dir, 'socket-lens.json');
    for (const [text, pattern] of [
      ['{ "rules": { "go-unclosed-bodies": "off" } }', /socket-lens\.json: rules: unknown rule or category 'go-unclosed-bodies'/],
      ['{ "rules": { "go-unclosed-body": "loud" } }', /rules\.go-unclosed-body: must be "off"/],
      ['{ "exclude": ["{a,b"] }', /exclude: unclosed '\{'/],
      ['{ "tests": "yes" }', /'tests' must be true or false/],
      ['{ "excludes": [] }', /unknown entry 'excludes'/],
      ['{ "rules": ', /not valid JSON/],
    ] as const) {
      fs.writeFileSync(config, text);
      const r = runCli(['scan'], dir);
      assert.strictEqual(r.code, 2, text);
      assert.strictEqual(r.stderr.trim().split('\n').length, 1, r.stderr);
      assert.match(r.stderr, pattern);
      assert.strictEqual(r.stdout, '');
    }
    assert.match(runCli(['scan', '--config', 'missing.json'], dir).stderr, /^socket-lens: cannot read missing\.json: ENOENT/);
  });

  it('--rule takes categories; --quiet drops info and hints; --max-warnings tolerates warnings', () => {
    assert.deepStrictEqual(where(runCli(['scan', '--rule', 'unclosed-body', '--format', 'json'], dir).stdout), ['api/status.go:7 go-unclosed-body warning']);
    // --rule names a rule the config turns off: it runs.
    assert.deepStrictEqual(where(runCli(['scan', '--rule', 'keep-alive', '--format', 'json', 'web'], dir).stdout), ['web/proxy.js:9 js-agent-without-keepalive warning']);
    fs.writeFileSync(path.join(dir, 'socket-lens.json'), JSON.stringify({ rules: { 'go-unclosed-body': 'info', 'keep-alive': 'off' } }));
    assert.deepStrictEqual(where(runCli(['scan', '--quiet', '--format', 'json'], dir).stdout), ['web/proxy.js:4 js-per-request-client warning']);
    assert.strictEqual(runCli(['scan', '--max-warnings', '1'], dir).code, 0);
    assert.strictEqual(runCli(['scan', '--max-warnings', '0'], dir).code, 1);
    assert.strictEqual(runCli(['scan', '--max-warnings', 'some'], dir).code, 2);
  });

  it('-o writes the report to a file; text has one line per finding, --verbose adds details, the summary counts files with findings', () => {
    const out = path.join(dir, 'report.json');
    const r = runCli(['scan', '--format', 'json', '-o', out], dir);
    assert.strictEqual(r.stdout, '');
    assert.strictEqual(jsonFindings(fs.readFileSync(out, 'utf8')).length, 2);
    const text = runCli(['scan'], dir).stdout.trim().split('\n');
    assert.strictEqual(text.length, 3);
    assert.match(text[0], /^api\/status\.go:7:15: warning go-unclosed-body: .* \[fixable\]$/);
    assert.match(text[2], /^2 findings in 2 of 2 files \(\d+ lines, \d+ ms\)$/);
    const verbose = runCli(['scan', '--verbose'], dir).stdout;
    assert.match(verbose, /^ {4}confidence: high$/m);
    assert.match(verbose, /^ {4}fix \(preferred\): /m);
    assert.match(verbose, /^ {4}docs: https:\/\/.*\/go-unclosed-body\.md$/m);
  });

  it('colours text only on a terminal or when forced, and never with NO_COLOR', () => {
    const ansi = new RegExp(`${ESC}\\[`);
    assert.doesNotMatch(runCli(['scan'], dir).stdout, ansi);
    assert.match(runCli(['scan'], dir, { FORCE_COLOR: '1' }).stdout, ansi);
    assert.doesNotMatch(runCli(['scan'], dir, { FORCE_COLOR: '0' }).stdout, ansi);
    assert.doesNotMatch(runCli(['scan', '--format', 'json'], dir, { FORCE_COLOR: '1' }).stdout, ansi);
    // A real terminal: script(1) gives the CLI a pseudo-terminal for stdout and stderr. Progress (which erases its
    // line with an escape, colour or not) is held back: on a loaded machine this scan can outlast its 500 ms delay.
    const onTty = (env: NodeJS.ProcessEnv) =>
      spawnSync('script', ['-qec', `"${process.execPath}" "${CLI}" scan`, '/dev/null'], {
        cwd: dir,
        encoding: 'utf8',
        env: { ...env, TERM: 'xterm', SOCKET_LENS_PROGRESS_DELAY_MS: '60000' },
      }).stdout;
    const { NO_COLOR: _n, FORCE_COLOR: _f, ...plain } = process.env;
    assert.match(onTty(plain), ansi);
    assert.doesNotMatch(onTty({ ...plain, NO_COLOR: '1' }), ansi);
  });

  it('shows progress on stderr for a long scan only when stderr is a terminal, and erases it', () => {
    const big = path.join(dir, 'big');
    const files = 1500;
    for (let i = 0; i < files; i++) {
      fs.mkdirSync(path.join(big, `p${i}`), { recursive: true });
      fs.writeFileSync(path.join(big, `p${i}`, 'get.go'), `package p${i}\n\nimport "net/http"\n\nfunc Get() int {\n\tresp, _ := http.Get("http://h/${i}")\n\treturn resp.StatusCode\n}\n`);
    }
    const piped = runCli(['scan', 'big'], dir);
    assert.match(piped.stdout, new RegExp(`^${files} findings in ${files} of ${files} files`, 'm'));
    assert.strictEqual(piped.stderr, '', 'no progress when stderr is a pipe');
    // stdout (the report) and stderr both on script(1)'s pseudo-terminal: the same run says how long it took.
    const tty = spawnSync('script', ['-qec', `"${process.execPath}" "${CLI}" scan big --format json`, '/dev/null'], {
      cwd: dir,
      encoding: 'utf8',
      // Progress shows after 500 ms by default; at 0 ms it shows whatever the machine's speed.
      env: { ...process.env, TERM: 'xterm', SOCKET_LENS_PROGRESS_DELAY_MS: '0' },
    }).stdout;
    const ms = Number(/"ms": (\d+)/.exec(tty)?.[1]);
    assert.ok(ms > 0, `the scan ran on the terminal: ${tty.slice(0, 200)}`);
    assert.match(tty, new RegExp(`\r${ESC}\\[K(reading|analysing) \\d+/1500 files`));
    assert.ok(tty.includes(`\r${ESC}[K{`), 'the progress line is erased before the report');
  });

  it('escapes control characters of file names in the text report', () => {
    fs.copyFileSync(path.join(dir, 'web', 'proxy.js'), path.join(dir, 'web', `evil${ESC}[2J${String.fromCharCode(7)}.js`));
    const r = runCli(['scan', 'web'], dir);
    const control = [...r.stdout].filter((c) => (c.charCodeAt(0) < 32 && c !== '\n') || c.charCodeAt(0) === 127);
    assert.deepStrictEqual(control, []);
    assert.match(r.stdout, /^web\/evil\\x1b\[2J\\x07\.js:4:17: error js-per-request-client: /m);
  });

  it('scan --help and inspect --help print their usage and exit 0', () => {
    const scan = runCli(['scan', '--help'], dir);
    assert.strictEqual(scan.code, 0);
    for (const option of ['--exclude', '--config', '--tests', '--quiet', '--max-warnings', '--output', '--baseline', '--write-baseline', '--report-unused-suppressions']) {
      assert.ok(scan.stdout.includes(option), option);
    }
    const inspect = runCli(['inspect', '--help'], dir);
    assert.strictEqual(inspect.code, 0);
    assert.match(inspect.stdout, /^Usage: socket-lens inspect/);
  });

  it('reports suppressions naming unknown rules, and with --report-unused-suppressions the ones that silence nothing', () => {
    const file = path.join(dir, 'api', 'status.go');
    const text = fs.readFileSync(file, 'utf8');
    const lines = text.split('\n');
    lines.splice(6, 0, '\t// socketlens:ignore go-unclosed-body closed by the reaper');
    lines.splice(9, 0, '\t// socketlens:ignore go-unclosed-bodyy typo');
    lines.splice(1, 0, '// socketlens:file-ignore keep-alive nothing here keeps connections alive');
    fs.writeFileSync(file, lines.join('\n'));
    const plain = where(runCli(['scan', 'api', '--format', 'json'], dir).stdout);
    assert.deepStrictEqual(plain, ['api/status.go:11 unknown-suppression-rule warning']);
    const withUnused = where(runCli(['scan', 'api', '--format', 'json', '--report-unused-suppressions'], dir).stdout);
    assert.deepStrictEqual(withUnused, ['api/status.go:11 unknown-suppression-rule warning', 'api/status.go:2 unused-suppression warning']);
  });
});
