import * as path from 'node:path';
import type { FilePolicy, ReportingOptions } from '../engine/engine';
import type { Confidence } from '../engine/finding';
import { RULES } from '../engine/rules';
import { mergeRuleSettings, type RuleSetting, type RuleSettings } from '../engine/ruleSettings';
import { SUPPRESSION_RULES } from '../engine/suppressionRules';
import { isTestFile } from '../engine/testFiles';
import type { LoadedConfig } from './findConfigFile';
import { GlobPattern } from './globPattern';

/** What a user sets on top of the shared config: VS Code settings, or the CLI's options. */
export interface PolicyOverrides {
  /** Applied after the config's rules, entry by entry (rule ids or categories). */
  rules?: RuleSettings;
  loadBalancerIdleTimeoutSeconds?: number;
  /** More excludes, relative to `excludeBase`. */
  exclude?: readonly string[];
  excludeBase?: string;
  /** Scan test files whatever the config says. */
  tests?: boolean;
  handled?: readonly string[];
  /** Only these rule ids (the CLI's --rule): every other rule is off, and these are on even if the config turns them off. */
  onlyRules?: readonly string[];
  minConfidence?: Confidence;
  reportUnusedSuppressions?: boolean;
}

interface BasedGlob {
  base: string;
  glob: GlobPattern;
}

/**
 * The effective settings for the files one socket-lens.json governs (or a folder without one): which files are
 * scanned, and how they are analysed. The CLI and the language server both build their settings here, from the
 * same config, so they report the same findings.
 */
export class ProjectPolicy {
  /** The folder globs and test-file names are relative to: the config's folder, else the given fallback. */
  readonly root: string;
  readonly filePolicy: FilePolicy;
  readonly includeTests: boolean;
  private readonly excludes: BasedGlob[];

  constructor(loaded: LoadedConfig | undefined, fallbackRoot: string, overrides: PolicyOverrides = {}) {
    const config = loaded?.config;
    this.root = loaded?.root ?? path.resolve(fallbackRoot);
    this.includeTests = overrides.tests ?? config?.tests ?? false;
    this.excludes = [
      ...(config?.exclude ?? []).map((g) => ({ base: this.root, glob: new GlobPattern(g) })),
      ...(overrides.exclude ?? []).map((g) => ({ base: path.resolve(overrides.excludeBase ?? this.root), glob: new GlobPattern(g) })),
    ];
    const handled = [...(config?.handled ?? []), ...(overrides.handled ?? [])];
    const loadBalancerIdleTimeoutSeconds = overrides.loadBalancerIdleTimeoutSeconds ?? config?.loadBalancerIdleTimeout;
    const reporting: ReportingOptions = {};
    const minConfidence = overrides.minConfidence ?? config?.minConfidence;
    if (minConfidence) reporting.minConfidence = minConfidence;
    if (overrides.reportUnusedSuppressions) reporting.reportUnusedSuppressions = true;
    this.filePolicy = {
      settings: onlyRules(mergeRuleSettings(config?.rules ?? {}, overrides.rules ?? {}), overrides.onlyRules),
      options: {
        ...(loadBalancerIdleTimeoutSeconds !== undefined ? { loadBalancerIdleTimeoutSeconds } : {}),
        ...(handled.length > 0 ? { handled } : {}),
      },
      reporting,
    };
  }

  /** True when an exclude glob matches the file or a folder it is in. */
  isExcluded(filePath: string): boolean {
    const absolute = path.resolve(filePath);
    return this.excludes.some(({ base, glob }) => glob.matches(toSlashes(path.relative(base, absolute))));
  }

  /** True when the file is a test and tests are not scanned. */
  isSkippedTest(filePath: string): boolean {
    return !this.includeTests && isTestFile(toSlashes(path.relative(this.root, path.resolve(filePath))));
  }

  /** Whether a file found by walking a folder (or opened in the editor) is analysed. */
  includes(filePath: string): boolean {
    return !this.isExcluded(filePath) && !this.isSkippedTest(filePath);
  }
}

function onlyRules(settings: RuleSettings, only: readonly string[] | undefined): RuleSettings {
  if (!only) return settings;
  const out: Record<string, RuleSetting> = {};
  for (const rule of [...RULES, ...SUPPRESSION_RULES]) {
    const setting = settings[rule.id];
    if (!only.includes(rule.id)) out[rule.id] = 'off';
    else if (setting && setting !== 'off') out[rule.id] = setting;
  }
  return out;
}

function toSlashes(p: string): string {
  return p.split(path.sep).join('/');
}
