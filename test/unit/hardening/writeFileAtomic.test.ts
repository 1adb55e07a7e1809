/** Issue 12 item 2: `scan --fix` replaces a file whole, keeps its mode and owner, and never writes over a change. */
import * as assert from 'node:assert';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { isExactUtf8, writeFileAtomic } from '../../../server/src/cli/writeFileAtomic';

describe('writeFileAtomic', () => {
  let dir: string;
  beforeEach(() => (dir = fs.mkdtempSync(path.join(os.tmpdir(), 'socket-lens-write-'))));
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('replaces the content and keeps the mode (and the owner when run as root), leaving no temporary file', () => {
    const file = path.join(dir, 'main.go');
    fs.writeFileSync(file, 'old');
    fs.chmodSync(file, 0o751);
    const root = process.getuid?.() === 0;
    if (root) fs.chownSync(file, 65534, 65534);
    writeFileAtomic(file, 'new text', Buffer.from('old'));
    assert.strictEqual(fs.readFileSync(file, 'utf8'), 'new text');
    const stat = fs.statSync(file);
    assert.strictEqual(stat.mode & 0o7777, 0o751);
    if (root) assert.deepStrictEqual([stat.uid, stat.gid], [65534, 65534]);
    assert.deepStrictEqual(fs.readdirSync(dir), ['main.go']);
  });

  it('writes nothing when the file changed since it was read, or has other hard links', () => {
    const file = path.join(dir, 'a.js');
    fs.writeFileSync(file, 'edited meanwhile');
    assert.throws(() => writeFileAtomic(file, 'fixed', Buffer.from('as read')), /changed on disk while the scan ran/);
    assert.strictEqual(fs.readFileSync(file, 'utf8'), 'edited meanwhile');
    fs.linkSync(file, path.join(dir, 'b.js'));
    assert.throws(() => writeFileAtomic(file, 'fixed', Buffer.from('edited meanwhile')), /2 hard links/);
    assert.deepStrictEqual(fs.readdirSync(dir).sort(), ['a.js', 'b.js']);
  });

  it('replaces the target of a symbolic link and keeps the link', () => {
    fs.writeFileSync(path.join(dir, 'real.ts'), 'old');
    fs.symlinkSync('real.ts', path.join(dir, 'link.ts'));
    writeFileAtomic(path.join(dir, 'link.ts'), 'new', Buffer.from('old'));
    assert.ok(fs.lstatSync(path.join(dir, 'link.ts')).isSymbolicLink());
    assert.strictEqual(fs.readFileSync(path.join(dir, 'real.ts'), 'utf8'), 'new');
  });

  it('tells text that decodes exactly from text with invalid UTF-8 (Latin-1 bytes)', () => {
    const utf8 = Buffer.from('// café ✓ \u{1F600}\r\n');
    assert.ok(isExactUtf8(utf8, utf8.toString('utf8')));
    const latin1 = Buffer.from('// caf\xe9\n', 'latin1');
    assert.ok(!isExactUtf8(latin1, latin1.toString('utf8')));
    const bom = Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from('x')]);
    assert.ok(isExactUtf8(bom, bom.toString('utf8')), 'a BOM survives the round trip');
  });
});
