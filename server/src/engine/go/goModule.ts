import * as path from 'node:path';
import type { FileSystemView } from '../frontEnd';

/** A Go module: the folder holding go.mod and the module path it declares. */
export interface GoModule {
  root: string;
  modulePath: string;
}

const MODULE_LINE = /^\s*module\s+("?)([^\s"]+)\1\s*(\/\/.*)?$/m;

/**
 * Finds the module around package directories (the nearest go.mod upwards), and maps the module's import
 * paths to directories. Results are cached per directory; `forget` drops them when a go.mod changes.
 */
export class GoModuleIndex {
  private readonly byDirectory = new Map<string, GoModule | null>();

  constructor(private readonly fileSystem: FileSystemView) {}

  moduleOf(dir: string): GoModule | undefined {
    // An untitled document has no folder ('.'): never look at the server's working directory.
    if (!path.isAbsolute(dir)) return undefined;
    const seen: string[] = [];
    let current = dir;
    let found: GoModule | null | undefined;
    for (;;) {
      const cached = this.byDirectory.get(current);
      if (cached !== undefined) {
        found = cached;
        break;
      }
      seen.push(current);
      const text = this.fileSystem.readFile(path.join(current, 'go.mod'));
      const m = text === undefined ? null : MODULE_LINE.exec(text);
      if (m) {
        found = { root: current, modulePath: m[2] };
        break;
      }
      const parent = path.dirname(current);
      // Stop at the file-system root.
      if (parent === current) {
        found = null;
        break;
      }
      current = parent;
    }
    for (const d of seen) this.byDirectory.set(d, found ?? null);
    return found ?? undefined;
  }

  /** The directory of `importPath` when it belongs to the module around `fromDir`. */
  directoryOf(fromDir: string, importPath: string): string | undefined {
    const mod = this.moduleOf(fromDir);
    if (!mod) return undefined;
    if (importPath === mod.modulePath) return mod.root;
    if (!importPath.startsWith(`${mod.modulePath}/`)) return undefined;
    const rest = importPath.slice(mod.modulePath.length + 1);
    if (rest.split('/').some((part) => part === '..' || part === '.' || part === '' || part === 'vendor' || part === 'testdata')) return undefined;
    return path.join(mod.root, ...rest.split('/'));
  }

  /** The import path of a package directory, when it is inside a module. */
  importPathOf(dir: string): string | undefined {
    const mod = this.moduleOf(dir);
    if (!mod) return undefined;
    const rel = path.relative(mod.root, dir);
    if (rel.startsWith('..')) return undefined;
    return rel === '' ? mod.modulePath : `${mod.modulePath}/${rel.split(path.sep).join('/')}`;
  }

  forget(): void {
    this.byDirectory.clear();
  }
}
