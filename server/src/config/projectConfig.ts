import { isSeverity } from '../engine/finding';
import { isConfidence, isRuleSettingKey, ruleSettingKeys, type RuleSetting } from '../engine/ruleSettings';
import { GlobPattern } from './globPattern';

/** The file the CLI and the language server look for, walking up from each file. */
export const CONFIG_FILE_NAME = 'socket-lens.json';

/** A socket-lens.json, checked. See docs/configuration.md and server/schemas/socket-lens.schema.json. */
export interface ProjectConfig {
  /** By rule id or category: `off` or a severity. A rule's own entry wins over its category's. */
  rules: Record<string, RuleSetting>;
  /** Globs relative to the config file's folder. */
  exclude: string[];
  /** Scan test files too (they are left out by default). */
  tests: boolean;
  /** Seconds; enables js-lb-keepalive-timeout. */
  loadBalancerIdleTimeout?: number;
  /** Functions that take responsibility for a response or its body. */
  handled: string[];
  minConfidence?: 'high' | 'medium';
}

export const EMPTY_CONFIG: ProjectConfig = { rules: {}, exclude: [], tests: false, handled: [] };

/** A socket-lens.json that cannot be used, with a message that says where and why. */
export class ConfigError extends Error {}

/** Limits that keep a hostile config (from an untrusted workspace) from exhausting the machine. */
export const CONFIG_LIMITS = { maxBytes: 1_000_000, maxListEntries: 1000, maxEntryLength: 1000 };

const KEYS = ['$schema', 'rules', 'exclude', 'tests', 'loadBalancerIdleTimeout', 'handled', 'minConfidence'];

/** Parses and checks a config file's text; throws ConfigError naming the file and the entry at fault. */
export function parseProjectConfig(text: string, file: string): ProjectConfig {
  if (text.length > CONFIG_LIMITS.maxBytes) throw new ConfigError(`${file}: larger than ${CONFIG_LIMITS.maxBytes} bytes`);
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (err) {
    throw new ConfigError(`${file}: not valid JSON (${(err as Error).message})`);
  }
  return checkProjectConfig(raw, file);
}

export function checkProjectConfig(raw: unknown, file: string): ProjectConfig {
  const fail = (message: string): never => {
    throw new ConfigError(`${file}: ${message}`);
  };
  if (!raw || typeof raw !== 'object' || Array.isArray(raw)) fail('must hold a JSON object');
  const value = raw as Record<string, unknown>;
  for (const key of Object.keys(value)) if (!KEYS.includes(key)) fail(`unknown entry '${key}' (known: ${KEYS.slice(1).join(', ')})`);

  const config: ProjectConfig = { rules: {}, exclude: [], tests: false, handled: [] };
  if (value.rules !== undefined) {
    if (!value.rules || typeof value.rules !== 'object' || Array.isArray(value.rules)) fail(`'rules' must be an object`);
    for (const [key, setting] of Object.entries(value.rules as Record<string, unknown>)) {
      if (!isRuleSettingKey(key)) fail(`rules: unknown rule or category '${key}' (known: ${ruleSettingKeys().join(', ')})`);
      if (setting !== 'off' && !isSeverity(setting)) fail(`rules.${key}: must be "off", "error", "warning", "info" or "hint"`);
      config.rules[key] = setting as RuleSetting;
    }
  }
  config.exclude = stringList(value.exclude, 'exclude', fail);
  for (const glob of config.exclude) {
    try {
      new GlobPattern(glob);
    } catch (err) {
      fail(`exclude: ${(err as Error).message}`);
    }
  }
  if (value.tests !== undefined) {
    if (typeof value.tests !== 'boolean') fail(`'tests' must be true or false`);
    config.tests = value.tests as boolean;
  }
  if (value.loadBalancerIdleTimeout !== undefined) {
    const lb = value.loadBalancerIdleTimeout;
    if (typeof lb !== 'number' || !Number.isFinite(lb) || lb <= 0) fail(`'loadBalancerIdleTimeout' must be a number of seconds above 0`);
    config.loadBalancerIdleTimeout = lb as number;
  }
  config.handled = stringList(value.handled, 'handled', fail);
  for (const name of config.handled) {
    if (!/^[A-Za-z_$][\w$]*(?:\.[A-Za-z_$][\w$]*)*$/.test(name)) {
      fail(`handled: '${name}' is not a function name (e.g. "drainAndClose" or "api.Fetch")`);
    }
  }
  if (value.minConfidence !== undefined) {
    if (!isConfidence(value.minConfidence)) fail(`'minConfidence' must be "high" or "medium"`);
    config.minConfidence = value.minConfidence as 'high' | 'medium';
  }
  return config;
}

function stringList(value: unknown, name: string, fail: (message: string) => never): string[] {
  if (value === undefined) return [];
  if (!Array.isArray(value) || !value.every((x) => typeof x === 'string' && x.length > 0)) fail(`'${name}' must be a list of non-empty strings`);
  const list = value as string[];
  if (list.length > CONFIG_LIMITS.maxListEntries) fail(`'${name}' has more than ${CONFIG_LIMITS.maxListEntries} entries`);
  const long = list.find((x) => x.length > CONFIG_LIMITS.maxEntryLength);
  if (long !== undefined) fail(`'${name}': an entry is longer than ${CONFIG_LIMITS.maxEntryLength} characters`);
  return [...(value as string[])];
}
