import * as fs from 'node:fs';
import * as path from 'node:path';
import type { FileSystemView } from './frontEnd';

/** Largest file read from disk to index a package (a file that is not open): larger ones are skipped with a note. */
export const MAX_INDEXED_FILE_BYTES = 1024 * 1024;

/** Most bytes indexed from one folder (a package): a folder of many generated files cannot take minutes to index. */
export const MAX_INDEXED_BYTES_PER_FOLDER = 16 * 1024 * 1024;

/** Why a file on disk was not read. */
export interface SkippedRead {
  path: string;
  reason: string;
}

/** A file read, or why not: `error` is true for an I/O error, false for a file refused by the rules above. */
export type ReadResult =
  | { ok: true; text: string; bytes: Buffer }
  | { ok: false; reason: string; error: boolean; /** The path does not exist: a probe that finds nothing, not worth a note. */ missing?: true };

export interface SafeFileSystemOptions {
  /** Largest file read, in bytes (default MAX_INDEXED_FILE_BYTES). */
  maxBytes?: number;
  /** Most bytes read from the files of one folder, counting each file's latest read (default MAX_INDEXED_BYTES_PER_FOLDER). */
  maxBytesPerFolder?: number;
  /**
   * Folders a symbolic link may point into (resolved). A link to anything outside them, or any link when
   * none are given, is not followed.
   */
  roots?: readonly string[];
  /** Called once per path that is skipped, with the reason (so the caller can show a note). */
  onSkip?: (skipped: SkippedRead) => void;
}

/**
 * Reads one file for analysis without ever blocking or reading without bound: only regular files, opened
 * with O_NONBLOCK (a FIFO cannot hang the open), checked with fstat on the open descriptor (no race between
 * check and read), at most `maxBytes`. Symbolic links are followed only when `followInto` allows the target.
 * Never throws: an unreadable file is `{ ok: false, reason, error }`.
 */
export function readSourceFile(filePath: string, maxBytes: number, followInto?: (target: string) => boolean): ReadResult {
  let target = filePath;
  let fd: number | undefined;
  try {
    const link = fs.lstatSync(filePath);
    if (link.isSymbolicLink()) {
      target = fs.realpathSync(filePath);
      if (!followInto?.(target)) return { ok: false, reason: `symbolic link to ${target}, outside the folders analysed`, error: false };
    }
    fd = fs.openSync(target, fs.constants.O_RDONLY | fs.constants.O_NONBLOCK | fs.constants.O_NOFOLLOW);
    const stat = fs.fstatSync(fd);
    if (!stat.isFile()) return { ok: false, reason: `not a regular file (${fileKind(stat)})`, error: false };
    if (stat.size > maxBytes) {
      return { ok: false, reason: `too large (${formatBytes(stat.size)}, limit ${formatBytes(maxBytes)})`, error: false };
    }
    const bytes = Buffer.alloc(stat.size);
    let read = 0;
    while (read < bytes.length) {
      const n = fs.readSync(fd, bytes, read, bytes.length - read, read);
      if (n === 0) break;
      read += n;
    }
    const exact = bytes.subarray(0, read);
    return { ok: true, text: exact.toString('utf8'), bytes: exact };
  } catch (err) {
    const missing = (err as NodeJS.ErrnoException)?.code === 'ENOENT';
    return { ok: false, reason: describeFileError(err), error: true, ...(missing ? { missing: true as const } : {}) };
  } finally {
    if (fd !== undefined) fs.closeSync(fd);
  }
}

/**
 * The engine's view of the disk. Only absolute paths are read or listed: a document without a file
 * path (an `untitled:` or other virtual URI, whose directory is '.') never reaches the server's working
 * directory.
 */
export function createSafeFileSystem(options: SafeFileSystemOptions = {}): FileSystemView {
  const maxBytes = options.maxBytes ?? MAX_INDEXED_FILE_BYTES;
  const roots = (options.roots ?? []).map(realRoot).filter((r): r is string => r !== undefined);
  const followInto = (target: string) => isInside(target, roots);
  const maxPerFolder = options.maxBytesPerFolder ?? MAX_INDEXED_BYTES_PER_FOLDER;
  /** Per folder: bytes of each file's latest read, and their sum. */
  const readPerFolder = new Map<string, { total: number; files: Map<string, number> }>();
  const reported = new Set<string>();
  const skip = (p: string, reason: string) => {
    if (reported.has(p)) return;
    reported.add(p);
    options.onSkip?.({ path: p, reason });
  };
  return {
    readFile(p) {
      if (!path.isAbsolute(p)) return undefined;
      let folder = readPerFolder.get(path.dirname(p));
      if (!folder) readPerFolder.set(path.dirname(p), (folder = { total: 0, files: new Map() }));
      folder.total -= folder.files.get(p) ?? 0;
      folder.files.delete(p);
      const left = Math.max(0, maxPerFolder - folder.total);
      const result = readSourceFile(p, Math.min(maxBytes, left), followInto);
      if (result.ok) {
        folder.files.set(p, result.bytes.length);
        folder.total += result.bytes.length;
        return result.text;
      }
      if (!result.ok && result.missing) return undefined;
      const overFolder = left < maxBytes && !result.error && result.reason.startsWith('too large');
      skip(p, overFolder ? `the folder's index budget (${formatBytes(maxPerFolder)}) is used up` : result.reason);
      return undefined;
    },
    listDirectory(dir) {
      if (!path.isAbsolute(dir)) return [];
      try {
        return fs.readdirSync(dir).map((name) => path.join(dir, name));
      } catch {
        return [];
      }
    },
  };
}

/** True when `target` is one of `folders` or lies below one of them (all absolute and resolved). */
export function isInside(target: string, folders: readonly string[]): boolean {
  return folders.some((folder) => target === folder || target.startsWith(folder.endsWith(path.sep) ? folder : folder + path.sep));
}

function realRoot(root: string): string | undefined {
  try {
    return fs.realpathSync(path.resolve(root));
  } catch {
    return undefined;
  }
}

function fileKind(stat: fs.Stats): string {
  if (stat.isDirectory()) return 'a directory';
  if (stat.isFIFO()) return 'a FIFO';
  if (stat.isSocket()) return 'a socket';
  if (stat.isCharacterDevice()) return 'a character device';
  if (stat.isBlockDevice()) return 'a block device';
  return 'not a file';
}

export function formatBytes(n: number): string {
  if (n >= 1024 * 1024) return `${(n / (1024 * 1024)).toFixed(1)} MB`;
  if (n >= 1024) return `${(n / 1024).toFixed(1)} KB`;
  return `${n} bytes`;
}

/** A file system error as one line, without Node's doubled code ("EACCES: EACCES: permission denied…"). */
export function describeFileError(err: unknown): string {
  const e = err as NodeJS.ErrnoException;
  const message = String(e?.message ?? err);
  if (e?.code === 'ELOOP') return 'symbolic link not followed';
  return e?.code && !message.startsWith(e.code) ? `${e.code}: ${message}` : message;
}
