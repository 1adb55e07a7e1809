import * as path from 'node:path';
import { ConfigFinder, type LoadedConfig } from '../config/findConfigFile';
import { ProjectPolicy, type PolicyOverrides } from '../config/projectPolicy';
import type { FilePolicy } from '../engine/engine';
import { UNUSED_SUPPRESSION } from '../engine/suppressionRules';
import type { IncludeFilter } from './collectSourceFiles';
import type { ScanOptions } from './scanArgs';

/**
 * The settings of every file a scan meets: from `--config`, else the nearest socket-lens.json above the file
 * (a monorepo may hold several), with the command line's options on top.
 */
export class ScanPolicies {
  private readonly finder = new ConfigFinder();
  private readonly explicit: LoadedConfig | undefined;
  private readonly policies = new Map<string, ProjectPolicy>();
  private readonly byFile = new Map<string, ProjectPolicy>();
  private readonly overrides: PolicyOverrides;

  constructor(options: ScanOptions, cwd = process.cwd()) {
    this.explicit = options.config !== undefined ? this.finder.load(options.config) : undefined;
    this.overrides = {
      exclude: options.exclude,
      excludeBase: cwd,
      ...(options.tests ? { tests: true } : {}),
      // --rule picks analysis rules; --report-unused-suppressions still reports what it asks for.
      ...(options.rules.length > 0 ? { onlyRules: options.reportUnusedSuppressions ? [...options.rules, UNUSED_SUPPRESSION] : options.rules } : {}),
      ...(options.reportUnusedSuppressions ? { reportUnusedSuppressions: true } : {}),
    };
  }

  /** The filter for collectSourceFiles. A file named on the command line is scanned even if it is a test. */
  readonly include: IncludeFilter = (p, { root, isDirectory, explicit }) => {
    const policy = this.policyAt(p, root, isDirectory);
    if (policy.isExcluded(p)) return false;
    if (isDirectory) return true;
    if (!explicit && policy.isSkippedTest(p)) return false;
    this.byFile.set(path.resolve(p), policy);
    return true;
  };

  policyFor(filePath: string): FilePolicy {
    return (this.byFile.get(filePath) ?? this.policyAt(filePath, path.dirname(filePath), false)).filePolicy;
  }

  private policyAt(p: string, root: string, isDirectory: boolean): ProjectPolicy {
    const loaded = this.explicit ?? this.finder.configFor(p, isDirectory);
    const key = loaded ? `config:${loaded.file}` : `root:${path.resolve(root)}`;
    let policy = this.policies.get(key);
    if (!policy) {
      policy = new ProjectPolicy(loaded, root, this.overrides);
      this.policies.set(key, policy);
    }
    return policy;
  }
}
