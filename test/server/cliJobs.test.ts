/**
 * `socket-lens scan --jobs N`: the analysis on worker threads gives the report of the in-process scan, byte for byte
 * but the timing, with the same notes; --fix runs in-process and writes the same files; small scans start no worker.
 * Runs the bundled CLI (dist/cli/socket-lens.js and its dist/cli/scanWorker.js), with a preloaded hook that records
 * the bundles each thread loaded, to tell whether workers ran.
 */
import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { CLI } from '../support/cliProcess';
import { REPO_ROOT } from '../support/languageServerProcess';

const HOOK = path.join(REPO_ROOT, 'test', 'support', 'recordLoadedModules.js');

interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
  /** How many threads (the main one and each worker) loaded the worker bundle. */
  workers: number;
}

describe('socket-lens scan --jobs (worker threads)', function () {
  this.timeout(120_000);
  let dir: string;
  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'socket-lens-jobs-'));
  });
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  const run = (args: string[], cwd: string): Run => {
    const list = path.join(dir, 'loaded.txt');
    fs.rmSync(list, { force: true });
    const env = { ...process.env, SOCKET_LENS_TEST_LOADED_MODULES: list };
    const r = spawnSync(process.execPath, ['--require', HOOK, CLI, ...args], { cwd, encoding: 'utf8', env });
    const loaded = fs.existsSync(list) ? fs.readFileSync(list, 'utf8').split('\n') : [];
    const workers = loaded.filter((f) => f === path.join(path.dirname(CLI), 'scanWorker.js')).length;
    return { code: r.status, stdout: r.stdout, stderr: r.stderr, workers };
  };
  /** The JSON report without its timing. */
  const report = (r: Run) => {
    const parsed = JSON.parse(r.stdout) as { findings: unknown[]; stats: { ms?: number } };
    delete parsed.stats.ms;
    return parsed;
  };

  it('gives the in-process report on the fixtures and examples with 1, 2 and 3 workers', () => {
    const args = ['scan', 'test/fixtures', 'examples', '--format', 'json', '--tests'];
    const single = run([...args, '--jobs', '1'], REPO_ROOT);
    assert.equal(single.workers, 0);
    assert.ok(single.code === 1 || single.code === 2, single.stderr);
    const expected = report(single);
    assert.ok(expected.findings.length > 100, `${expected.findings.length} findings`);
    const notes = single.stderr.split('\n').sort();
    for (const jobs of [2, 3]) {
      const parallel = run([...args, '--jobs', String(jobs)], REPO_ROOT);
      assert.equal(parallel.workers, jobs, `--jobs ${jobs}: workers that ran`);
      assert.equal(parallel.code, single.code);
      assert.deepEqual(report(parallel), expected, `--jobs ${jobs}`);
      assert.deepEqual(parallel.stderr.split('\n').sort(), notes, `--jobs ${jobs}: notes`);
    }
  });

  it('a function marked handled in one package counts in another package analysed by another worker', () => {
    fs.writeFileSync(path.join(dir, 'go.mod'), 'module example.com/h\n\ngo 1.19\n');
    fs.mkdirSync(path.join(dir, 'a'));
    fs.mkdirSync(path.join(dir, 'b'));
    const fetch = (marker: string) =>
      `package a\n\nimport "net/http"\n\n${marker}\nfunc Fetch(url string) (*http.Response, error) {\n\treturn http.Get(url)\n}\n`;
    fs.writeFileSync(path.join(dir, 'a', 'a.go'), fetch('//socketlens:handled'));
    const use = (call: string, name: string) =>
      `func ${name}() {\n\tresp, err := ${call}("http://x")\n\tif err != nil {\n\t\treturn\n\t}\n\t_ = resp.StatusCode\n}\n`;
    fs.writeFileSync(
      path.join(dir, 'b', 'b.go'),
      `package b\n\nimport (\n\t"net/http"\n\n\t"example.com/h/a"\n)\n\n${use('a.Fetch', 'Use')}\n${use('http.Get', 'Plain')}`,
    );
    const lines = (r: Run) => (JSON.parse(r.stdout).findings as Array<{ file: string; line: number }>).map((f) => `${f.file}:${f.line}`);
    const single = run(['scan', '.', '--format', 'json', '--jobs', '1'], dir);
    const parallel = run(['scan', '.', '--format', 'json', '--jobs', '2'], dir);
    assert.equal(parallel.workers, 2);
    assert.deepEqual(lines(single), ['b/b.go:18']);
    assert.deepEqual(lines(parallel), ['b/b.go:18']);
    // Without the marker the call to a.Fetch is reported: the marker is what silenced it.
    fs.writeFileSync(path.join(dir, 'a', 'a.go'), fetch('// fetches'));
    assert.deepEqual(lines(run(['scan', '.', '--format', 'json', '--jobs', '2'], dir)), ['b/b.go:10', 'b/b.go:18']);
  });

  it('--fix with --jobs 2 runs in-process and writes what --fix with --jobs 1 writes', () => {
    const source = path.join(REPO_ROOT, 'test', 'fixtures', 'server');
    const one = path.join(dir, 'one');
    const two = path.join(dir, 'two');
    fs.cpSync(source, one, { recursive: true });
    fs.cpSync(source, two, { recursive: true });
    const fixedOne = run(['scan', '.', '--fix', '--format', 'json', '--jobs', '1'], one);
    const fixedTwo = run(['scan', '.', '--fix', '--format', 'json', '--jobs', '2'], two);
    assert.equal(fixedTwo.workers, 0);
    assert.match(fixedOne.stderr, /fixed [1-9]\d* findings?/);
    assert.equal(fixedTwo.stderr, fixedOne.stderr);
    assert.deepEqual(report(fixedTwo), report(fixedOne));
    for (const file of ['agent.js', 'gopkg/handler.go', 'gopkg/drain.go']) {
      assert.equal(fs.readFileSync(path.join(two, file), 'utf8'), fs.readFileSync(path.join(one, file), 'utf8'), file);
    }
    assert.notEqual(fs.readFileSync(path.join(one, 'agent.js'), 'utf8'), fs.readFileSync(path.join(source, 'agent.js'), 'utf8'));
  });

  it('workers inherit node options, including those a worker may not be given (--max-old-space-size)', () => {
    const r = spawnSync(process.execPath, ['--max-old-space-size=2048', CLI, 'scan', 'test/fixtures', '--format', 'json', '--jobs', '2'], {
      cwd: REPO_ROOT,
      encoding: 'utf8',
    });
    assert.doesNotMatch(r.stderr, /ERR_WORKER|scan worker/);
    assert.ok(JSON.parse(r.stdout).findings.length > 100);
  });

  it('a small scan starts no worker by default, and --jobs takes a whole number from 1', () => {
    const small = run(['scan', 'test/fixtures', '--format', 'json'], REPO_ROOT);
    assert.equal(small.workers, 0, 'less than the threshold of source: in-process');
    for (const bad of ['0', 'two', '1.5', '65']) {
      const r = run(['scan', 'test/fixtures', '--jobs', bad], REPO_ROOT);
      assert.equal(r.code, 2, bad);
      assert.match(r.stderr, /--jobs needs a whole number from 1 to 64/);
    }
  });
});
