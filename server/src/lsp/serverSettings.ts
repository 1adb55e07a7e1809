import type { Connection } from 'vscode-languageserver';
import { sanitizeRuleSettings, type RuleSettings } from '../engine/ruleSettings';

/** The `socketLens` settings the server reads, per resource. */
export interface ServerSettings {
  enable: boolean;
  rules: RuleSettings;
  loadBalancerIdleTimeoutSeconds?: number;
}

export const DEFAULT_SETTINGS: ServerSettings = { enable: true, rules: {} };

export function sanitizeSettings(raw: unknown): ServerSettings {
  const value = (raw && typeof raw === 'object' ? raw : {}) as Record<string, unknown>;
  const lb = value.loadBalancerIdleTimeoutSeconds;
  return {
    enable: value.enable !== false,
    rules: sanitizeRuleSettings(value.rules),
    loadBalancerIdleTimeoutSeconds: typeof lb === 'number' && Number.isFinite(lb) && lb > 0 ? lb : undefined,
  };
}

/** Reads settings per document through `workspace/configuration`, cached until they change. */
export class SettingsCache {
  private readonly cache = new Map<string, Promise<ServerSettings>>();
  supportsConfiguration = false;
  /** Used when the client cannot answer `workspace/configuration` (from initializationOptions / didChangeConfiguration). */
  global: ServerSettings = DEFAULT_SETTINGS;

  constructor(private readonly connection: Connection) {}

  get(uri: string): Promise<ServerSettings> {
    if (!this.supportsConfiguration) return Promise.resolve(this.global);
    let settings = this.cache.get(uri);
    if (!settings) {
      settings = this.connection.workspace
        .getConfiguration({ scopeUri: uri, section: 'socketLens' })
        .then(sanitizeSettings, () => this.global);
      this.cache.set(uri, settings);
    }
    return settings;
  }

  forget(uri?: string): void {
    if (uri) this.cache.delete(uri);
    else this.cache.clear();
  }
}
