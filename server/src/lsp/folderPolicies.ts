import * as path from 'node:path';
import { ConfigFinder, type LoadedConfig } from '../config/findConfigFile';
import { ConfigError } from '../config/projectConfig';
import { ProjectPolicy } from '../config/projectPolicy';
import type { ServerSettings } from './serverSettings';

/**
 * The language server's side of socket-lens.json: for each file, the nearest config at or above it within its
 * workspace folder (multi-root: each folder has its own), with the user's VS Code settings as overrides —
 * the same ProjectPolicy the CLI builds, so both report the same findings.
 */
export class FolderPolicies {
  private folders: string[] = [];
  private finders = new Map<string, ConfigFinder>();
  private policies = new Map<string, ProjectPolicy>();
  private readonly reported = new Set<string>();

  /** Called with a config error the first time it is met (the server shows it to the user). */
  constructor(private readonly onConfigError: (message: string) => void) {}

  setFolders(folders: readonly string[]): void {
    this.folders = [...folders].map((f) => path.resolve(f)).sort((a, b) => b.length - a.length);
    this.forget();
  }

  get workspaceFolders(): readonly string[] {
    return this.folders;
  }

  /** A socket-lens.json changed somewhere: read configs afresh. */
  forget(): void {
    this.finders.clear();
    this.policies.clear();
    this.reported.clear();
  }

  /** The workspace folder holding a file (the deepest one), or undefined for a file outside them. */
  folderOf(filePath: string): string | undefined {
    return this.folders.find((f) => filePath === f || filePath.startsWith(f.endsWith(path.sep) ? f : f + path.sep));
  }

  /** The policy for a file on disk (or a virtual document: then only the settings count). */
  policyFor(filePath: string, settings: ServerSettings, onDisk: boolean): ProjectPolicy {
    const folder = onDisk ? this.folderOf(filePath) : undefined;
    const overrides = {
      rules: settings.rules,
      ...(settings.loadBalancerIdleTimeoutSeconds !== undefined ? { loadBalancerIdleTimeoutSeconds: settings.loadBalancerIdleTimeoutSeconds } : {}),
    };
    let loaded: LoadedConfig | undefined;
    if (onDisk) {
      const key = folder ?? '';
      let finder = this.finders.get(key);
      if (!finder) {
        finder = new ConfigFinder(folder);
        this.finders.set(key, finder);
      }
      try {
        loaded = finder.configFor(filePath);
      } catch (err) {
        if (!(err instanceof ConfigError)) throw err;
        if (!this.reported.has(err.message)) {
          this.reported.add(err.message);
          this.onConfigError(`Socket Lens: ${err.message}. Using the default settings until it is fixed.`);
        }
      }
    }
    const root = loaded?.root ?? folder ?? path.dirname(filePath);
    const key = `${loaded?.file ?? root}\0${JSON.stringify(overrides)}`;
    let policy = this.policies.get(key);
    if (!policy) {
      policy = new ProjectPolicy(loaded, root, overrides);
      this.policies.set(key, policy);
    }
    return policy;
  }
}
