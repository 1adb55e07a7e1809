import { SEVERITIES, isSeverity, type Severity } from '../engine/finding';
import { RULES } from '../engine/rules';
import { CATEGORIES } from '../engine/ruleSettings';
import { SUPPRESSION_RULES } from '../engine/suppressionRules';
import { UsageError } from './commandIo';
import { parseCommandArgs } from './parseCommandArgs';

export interface ScanOptions {
  paths: string[];
  format: 'text' | 'json' | 'sarif';
  fix: boolean;
  /** Rule ids selected with --rule (categories expanded); empty means every rule. */
  rules: string[];
  failOn: Severity;
  exclude: string[];
  config?: string;
  tests: boolean;
  quiet: boolean;
  verbose: boolean;
  maxWarnings?: number;
  output?: string;
  baseline?: string;
  writeBaseline?: string;
  reportUnusedSuppressions: boolean;
  /** --jobs: worker threads for the analysis (1: in-process); undefined: one per available core. */
  jobs?: number;
  help: boolean;
}

/** The largest --jobs accepted: each worker holds an engine of its own. */
const MAX_JOBS_OPTION = 64;

const OPTIONS = {
  format: { type: 'string' },
  fix: { type: 'boolean' },
  rule: { type: 'string', multiple: true },
  'fail-on': { type: 'string' },
  exclude: { type: 'string', multiple: true },
  config: { type: 'string' },
  tests: { type: 'boolean' },
  quiet: { type: 'boolean' },
  verbose: { type: 'boolean' },
  'max-warnings': { type: 'string' },
  output: { type: 'string', short: 'o' },
  baseline: { type: 'string' },
  'write-baseline': { type: 'string' },
  'report-unused-suppressions': { type: 'boolean' },
  jobs: { type: 'string', short: 'j' },
  help: { type: 'boolean', short: 'h' },
} as const;

/** Rule ids a --rule value names: a rule id, a suppression check, or every rule of a category. */
function rulesNamed(name: string): string[] {
  const all = [...RULES, ...SUPPRESSION_RULES];
  if (all.some((r) => r.id === name)) return [name];
  if ((CATEGORIES as readonly string[]).includes(name)) return all.filter((r) => r.category === name).map((r) => r.id);
  throw new UsageError(`unknown rule or category '${name}' (rules: ${RULES.map((r) => r.id).join(', ')}; categories: ${CATEGORIES.join(', ')})`);
}

export function parseScanArgs(args: string[]): ScanOptions {
  const parsed = parseCommandArgs('scan', args, OPTIONS);
  if ('error' in parsed) throw new UsageError(`${parsed.error} (see 'socket-lens scan --help')`);
  const v = parsed.values;
  const format = v.format ?? 'text';
  if (format !== 'text' && format !== 'json' && format !== 'sarif') throw new UsageError(`--format must be text, json or sarif, not '${format}'`);
  const failOn = v['fail-on'] ?? 'warning';
  if (!isSeverity(failOn)) throw new UsageError(`--fail-on must be one of ${SEVERITIES.join(', ')}, not '${failOn}'`);
  let maxWarnings: number | undefined;
  if (v['max-warnings'] !== undefined) {
    maxWarnings = Number(v['max-warnings']);
    if (!/^\d+$/.test(v['max-warnings'])) throw new UsageError(`--max-warnings needs a whole number, not '${v['max-warnings']}'`);
  }
  let jobs: number | undefined;
  if (v.jobs !== undefined) {
    jobs = Number(v.jobs);
    if (!/^\d+$/.test(v.jobs) || jobs < 1 || jobs > MAX_JOBS_OPTION) throw new UsageError(`--jobs needs a whole number from 1 to ${MAX_JOBS_OPTION}, not '${v.jobs}'`);
  }
  if (v.baseline !== undefined && v['write-baseline'] !== undefined) throw new UsageError('--baseline and --write-baseline do not go together');
  if (v.fix && v['write-baseline'] !== undefined) throw new UsageError('--fix and --write-baseline do not go together');
  const rules = [...new Set((v.rule ?? []).flatMap((list) => list.split(',').filter(Boolean)).flatMap(rulesNamed))];
  return {
    paths: parsed.positionals.length > 0 ? parsed.positionals : ['.'],
    format,
    fix: v.fix ?? false,
    rules,
    failOn,
    exclude: v.exclude ?? [],
    ...(v.config !== undefined ? { config: v.config } : {}),
    tests: v.tests ?? false,
    quiet: v.quiet ?? false,
    verbose: v.verbose ?? false,
    ...(maxWarnings !== undefined ? { maxWarnings } : {}),
    ...(v.output !== undefined ? { output: v.output } : {}),
    ...(v.baseline !== undefined ? { baseline: v.baseline } : {}),
    ...(v['write-baseline'] !== undefined ? { writeBaseline: v['write-baseline'] } : {}),
    reportUnusedSuppressions: v['report-unused-suppressions'] ?? false,
    ...(jobs !== undefined ? { jobs } : {}),
    help: v.help ?? false,
  };
}
