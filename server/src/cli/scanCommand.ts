import * as fs from 'fs';
import * as path from 'path';
import { Engine } from '../engine/engine';
import { severityAtLeast, type Finding } from '../engine/finding';
import { fixAllText } from '../engine/fixAll';
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
import { ScanProgress } from './scanProgress';
import { painter, wantsColour } from './terminalColour';
import { SCAN_USAGE } from './usage';

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
  const engine = await Engine.create();
  const files = collectSourceFiles(options.paths, (p) => engine.handles(p), policies.include);
  const progress = new ScanProgress(io.stderr);

  const texts = new Map<string, string>();
  let lines = 0;
  for (const [i, file] of files.entries()) {
    progress.update('reading', i, files.length);
    const text = fs.readFileSync(file, 'utf8');
    texts.set(file, text);
    lines += text.length === 0 ? 0 : text.split('\n').length;
  }
  let analysed = 0;
  const analyze = (file: string) => {
    const policy = policies.policyFor(file);
    progress.update('analysing', ++analysed, files.length);
    return engine.analyze(file, policy.settings, policy.options, policy.reporting);
  };
  let results = engine.scanWith([...texts].map(([p, text]) => ({ path: p, text })), (file) => {
    progress.update('analysing', ++analysed, files.length);
    return policies.policyFor(file);
  });
  progress.done();

  if (options.fix) {
    let version = 0;
    let fixedCount = 0;
    for (const file of files) {
      if (!results.get(file)?.some((f) => f.fixes.some((fix) => fix.preferred))) continue;
      const { text, fixed } = fixAllText(texts.get(file)!, (t) => {
        engine.update(file, t, ++version);
        return analyze(file);
      });
      if (fixed.length === 0) continue;
      fs.writeFileSync(file, text);
      texts.set(file, text);
      engine.update(file, text, ++version);
      fixedCount += fixed.length;
      io.stderr.write(`fixed ${fixed.length} in ${relativeFile(file)}: ${[...new Set(fixed.map((f) => f.rule))].join(', ')}\n`);
    }
    io.stderr.write(`fixed ${fixedCount} finding${fixedCount === 1 ? '' : 's'}\n`);
    // Fixes in one file can change what others report (helpers of a Go package): analyse again.
    if (fixedCount > 0) results = new Map(files.map((file) => [file, analyze(file)]));
    progress.done();
  }

  let findings: FileFinding[] = [];
  for (const file of files) {
    const fileFindings = (results.get(file) ?? []).filter((f) => !options.quiet || severityAtLeast(f.severity, 'warning'));
    const fingerprints = fingerprintFindings(fileFindings, texts.get(file) ?? '');
    for (const [i, finding] of fileFindings.entries()) findings.push({ file: relativeFile(file), finding, fingerprint: fingerprints[i] });
  }

  if (options.writeBaseline !== undefined) {
    writeBaseline(options.writeBaseline, findings);
    io.stderr.write(`wrote ${findings.length} finding${findings.length === 1 ? '' : 's'} to ${options.writeBaseline}\n`);
    return 0;
  }
  let baselined = 0;
  if (options.baseline !== undefined) {
    const { fresh, known } = filterByBaseline(options.baseline, findings);
    findings = fresh;
    baselined = known;
  }

  const stats = { files: files.length, lines, ms: Date.now() - started };
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
