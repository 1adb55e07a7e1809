import * as fs from 'fs';
import * as path from 'path';

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
 * Directories skip dependency/build folders and dot-folders, and whatever `include` refuses.
 */
export function collectSourceFiles(paths: readonly string[], handles: (p: string) => boolean, include: IncludeFilter = () => true): string[] {
  const out = new Set<string>();
  const walk = (dir: string, root: string) => {
    let entries: fs.Dirent[];
    try {
      entries = fs.readdirSync(dir, { withFileTypes: true });
    } catch {
      return;
    }
    for (const entry of entries) {
      const p = path.join(dir, entry.name);
      if (entry.isDirectory()) {
        if (!SKIPPED_DIRECTORIES.has(entry.name) && !entry.name.startsWith('.') && include(p, { root, isDirectory: true, explicit: false })) {
          walk(p, root);
        }
      } else if (entry.isFile() && handles(p) && include(p, { root, isDirectory: false, explicit: false })) out.add(path.resolve(p));
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
