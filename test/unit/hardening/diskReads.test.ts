/** Issue 12 item 1: a hostile workspace cannot hang or exhaust the engine through the files it indexes. */
import * as assert from 'node:assert';
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { createSafeFileSystem, MAX_INDEXED_FILE_BYTES, readSourceFile } from '../../../server/src/engine/safeFileSystem';
import { analyzeInChild } from './support/analyzeInChild';

const GO_PACKAGE = path.join(__dirname, '..', '..', 'fixtures', 'server', 'gopkg');

describe('engine reads from disk (hostile workspaces)', () => {
  let dir: string;
  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'socket-lens-disk-'));
    fs.cpSync(GO_PACKAGE, dir, { recursive: true });
  });
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('indexes a package holding a FIFO, a /dev/zero link and a huge file without hanging, and names them', () => {
    execFileSync('mkfifo', [path.join(dir, 'fifo.go')]);
    fs.symlinkSync('/dev/zero', path.join(dir, 'zero.go'));
    fs.writeFileSync(path.join(dir, 'huge.go'), `package api\n${'// padding\n'.repeat((MAX_INDEXED_FILE_BYTES / 11) * 1.5)}`);
    const handler = path.join(dir, 'handler.go');
    const started = Date.now();
    const result = analyzeInChild([handler], { roots: [dir] });
    assert.ok(Date.now() - started < 30000);
    assert.deepStrictEqual(result.findings[handler], ['10 go-unclosed-body']);
    const notes = Object.fromEntries(result.notes.map((n) => [path.basename(n.path), n.reason]));
    assert.match(notes['fifo.go'], /not indexed: not a regular file \(a FIFO\)/);
    assert.match(notes['zero.go'], /not indexed: symbolic link to \/dev\/zero, outside the folders analysed/);
    assert.match(notes['huge.go'], /not indexed: too large \(1\.5 MB, limit 1\.0 MB\)/);
  });

  it('a probe for a file that does not exist (package.json, go.mod) is silent: no note', () => {
    const skipped: string[] = [];
    const view = createSafeFileSystem({ roots: [dir], onSkip: (s) => skipped.push(s.path) });
    assert.strictEqual(view.readFile(path.join(dir, 'package.json')), undefined);
    fs.mkdirSync(path.join(dir, 'dir.go'));
    assert.strictEqual(view.readFile(path.join(dir, 'dir.go')), undefined);
    assert.deepStrictEqual(skipped.map((p) => path.basename(p)), ['dir.go']);
  });

  it('follows a link that stays inside the folders analysed, and no link at all without roots', () => {
    fs.mkdirSync(path.join(dir, 'real'));
    fs.writeFileSync(path.join(dir, 'real', 'inside.go'), 'package api\n');
    fs.symlinkSync(path.join(dir, 'real', 'inside.go'), path.join(dir, 'linked.go'));
    const linked = path.join(dir, 'linked.go');
    assert.strictEqual(createSafeFileSystem({ roots: [dir] }).readFile(linked), 'package api\n');
    assert.strictEqual(createSafeFileSystem().readFile(linked), undefined);
    const outside = fs.mkdtempSync(path.join(os.tmpdir(), 'socket-lens-outside-'));
    try {
      fs.writeFileSync(path.join(outside, 'secret.go'), 'package secret\n');
      fs.symlinkSync(path.join(outside, 'secret.go'), path.join(dir, 'escape.go'));
      const skipped: string[] = [];
      const view = createSafeFileSystem({ roots: [dir], onSkip: (s) => skipped.push(s.reason) });
      assert.strictEqual(view.readFile(path.join(dir, 'escape.go')), undefined);
      assert.match(skipped[0], /symbolic link to .*secret\.go, outside the folders analysed/);
    } finally {
      fs.rmSync(outside, { recursive: true, force: true });
    }
  });

  it('stops indexing a folder once its byte budget is used up, and says so', () => {
    for (const name of ['a.go', 'b.go', 'c.go']) fs.writeFileSync(path.join(dir, name), 'x'.repeat(400));
    const skipped: string[] = [];
    const view = createSafeFileSystem({ maxBytesPerFolder: 1000, onSkip: (s) => skipped.push(`${path.basename(s.path)}: ${s.reason}`) });
    assert.strictEqual(view.readFile(path.join(dir, 'a.go'))?.length, 400);
    assert.strictEqual(view.readFile(path.join(dir, 'b.go'))?.length, 400);
    assert.strictEqual(view.readFile(path.join(dir, 'c.go')), undefined);
    assert.deepStrictEqual(skipped, ["c.go: the folder's index budget (1000 bytes) is used up"]);
    assert.strictEqual(view.readFile(path.join(dir, 'a.go'))?.length, 400, 'reading a file again does not count it twice');
  });

  it('reads nothing for a path that is not absolute (an untitled document lives in no folder)', () => {
    const cwd = process.cwd();
    const view = createSafeFileSystem();
    assert.deepStrictEqual(view.listDirectory('.'), []);
    assert.deepStrictEqual(view.listDirectory(path.dirname('untitled:Untitled-1.go')), []);
    assert.strictEqual(view.readFile('package.json'), undefined);
    assert.strictEqual(process.cwd(), cwd);
    assert.ok(view.listDirectory(cwd).length > 0, 'an absolute folder is listed');
  });

  it('an untitled Go document never indexes the working directory (a FIFO there cannot hang it)', () => {
    execFileSync('mkfifo', [path.join(dir, 'fifo.go')]);
    const untitled = 'untitled:Untitled-1.go';
    const text = fs.readFileSync(path.join(dir, 'handler.go'), 'utf8');
    const result = analyzeInChild([untitled], { texts: { [untitled]: text }, cwd: dir });
    assert.deepStrictEqual(result.findings[untitled], ['10 go-unclosed-body']);
    assert.deepStrictEqual(result.notes, [], 'nothing of the working directory was even looked at');
  });

  it('readSourceFile refuses directories and devices, and reads the exact bytes of a regular file', () => {
    assert.deepStrictEqual(readSourceFile(dir, 1000), { ok: false, reason: 'not a regular file (a directory)', error: false });
    const device = readSourceFile('/dev/null', 1000);
    assert.deepStrictEqual(device, { ok: false, reason: 'not a regular file (a character device)', error: false });
    const latin1 = Buffer.from('package api // caf\xe9\n', 'latin1');
    fs.writeFileSync(path.join(dir, 'latin1.go'), latin1);
    const read = readSourceFile(path.join(dir, 'latin1.go'), 1000);
    assert.ok(read.ok && read.bytes.equals(latin1));
    const missing = readSourceFile(path.join(dir, 'missing.go'), 1000);
    assert.ok(!missing.ok && missing.error && /^ENOENT: no such file or directory, /.test(missing.reason), JSON.stringify(missing));
  });
});
