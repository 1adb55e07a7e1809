import * as path from 'path';
import { MAX_ANALYSED_CHARS } from '../engine/analysisBudget';
import { Engine, type EngineNote } from '../engine/engine';
import { SEVERITIES, type Severity, isSeverity, severityAtLeast } from '../engine/finding';
import { fixAllText } from '../engine/fixAll';
import { RULES, findRule } from '../engine/rules';
import type { RuleSettings } from '../engine/ruleSettings';
import { readSourceFile } from '../engine/safeFileSystem';
import { collectSourceFiles } from './collectSourceFiles';
import { jsonReport } from './formats/jsonReport';
import type { FileFinding } from './formats/reportTypes';
import { sarifReport } from './formats/sarifReport';
import { textReport } from './formats/textReport';
import { UsageError, type CommandIo } from './commandIo';
import { isExactUtf8, writeFileAtomic } from './writeFileAtomic';

export interface ScanOptions {
  paths: string[];
  format: 'text' | 'json' | 'sarif';
  fix: boolean;
  rules: string[];
  failOn: Severity;
}

export function parseScanArgs(args: string[]): ScanOptions {
  const options: ScanOptions = { paths: [], format: 'text', fix: false, rules: [], failOn: 'warning' };
  for (let i = 0; i < args.length; i++) {
    const arg = args[i];
    const [flag, inline] = arg.startsWith('--') && arg.includes('=') ? [arg.slice(0, arg.indexOf('=')), arg.slice(arg.indexOf('=') + 1)] : [arg, undefined];
    const value = () => {
      const v = inline ?? args[++i];
      if (v === undefined) throw new UsageError(`${flag} needs a value`);
      return v;
    };
    switch (flag) {
      case '--format': {
        const v = value();
        if (v !== 'text' && v !== 'json' && v !== 'sarif') throw new UsageError(`--format must be text, json or sarif, not '${v}'`);
        options.format = v;
        break;
      }
      case '--fix':
        options.fix = true;
        break;
      case '--rule':
        for (const id of value().split(',').filter(Boolean)) {
          if (!findRule(id)) throw new UsageError(`unknown rule '${id}' (known: ${RULES.map((r) => r.id).join(', ')})`);
          options.rules.push(id);
        }
        break;
      case '--fail-on': {
        const v = value();
        if (!isSeverity(v)) throw new UsageError(`--fail-on must be one of ${SEVERITIES.join(', ')}, not '${v}'`);
        options.failOn = v;
        break;
      }
      case '--':
        options.paths.push(...args.slice(i + 1));
        i = args.length;
        break;
      default:
        if (arg.startsWith('-')) throw new UsageError(`unknown option '${arg}' for scan`);
        options.paths.push(arg);
    }
  }
  if (options.paths.length === 0) options.paths.push('.');
  return options;
}

/** `socket-lens scan`: analyses files, optionally fixes them, prints a report; returns the exit code. */
export async function runScanCommand(args: string[], io: CommandIo, toolVersion: string): Promise<number> {
  const options = parseScanArgs(args);
  const started = Date.now();
  // Files not scanned, not analysed or not fixed, each named on stderr: a scan never skips a file silently.
  const notes: EngineNote[] = [];
  const engine = await Engine.create({ roots: options.paths, onNote: (n) => notes.push(n) });
  const notScanned = (s: EngineNote) => notes.push({ ...s, reason: `not scanned: ${s.reason}` });
  const files = collectSourceFiles(options.paths, (p) => engine.handles(p), notScanned);
  const ruleSettings: RuleSettings =
    options.rules.length === 0 ? {} : Object.fromEntries(RULES.filter((r) => !options.rules.includes(r.id)).map((r) => [r.id, 'off' as const]));

  const texts = new Map<string, string>();
  const bytes = new Map<string, Buffer>();
  /** Files that could not be read or whose analysis failed: the scan is incomplete (exit code 2). */
  let failures = 0;
  let lines = 0;
  for (const file of files) {
    // Named files may be links (followed) but never FIFOs or devices; the size limit is the engine's.
    const read = readSourceFile(file, MAX_ANALYSED_CHARS, () => true);
    if (!read.ok) {
      notes.push({ path: file, reason: `not scanned: ${read.reason}` });
      if (read.error) failures++;
      continue;
    }
    texts.set(file, read.text);
    bytes.set(file, read.bytes);
    lines += read.text.length === 0 ? 0 : read.text.split('\n').length;
  }
  const scanned = files.filter((f) => texts.has(f));
  let results = engine.scan([...texts].map(([p, text]) => ({ path: p, text })), ruleSettings);
  failures += scanned.filter((f) => engine.analysisFailed(f)).length;

  if (options.fix) {
    let version = 0;
    let fixedCount = 0;
    for (const file of scanned) {
      if (!results.get(file)?.some((f) => f.fixes.some((fix) => fix.preferred))) continue;
      const original = texts.get(file)!;
      if (!isExactUtf8(bytes.get(file)!, original)) {
        notes.push({ path: file, reason: 'not fixed: not valid UTF-8 (a fix would change bytes outside it)' });
        continue;
      }
      const { text, fixed } = fixAllText(original, (t) => {
        engine.update(file, t, ++version);
        return engine.analyze(file, ruleSettings);
      });
      if (fixed.length === 0 || text === original) {
        engine.update(file, original, ++version);
        continue;
      }
      try {
        writeFileAtomic(file, text, bytes.get(file)!);
      } catch (err) {
        notes.push({ path: file, reason: `not fixed: ${(err as Error).message}` });
        engine.update(file, original, ++version);
        continue;
      }
      engine.update(file, text, ++version);
      fixedCount += fixed.length;
      io.stderr.write(`fixed ${fixed.length} in ${relativeFile(file)}: ${[...new Set(fixed.map((f) => f.rule))].join(', ')}\n`);
    }
    io.stderr.write(`fixed ${fixedCount} finding${fixedCount === 1 ? '' : 's'}\n`);
    // Fixes in one file can change what others report (helpers of a Go package): analyse again.
    if (fixedCount > 0) results = new Map(scanned.map((file) => [file, engine.analyze(file, ruleSettings)]));
  }
  // A file the scan itself could not read may also be met as a Go neighbour: name it once.
  const noted = new Set<string>();
  const shown = notes.filter((n) => !(n.reason.startsWith('not indexed:') && noted.has(n.path)) && noted.add(n.path));
  for (const note of shown) io.stderr.write(`socket-lens: ${relativeFile(note.path)}: ${note.reason}\n`);
  if (shown.length > 0) {
    io.stderr.write(`socket-lens: ${noted.size} file${noted.size === 1 ? '' : 's'} not fully scanned or fixed (above)\n`);
  }

  const findings: FileFinding[] = [];
  for (const file of files) {
    for (const finding of results.get(file) ?? []) findings.push({ file: relativeFile(file), finding });
  }
  const stats = { files: scanned.length, lines, ms: Date.now() - started };
  const report =
    options.format === 'json' ? jsonReport(findings, stats) : options.format === 'sarif' ? sarifReport(findings, toolVersion) : textReport(findings, stats);
  io.stdout.write(report + '\n');
  if (failures > 0) return 2;
  return findings.some(({ finding }) => severityAtLeast(finding.severity, options.failOn)) ? 1 : 0;
}

function relativeFile(file: string): string {
  return path.relative(process.cwd(), file).split(path.sep).join('/');
}
