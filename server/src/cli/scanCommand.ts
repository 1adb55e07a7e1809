import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { MAX_ANALYSED_CHARS } from '../engine/analysisBudget';
import { Engine, type EngineNote } from '../engine/engine';
import { severityAtLeast, type Finding } from '../engine/finding';
import { fixAllText } from '../engine/fixAll';
import { handledDirectiveNames } from '../engine/handledCallees';
import { readSourceFile } from '../engine/safeFileSystem';
import { filterByBaseline, writeBaseline } from './baseline';
import { collectSourceFiles } from './collectSourceFiles';
import type { CommandIo } from './commandIo';
import { fingerprintFindings } from './findingFingerprint';
import { jsonReport } from './formats/jsonReport';
import type { FileFinding } from './formats/reportTypes';
import { sarifReport } from './formats/sarifReport';
import { textReport } from './formats/textReport';
import { parseScanArgs, type ScanOptions } from './scanArgs';
import { ScanPolicies } from './scanPolicies';
import { progressDelayMs, ScanProgress } from './scanProgress';
import { scanUnits, workersFor } from './scanUnits';
import { painter, wantsColour } from './terminalColour';
import { SCAN_USAGE } from './usage';
import { isExactUtf8, writeFileAtomic } from './writeFileAtomic';

export { parseScanArgs, type ScanOptions };

/** `socket-lens scan`: analyses files, optionally fixes them, prints a report; returns the exit code. */
export async function runScanCommand(args: string[], io: CommandIo, toolVersion: string): Promise<number> {
  const options = parseScanArgs(args);
  if (options.help) {
    io.stdout.write(SCAN_USAGE);
    return 0;
  }
  const started = Date.now();
  const policies = new ScanPolicies(options);
  // Files not scanned, not analysed or not fixed, each named on stderr: a scan never skips a file silently.
  const notes: EngineNote[] = [];
  const engine = await Engine.create({ roots: options.paths, onNote: (n) => notes.push(n) });
  const notScanned = (s: EngineNote) => notes.push({ ...s, reason: `not scanned: ${s.reason}` });
  const files = collectSourceFiles(options.paths, (p) => engine.handles(p), notScanned, policies.include);
  const progress = new ScanProgress(io.stderr, progressDelayMs(process.env));

  const texts = new Map<string, string>();
  const bytes = new Map<string, Buffer>();
  /** Files that could not be read or whose analysis failed: the scan is incomplete (exit code 2). */
  let failures = 0;
  let lines = 0;
  for (const [i, file] of files.entries()) {
    progress.update('reading', i, files.length);
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
  const sources = [...texts].map(([p, text]) => ({ path: p, text }));
  let analysed = 0;
  // --fix edits and re-analyses files in this thread's engine: it scans in-process.
  const units = scanUnits(sources, (p) => engine.crossFileScope(p));
  const workers = options.fix ? 0 : workersFor(units, options.jobs, os.availableParallelism(), os.loadavg()[0]);
  let results: Map<string, Finding[]>;
  if (workers > 0) {
    const handled = sources.flatMap((s) => handledDirectiveNames(s.text));
    const onUnitDone = (count: number) => progress.update('analysing', (analysed += count), scanned.length);
    // Loaded only here: worker_threads and the pool are not worth their start-up cost to an in-process scan.
    const { scanInWorkers } = await import('./scanInWorkers');
    const parallel = await scanInWorkers(units, workers, { roots: options.paths, handled }, (f) => policies.policyFor(f), onUnitDone);
    results = parallel.results;
    notes.push(...parallel.notes);
    failures += scanned.filter((f) => parallel.failed.has(f)).length;
  } else {
    results = engine.scanWith(sources, (file) => {
      progress.update('analysing', ++analysed, scanned.length);
      return policies.policyFor(file);
    });
    failures += scanned.filter((f) => engine.analysisFailed(f)).length;
  }
  progress.done();
  const analyze = (file: string) => {
    const policy = policies.policyFor(file);
    return engine.analyze(file, policy.settings, policy.options, policy.reporting);
  };

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
        return analyze(file);
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
      texts.set(file, text);
      engine.update(file, text, ++version);
      fixedCount += fixed.length;
      io.stderr.write(`fixed ${fixed.length} in ${relativeFile(file)}: ${[...new Set(fixed.map((f) => f.rule))].join(', ')}\n`);
    }
    io.stderr.write(`fixed ${fixedCount} finding${fixedCount === 1 ? '' : 's'}\n`);
    // Fixes in one file can change what others report (helpers of a Go package): analyse again.
    if (fixedCount > 0) results = new Map(scanned.map((file) => [file, analyze(file)]));
  }
  // A file the scan itself could not read may also be met as a Go neighbour: name it once.
  const noted = new Set<string>();
  const shown = notes.filter((n) => !(n.reason.startsWith('not indexed:') && noted.has(n.path)) && noted.add(n.path));
  for (const note of shown) io.stderr.write(`socket-lens: ${relativeFile(note.path)}: ${note.reason}\n`);
  if (shown.length > 0) {
    io.stderr.write(`socket-lens: ${noted.size} file${noted.size === 1 ? '' : 's'} not fully scanned or fixed (above)\n`);
  }

  let findings: FileFinding[] = [];
  for (const file of scanned) {
    const fileFindings = (results.get(file) ?? []).filter((f) => !options.quiet || severityAtLeast(f.severity, 'warning'));
    const fingerprints = fingerprintFindings(fileFindings, texts.get(file) ?? '');
    for (const [i, finding] of fileFindings.entries()) findings.push({ file: relativeFile(file), finding, fingerprint: fingerprints[i] });
  }

  if (options.writeBaseline !== undefined) {
    writeBaseline(options.writeBaseline, findings);
    io.stderr.write(`wrote ${findings.length} finding${findings.length === 1 ? '' : 's'} to ${options.writeBaseline}\n`);
    return failures > 0 ? 2 : 0;
  }
  let baselined = 0;
  if (options.baseline !== undefined) {
    const { fresh, known } = filterByBaseline(options.baseline, findings);
    findings = fresh;
    baselined = known;
  }

  const stats = { files: scanned.length, lines, ms: Date.now() - started };
  const out = options.output !== undefined ? undefined : io.stdout;
  const paint = painter(out !== undefined && options.format === 'text' && wantsColour(out));
  const report =
    options.format === 'json'
      ? jsonReport(findings, stats)
      : options.format === 'sarif'
        ? sarifReport(findings, toolVersion)
        : textReport(findings, stats, { verbose: options.verbose, paint, baselined });
  if (options.output !== undefined) fs.writeFileSync(options.output, `${report}\n`);
  else io.stdout.write(`${report}\n`);
  if (failures > 0) return 2;
  return fails(findings.map((f) => f.finding), options) ? 1 : 0;
}

/** Exit 1: a finding at least --fail-on severe, where warnings count only beyond --max-warnings. */
function fails(findings: readonly Finding[], options: ScanOptions): boolean {
  const failing = findings.filter((f) => severityAtLeast(f.severity, options.failOn));
  if (options.maxWarnings === undefined) return failing.length > 0;
  const warnings = failing.filter((f) => f.severity === 'warning').length;
  return failing.some((f) => f.severity !== 'warning') || warnings > options.maxWarnings;
}

function relativeFile(file: string): string {
  return path.relative(process.cwd(), file).split(path.sep).join('/');
}
