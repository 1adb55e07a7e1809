/**
 * Issue 12 items 1, 2, 3, 9 through the bundled CLI as a process: hostile folders, unreadable files,
 * `scan --fix` killed at random moments, files that are not valid UTF-8.
 */
import * as assert from 'node:assert';
import { execFileSync, spawn, spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { REPO_ROOT } from '../support/languageServerProcess';

const CLI = path.join(REPO_ROOT, 'dist', 'cli', 'socket-lens.js');
const FIXTURES = path.join(REPO_ROOT, 'test', 'fixtures');

function run(args: string[], cwd: string, options: { uid?: number; gid?: number } = {}) {
  const r = spawnSync(process.execPath, [CLI, ...args], { cwd, encoding: 'utf8', timeout: 60000, ...options });
  if (r.error) throw r.error;
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

/** Every regular file under `dir` (relative path → bytes). */
function snapshot(dir: string): Map<string, Buffer> {
  const out = new Map<string, Buffer>();
  const walk = (d: string) => {
    for (const e of fs.readdirSync(d, { withFileTypes: true })) {
      const p = path.join(d, e.name);
      if (e.isDirectory()) walk(p);
      else if (e.isFile()) out.set(path.relative(dir, p), fs.readFileSync(p));
    }
  };
  walk(dir);
  return out;
}

const LATIN1_GO = Buffer.concat([
  Buffer.from('package api\n\n// caf'),
  Buffer.from([0xe9]),
  Buffer.from(' (Latin-1)\nimport "net/http"\n\nfunc status() int {\n\tresp, err := http.Get("http://x")\n\tif err != nil {\n\t\treturn 0\n\t}\n\treturn resp.StatusCode\n}\n'),
]);

describe('socket-lens scan on hostile folders (CLI)', function () {
  this.timeout(300000);
  let dir: string;
  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'socket-lens-hostile-'));
    fs.cpSync(path.join(FIXTURES, 'server'), dir, { recursive: true });
  });
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('finishes on a FIFO, a /dev/zero link, a 20 MB file, a 10,000-deep file and a Latin-1 file, names them, keeps the rest', () => {
    execFileSync('mkfifo', [path.join(dir, 'gopkg', 'fifo.go')]);
    fs.symlinkSync('/dev/zero', path.join(dir, 'gopkg', 'zero.go'));
    fs.writeFileSync(path.join(dir, 'huge.js'), 'const a = 1;\n'.repeat(Math.ceil((20 * 1024 * 1024) / 13)));
    fs.writeFileSync(path.join(dir, 'deep.js'), `const x = ${'['.repeat(10000)}${']'.repeat(10000)};\n`);
    // Deep in a way the nesting estimate does not count: the parser's stack overflow is caught instead.
    fs.writeFileSync(path.join(dir, 'voids.js'), `const y = ${'void '.repeat(20000)}0;\n`);
    fs.writeFileSync(path.join(dir, 'gopkg', 'latin1.go'), LATIN1_GO);
    const before = snapshot(dir);

    const scan = run(['scan', '.', '--format', 'json'], dir);
    const found = (JSON.parse(scan.stdout) as { findings: { file: string; line: number; rule: string }[] }).findings.map((f) => `${f.file}:${f.line} ${f.rule}`);
    assert.deepStrictEqual(found.sort(), [
      'agent.js:11 js-agent-without-keepalive',
      'agent.js:4 js-per-request-client',
      'gopkg/handler.go:10 go-unclosed-body',
      'gopkg/latin1.go:7 go-unclosed-body',
    ]);
    const expectedNotes = [
      'socket-lens: gopkg/fifo.go: not scanned: not a regular file',
      'socket-lens: gopkg/zero.go: not scanned: symbolic link to /dev/zero, outside the folders scanned',
      'socket-lens: huge.js: not scanned: too large (20.0 MB, limit 512.0 KB)',
      'socket-lens: deep.js: not analysed: nesting too deep (about 10001 levels, limit 500)',
      'socket-lens: voids.js: not analysed: nesting too deep (the analysis ran out of stack)',
    ];
    for (const note of expectedNotes) assert.ok(scan.stderr.includes(note), `${note}\n--- stderr:\n${scan.stderr}`);
    assert.strictEqual(scan.code, 1, 'findings decide the exit code; limits are notes');

    const fix = run(['scan', '.', '--fix'], dir);
    assert.ok(fix.stderr.includes('socket-lens: gopkg/latin1.go: not fixed: not valid UTF-8 (a fix would change bytes outside it)'), fix.stderr);
    assert.match(fix.stderr, /^fixed 3 findings$/m);
    const after = snapshot(dir);
    const changed = [...after.keys()].filter((p) => !before.get(p)?.equals(after.get(p)!)).sort();
    assert.deepStrictEqual(changed, ['agent.js', path.join('gopkg', 'handler.go')]);
    assert.deepStrictEqual([...after.keys()].sort(), [...before.keys()].sort(), 'no file added or removed');
    assert.match(after.get(path.join('gopkg', 'handler.go'))!.toString(), /defer resp\.Body\.Close\(\)/);
  });

  it('goes on past an unreadable file, names it with one error code, and exits 2', () => {
    const uid = process.getuid?.() ?? -1;
    const target = path.join(dir, 'gopkg', 'drain.go');
    fs.chmodSync(target, 0o000);
    // root reads anything: run as nobody then (the folder is world-readable under the system temp folder).
    const asUser = uid === 0 ? { uid: 65534, gid: 65534 } : {};
    if (uid === 0) fs.chmodSync(dir, 0o755);
    const r = run(['scan', '.', '--format', 'json'], dir, asUser);
    const findings = (JSON.parse(r.stdout) as { findings: { file: string }[] }).findings.map((f) => f.file);
    assert.ok(findings.includes('agent.js') && findings.includes('gopkg/handler.go'), JSON.stringify(findings));
    assert.match(r.stderr, /^socket-lens: gopkg\/drain\.go: not scanned: EACCES: permission denied, open '.*drain\.go'$/m);
    assert.doesNotMatch(r.stderr, /EACCES: EACCES/);
    assert.strictEqual(r.code, 2);
  });

  it('returns at once for a FIFO named on the command line', () => {
    execFileSync('mkfifo', [path.join(dir, 'named.go')]);
    const started = Date.now();
    const r = run(['scan', 'named.go', 'agent.js'], dir);
    assert.ok(Date.now() - started < 20000);
    assert.match(r.stderr, /^socket-lens: named\.go: not scanned: not a regular file \(a FIFO\)$/m);
    assert.match(r.stdout, /agent\.js:4/);
  });

  it('a write that fails half-way (file size limit) leaves the file whole and says it was not fixed', () => {
    const file = path.join(dir, 'agent.js');
    fs.appendFileSync(file, '// padding, so that the fixed file is larger than the write limit\n'.repeat(2000));
    const before = fs.readFileSync(file);
    // RLIMIT_FSIZE makes every write past 50,000 bytes fail with EFBIG, as a full disk would.
    const r = spawnSync('prlimit', ['--fsize=50000', process.execPath, CLI, 'scan', '--fix', 'agent.js'], { cwd: dir, encoding: 'utf8', timeout: 60000 });
    assert.ok(fs.readFileSync(file).equals(before), `agent.js unchanged (${fs.statSync(file).size} of ${before.length} bytes)`);
    assert.match(r.stderr, /^socket-lens: agent\.js: not fixed: EFBIG: file too large, write$/m);
    assert.deepStrictEqual(fs.readdirSync(dir).sort(), ['agent.js', 'gopkg'], 'the temporary file is removed');
  });

  it('scan --fix killed at 50 random moments never leaves a truncated or partial file', async () => {
    const project = path.join(dir, 'project');
    for (const part of ['body', 'client']) fs.cpSync(path.join(FIXTURES, 'js', part), path.join(project, part), { recursive: true });
    const original = snapshot(project);
    const reference = path.join(dir, 'reference');
    fs.cpSync(project, reference, { recursive: true });
    const started = Date.now();
    const full = run(['scan', '--fix', '.'], reference);
    const fullMs = Date.now() - started;
    const fixedLines = full.stderr.split('\n').filter((l) => l.startsWith('fixed ') && l.includes(' in ')).length;
    const fixed = snapshot(reference);
    assert.ok(fixedLines > 20, `${fixedLines} files fixed in a full run`);

    let midFix = 0;
    let seed = 12;
    const random = () => ((seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648);
    for (let i = 0; i < 50; i++) {
      const work = path.join(dir, `kill-${i}`);
      fs.cpSync(project, work, { recursive: true });
      // Most kills land while files are written (after a random number of "fixed" lines plus a random
      // delay); one in five at a random moment of the whole run, start-up included.
      const afterLines = i % 5 === 0 ? -1 : Math.floor(random() * fixedLines);
      const delayMs = i % 5 === 0 ? random() * fullMs : random() * 30;
      await runAndKill(work, afterLines, delayMs);
      const now = snapshot(work);
      let fixedHere = 0;
      for (const [file, bytes] of original) {
        const current = now.get(file);
        assert.ok(current, `${file} still exists after kill ${i}`);
        if (current.equals(fixed.get(file)!) && !current.equals(bytes)) fixedHere++;
        else assert.ok(current.equals(bytes), `kill ${i}: ${file} is neither the original nor the fixed file (${current.length} bytes)`);
      }
      const leftovers = [...now.keys()].filter((f) => !original.has(f));
      assert.ok(leftovers.every((f) => /\.socket-lens-\d+-[0-9a-f]+\.tmp$/.test(f)), `only temporary files are left: ${leftovers}`);
      if (fixedHere > 0 && fixedHere < fixedLines) midFix++;
      fs.rmSync(work, { recursive: true, force: true });
    }
    assert.ok(midFix >= 15, `${midFix} of 50 kills landed between the first and the last file written`);
    process.stdout.write(`      (${fixedLines} files fixed by a full run of ${fullMs} ms; ${midFix} of 50 kills landed mid-fix)\n`);
  });
});

/** Runs `scan --fix` and SIGKILLs it `delayMs` after its `afterLines`-th "fixed" line (or after start when -1). */
function runAndKill(cwd: string, afterLines: number, delayMs: number): Promise<void> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [CLI, 'scan', '--fix', '.'], { cwd, stdio: ['ignore', 'ignore', 'pipe'] });
    let seen = 0;
    let armed = false;
    const arm = () => {
      if (armed) return;
      armed = true;
      setTimeout(() => child.kill('SIGKILL'), delayMs);
    };
    if (afterLines < 0) arm();
    child.stderr!.on('data', (chunk: Buffer) => {
      seen += (chunk.toString().match(/^fixed \d+ in /gm) ?? []).length;
      if (seen > afterLines) arm();
    });
    child.on('exit', () => resolve());
  });
}
