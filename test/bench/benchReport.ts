/** The benchmark's results: the printed table and the JSON written to test-output/bench/. */
import type { EditLatencyResult } from './measure/editLatency';
import type { ServerMemoryResult } from './measure/serverMemory';

export interface LanguageScanResult {
  language: 'go' | 'js/ts';
  files: number;
  lines: number;
  bytes: number;
  repetitions: number;
  scanMsMedian: number;
  scanMsSamples: number[];
  parseOnlyMsMedian: number;
  parseOnlyMsSamples: number[];
  parseOnlyMethod: string;
  filesPerSecond: number;
  linesPerSecond: number;
  /** median scan / median parse-only (the figure printed). */
  scanToParseRatio: number;
  /** Median of the per-repetition ratios: steadier when the shared machine's load changes between repetitions. */
  scanToParseRatioPerRepetitionMedian: number;
  scanMsMin: number;
  parseOnlyMsMin: number;
  findings: number;
  findingsByRule: Record<string, number>;
  extensions?: Record<string, number>;
}

export interface BenchResults {
  startedAt: string;
  durationSeconds: number;
  environment: {
    node: string;
    platform: string;
    cpus: number;
    cpuModel: string;
    commit: string;
    uncommittedFrontEndFiles: number;
    /** 1-minute load average at the start and at the end (the machine is shared). */
    loadAverage: { start: number; end: number };
  };
  scale: number;
  seed: string;
  engineCreateMs: number;
  scans: LanguageScanResult[];
  server?: {
    bundle: string;
    memoryGo?: ServerMemoryResult;
    editLatency: Array<EditLatencyResult & { language: string }>;
  };
}

const mb = (bytes: number) => `${(bytes / (1024 * 1024)).toFixed(0)} MB`;
const int = (n: number) => Math.round(n).toLocaleString('en-US');

function table(rows: string[][]): string {
  const widths = rows[0].map((_, c) => Math.max(...rows.map((r) => r[c].length)));
  return rows.map((r) => r.map((cell, c) => (c === 0 ? cell.padEnd(widths[c]) : cell.padStart(widths[c]))).join('  ')).join('\n');
}

export function formatReport(results: BenchResults): string {
  const out: string[] = [];
  out.push(
    `Socket Lens benchmark  (commit ${results.environment.commit}, ${results.environment.uncommittedFrontEndFiles} uncommitted front-end files; ` +
      `node ${results.environment.node}, ${results.environment.cpus} cpu, load ${results.environment.loadAverage.start.toFixed(1)}→${results.environment.loadAverage.end.toFixed(1)}; ` +
      `scale ${results.scale}, median of ${results.scans[0]?.repetitions ?? 0})`,
  );
  out.push('');
  out.push(
    table([
      ['corpus', 'files', 'lines', 'scan s', 'files/s', 'lines/s', 'parse-only s', 'scan/parse', 'findings'],
      ...results.scans.map((s) => [
        s.language,
        int(s.files),
        int(s.lines),
        (s.scanMsMedian / 1000).toFixed(2),
        int(s.filesPerSecond),
        int(s.linesPerSecond),
        (s.parseOnlyMsMedian / 1000).toFixed(2),
        `${s.scanToParseRatio.toFixed(2)}x`,
        int(s.findings),
      ]),
    ]),
  );
  const seconds = (samples: number[]) => samples.map((ms) => (ms / 1000).toFixed(2)).join('/');
  for (const s of results.scans) {
    out.push(
      `  ${s.language} samples: scan ${seconds(s.scanMsSamples)} s, parse-only ${seconds(s.parseOnlyMsSamples)} s; ` +
        `median of per-repetition ratios ${s.scanToParseRatioPerRepetitionMedian.toFixed(2)}x`,
    );
  }
  for (const s of results.scans) {
    const rules = Object.entries(s.findingsByRule).sort((a, b) => a[0].localeCompare(b[0]));
    out.push(`  ${s.language} findings by rule: ${rules.length ? rules.map(([r, n]) => `${r} ${n}`).join(', ') : 'none'}`);
  }
  const server = results.server;
  if (server) {
    out.push('');
    out.push(`language server: ${server.bundle}`);
    if (server.memoryGo) {
      const m = server.memoryGo;
      out.push(
        `  Go corpus indexed (${int(m.files)} files opened + diagnostics pulled in ${(m.indexMs / 1000).toFixed(1)} s, ${int(m.diagnostics)} diagnostics): ` +
          `peak RSS ${mb(m.peakRss)} (VmHWM), RSS ${mb(m.rssAfterIndexing)} after, ${mb(m.rssAfterInitialize)} after initialize`,
      );
    }
    if (server.editLatency.length) {
      out.push(
        table([
          ['  edit -> diagnostics', 'lines', 'edits', 'p50 ms', 'p95 ms', 'max ms', 'diags'],
          ...server.editLatency.map((e) => [`  ${e.language}`, int(e.lines), int(e.edits), e.p50Ms.toFixed(1), e.p95Ms.toFixed(1), e.maxMs.toFixed(1), int(e.initialDiagnostics)]),
        ]),
      );
    }
  }
  out.push('');
  out.push(`total ${results.durationSeconds.toFixed(0)} s`);
  return out.join('\n');
}
