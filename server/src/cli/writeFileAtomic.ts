import * as crypto from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';

/** Why a fix was not written; the file is left exactly as it was. */
export class NotWrittenError extends Error {}

/**
 * Replaces a file's content so that, whatever happens (SIGKILL, a full disk), the file holds either its old
 * bytes or the new ones, never a mix or a truncation: the text goes to a temporary file in the same folder,
 * is flushed to disk, and is renamed over the original. The mode is kept, and the owner when run as root.
 *
 * `expected` is the content the new text was computed from: if the file changed since, nothing is written.
 * A file with several hard links is not replaced (a rename would split it from its other names); a
 * symbolic link is followed and its target replaced.
 */
export function writeFileAtomic(filePath: string, text: string, expected: Buffer): void {
  const target = fs.realpathSync(filePath);
  const stat = fs.statSync(target);
  if (!stat.isFile()) throw new NotWrittenError('not a regular file');
  if (stat.nlink > 1) throw new NotWrittenError(`it has ${stat.nlink} hard links, which a safe rewrite would separate`);
  if (!fs.readFileSync(target).equals(expected)) throw new NotWrittenError('it changed on disk while the scan ran');
  const unique = `${process.pid}-${crypto.randomBytes(4).toString('hex')}`;
  const temporary = path.join(path.dirname(target), `.${path.basename(target)}.socket-lens-${unique}.tmp`);
  let fd: number | undefined;
  try {
    fd = fs.openSync(temporary, fs.constants.O_WRONLY | fs.constants.O_CREAT | fs.constants.O_EXCL | fs.constants.O_NOFOLLOW, 0o600);
    const bytes = Buffer.from(text, 'utf8');
    let written = 0;
    while (written < bytes.length) written += fs.writeSync(fd, bytes, written, bytes.length - written);
    fs.fchmodSync(fd, stat.mode & 0o7777);
    if (process.getuid?.() === 0) fs.fchownSync(fd, stat.uid, stat.gid);
    fs.fsyncSync(fd);
    fs.closeSync(fd);
    fd = undefined;
    fs.renameSync(temporary, target);
    syncDirectory(path.dirname(target));
  } catch (err) {
    if (fd !== undefined) fs.closeSync(fd);
    fs.rmSync(temporary, { force: true });
    throw err;
  }
}

/** Makes the rename itself durable; a folder that cannot be opened for this is not an error. */
function syncDirectory(dir: string): void {
  let fd: number | undefined;
  try {
    fd = fs.openSync(dir, fs.constants.O_RDONLY);
    fs.fsyncSync(fd);
  } catch {
    /* best effort */
  } finally {
    if (fd !== undefined) fs.closeSync(fd);
  }
}

/** True when the bytes are exactly the UTF-8 encoding of the decoded text (no invalid sequence became U+FFFD). */
export function isExactUtf8(bytes: Buffer, text: string): boolean {
  return Buffer.byteLength(text, 'utf8') === bytes.length && Buffer.from(text, 'utf8').equals(bytes);
}
