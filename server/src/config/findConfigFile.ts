import * as fs from 'node:fs';
import * as path from 'node:path';
import { CONFIG_FILE_NAME, ConfigError, parseProjectConfig, type ProjectConfig } from './projectConfig';

/** A config file found on disk, with the folder its globs are relative to. */
export interface LoadedConfig {
  file: string;
  root: string;
  config: ProjectConfig;
}

/**
 * Finds the socket-lens.json that governs a path: the nearest one in the path's folder or above, stopping at
 * `stopAt` (a workspace folder) when given. Caches lookups per folder, so a scan reads each folder once.
 */
export class ConfigFinder {
  private readonly byFolder = new Map<string, string | null>();
  private readonly loaded = new Map<string, LoadedConfig>();

  constructor(private readonly stopAt?: string) {}

  /** The config for a file or folder, or undefined when none governs it. Throws ConfigError on a broken file. */
  configFor(target: string, isDirectory = false): LoadedConfig | undefined {
    const file = this.fileFor(isDirectory ? path.resolve(target) : path.dirname(path.resolve(target)));
    return file ? this.load(file) : undefined;
  }

  /** Loads a named config file (`--config PATH`): its folder is the root its globs are relative to. */
  load(file: string): LoadedConfig {
    const absolute = path.resolve(file);
    let loaded = this.loaded.get(absolute);
    if (!loaded) {
      let text: string;
      try {
        text = fs.readFileSync(absolute, 'utf8');
      } catch (err) {
        throw new ConfigError(`cannot read ${file}: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}`);
      }
      loaded = { file: absolute, root: path.dirname(absolute), config: parseProjectConfig(text, absolute) };
      this.loaded.set(absolute, loaded);
    }
    return loaded;
  }

  private fileFor(folder: string): string | undefined {
    const chain: string[] = [];
    let current = folder;
    let found: string | null | undefined;
    for (;;) {
      found = this.byFolder.get(current);
      if (found !== undefined) break;
      chain.push(current);
      const candidate = path.join(current, CONFIG_FILE_NAME);
      if (isFile(candidate)) {
        found = candidate;
        break;
      }
      const parent = path.dirname(current);
      if (parent === current || (this.stopAt && path.resolve(current) === path.resolve(this.stopAt))) {
        found = null;
        break;
      }
      current = parent;
    }
    for (const f of chain) this.byFolder.set(f, found);
    return found ?? undefined;
  }
}

function isFile(p: string): boolean {
  try {
    return fs.statSync(p).isFile();
  } catch {
    return false;
  }
}
