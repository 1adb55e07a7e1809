import * as fs from 'node:fs';
import * as path from 'node:path';
import { describeFileError, isInside, type SkippedRead } from '../engine/safeFileSystem';

/** Folders never worth scanning: dependencies, build output, VCS data. */
const SKIPPED_DIRECTORIES = new Set(['node_modules', '.git', 'vendor', 'dist', 'out', 'build', 'coverage', '.vscode-test', 'testdata']);

export class PathNotFoundError extends Error {}

/**
 * Decides whether a file or folder met while walking PATH `root` is scanned (excludes, test files). A file named
 * explicitly is asked with `explicit` set.
 */
export type IncludeFilter = (p: string, how: { root: string; isDirectory: boolean; explicit: boolean }) => boolean;

/**
 * Expands the CLI's PATH arguments into source files the engine handles, sorted.
 * A file named explicitly is always scanned (the reader refuses what is not a regular file, with a reason);
 * directories skip dependency/build folders and dot-folders. Inside a folder, a source name that is a FIFO,
 * socket or device is reported through `onSkip`; symbolic links are not followed (their target is scanned
 * where it lies, if inside the folders scanned), and are reported when they point elsewhere. `include` leaves out
 * files and whole folders (socket-lens.json excludes, test files).
 */
export function collectSourceFiles(
  paths: readonly string[],
  handles: (p: string) => boolean,
  onSkip: (skipped: SkippedRead) => void = () => undefined,
  include: IncludeFilter = () => true,
): string[] {
  const roots = paths.map((p) => realPathOf(p) ?? path.resolve(p));
  const out = new Set<string>();
  const walk = (dir: string, root: string) => {
    let entries: fs.Dirent[];
    try {
      entries = fs.readdirSync(dir, { withFileTypes: true });
    } catch (err) {
      onSkip({ path: path.resolve(dir), reason: `folder not read: ${describeFileError(err)}` });
      return;
    }
    for (const entry of entries) {
      const p = path.join(dir, entry.name);
      if (entry.isDirectory()) {
        if (!SKIPPED_DIRECTORIES.has(entry.name) && !entry.name.startsWith('.') && include(p, { root, isDirectory: true, explicit: false })) {
          walk(p, root);
        }
      } else if (!handles(p) || !include(p, { root, isDirectory: false, explicit: false })) continue;
      else if (entry.isFile()) out.add(path.resolve(p));
      else if (entry.isSymbolicLink()) {
        const target = realPathOf(p);
        if (target === undefined) onSkip({ path: path.resolve(p), reason: 'symbolic link to nothing' });
        else if (!isInside(target, roots)) onSkip({ path: path.resolve(p), reason: `symbolic link to ${target}, outside the folders scanned` });
      } else onSkip({ path: path.resolve(p), reason: 'not a regular file' });
    }
  };
  for (const p of paths) {
    let stat: fs.Stats;
    try {
      stat = fs.statSync(p);
    } catch {
      throw new PathNotFoundError(`no such file or directory: ${p}`);
    }
    if (stat.isDirectory()) walk(p, p);
    else if (include(p, { root: path.dirname(p), isDirectory: false, explicit: true })) out.add(path.resolve(p));
  }
  return [...out].sort();
}

function realPathOf(p: string): string | undefined {
  try {
    return fs.realpathSync(p);
  } catch {
    return undefined;
  }
}
