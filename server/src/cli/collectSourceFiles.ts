import * as fs from 'fs';
import * as path from 'path';

/** Folders never worth scanning: dependencies, build output, VCS data. */
const SKIPPED_DIRECTORIES = new Set(['node_modules', '.git', 'vendor', 'dist', 'out', 'build', 'coverage', '.vscode-test', 'testdata']);

export class PathNotFoundError extends Error {}

/**
 * Expands the CLI's PATH arguments into source files the engine handles, sorted.
 * A file named explicitly is always scanned; directories skip dependency/build folders and dot-folders.
 */
export function collectSourceFiles(paths: readonly string[], handles: (p: string) => boolean): string[] {
  const out = new Set<string>();
  const walk = (dir: string) => {
    let entries: fs.Dirent[];
    try {
      entries = fs.readdirSync(dir, { withFileTypes: true });
    } catch {
      return;
    }
    for (const entry of entries) {
      const p = path.join(dir, entry.name);
      if (entry.isDirectory()) {
        if (!SKIPPED_DIRECTORIES.has(entry.name) && !entry.name.startsWith('.')) walk(p);
      } else if (entry.isFile() && handles(p)) out.add(path.resolve(p));
    }
  };
  for (const p of paths) {
    let stat: fs.Stats;
    try {
      stat = fs.statSync(p);
    } catch {
      throw new PathNotFoundError(`no such file or directory: ${p}`);
    }
    if (stat.isDirectory()) walk(p);
    else out.add(path.resolve(p));
  }
  return [...out].sort();
}
