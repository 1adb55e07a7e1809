/** The benchmark's results: the printed table and the JSON written to test-output/bench/. */
import type { CollectorCost } from './measure/collectorCost';
import type { ProfileSummary } from './measure/cpuProfiles';
import type { EditLatencyResult } from './measure/editLatency';
import { JS_BIOME_ROW, JS_ESLINT_ROW, type JsPeerRows, type PeerRow } from './measure/peerComparisons';
import type { ServerMemoryResult } from './measure/serverMemory';
import type { SideBySide } from './measure/wholeProcess';

export interface LanguageScanResult {
  /** The corpus: `go (generated)`, `go stdlib`, `js/ts (generated)`, ... */
  language: string;
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
  /** Each file scanned alone (Engine.scan([file])), ms. */
  perFileMs?: { p50: number; p99: number; max: number };
}

export interface LargeFileResult {
  file: string;
  lines: number;
  scanMs: number;
  parseMs: number;
  repetitions: number;
}

export interface BenchResults {
  startedAt: string;
  durationSeconds: number;
  quick: boolean;
  environment: {
    node: string;
    go: string;
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
  largeTs?: LargeFileResult[];
  bundles?: { server: string; cli: string };
  peers?: PeerRow[];
  bodyclose?: string;
  /** Files ESLint linted in its untimed check run, or why the ESLint row is missing. */
  eslint?: JsPeerRows['eslint'];
  server?: {
    bundle: string;
    memory: ServerMemoryResult;
    openedLines: number;
    editLatency: Array<EditLatencyResult & { language: string; parseOnceMs: number }>;
  };
  profiles?: ProfileSummary[];
  collector?: CollectorCost | { skipped: string };
}

const mb = (bytes: number) => `${(bytes / (1024 * 1024)).toFixed(0)} MB`;
const int = (n: number) => Math.round(n).toLocaleString('en-US');

/** Columns after the first are right-aligned (figures) unless `leftAligned` (sentences). */
function table(rows: string[][], leftAligned = false): string {
  const widths = rows[0].map((_, c) => Math.max(...rows.map((r) => r[c].length)));
  const cell = (text: string, c: number) => (c === 0 || leftAligned ? text.padEnd(widths[c]) : text.padStart(widths[c]));
  return rows.map((r) => r.map(cell).join('  ').trimEnd()).join('\n');
}

const secs = (ms: number) => `${(ms / 1000).toFixed(2)} s`;

/** A/B time ratio as a speed statement about A. */
export function speedAgainst(ratio: number, yardstick: string): string {
  if (!Number.isFinite(ratio)) return 'n/a';
  return ratio <= 1 ? `${(1 / ratio).toFixed(2)}x faster than ${yardstick}` : `${ratio.toFixed(2)}x slower than ${yardstick}`;
}

function peer(results: BenchResults, row: string): SideBySide | undefined {
  return results.peers?.find((p) => p.row === row)?.comparison;
}

function collectorFigure(c: CollectorCost): string {
  const perSample = (ms: number) => (ms / c.samplesPerRun).toFixed(0);
  return (
    `${c.result.cpuRatio.toFixed(2)}x (${perSample(c.result.a.cpuMsMedian)} vs ${perSample(c.result.b.cpuMsMedian)} ms); ` +
    `floor, ss -tanH | awk counting lines: ${c.floor.cpuRatio.toFixed(2)}x (${perSample(c.floor.a.cpuMsMedian)} ms)`
  );
}

/** Issue 15's table, row by row: what this run measured next to the goal. */
function issueRows(results: BenchResults): string[][] {
  const rows: string[][] = [['issue 15 row', 'measured', 'goal']];
  const versus = (c: SideBySide, yardstick: string) =>
    `${speedAgainst(c.wallRatio, yardstick)} (${secs(c.a.wallMsMedian)} vs ${secs(c.b.wallMsMedian)})`;
  const missing = 'not measured in this run';
  const notGiven = results.bodyclose?.startsWith('not given') ? 'bodyclose path not given' : missing;
  const stdBc = peer(results, 'Go stdlib: socket-lens scan vs bodyclose');
  const stdFmt = peer(results, 'Go stdlib: socket-lens scan vs gofmt -l');
  const stdScan = results.scans.find((s) => s.language === 'go stdlib');
  rows.push([
    `Go stdlib${stdScan ? ` (${int(stdScan.files)} files, ${int(stdScan.lines)} lines)` : ''}, wall vs bodyclose`,
    stdBc ? versus(stdBc, 'bodyclose') : notGiven,
    '>= 10x faster',
  ]);
  if (stdFmt) rows.push(['  (extra) Go stdlib, wall vs gofmt -l', versus(stdFmt, 'gofmt -l'), '']);
  const httpBc = peer(results, 'net/http: socket-lens scan vs bodyclose');
  const httpVet = peer(results, 'net/http: socket-lens scan vs go vet');
  const httpFmt = peer(results, 'net/http: socket-lens scan vs gofmt -l');
  rows.push([
    'net/http, wall vs bodyclose / vs go vet',
    `${httpBc ? versus(httpBc, 'bodyclose') : notGiven} / ${httpVet ? versus(httpVet, 'go vet') : missing}`,
    '>= 5x faster than bodyclose, faster than go vet',
  ]);
  if (httpFmt) rows.push(['  (extra) net/http, wall vs gofmt -l', speedAgainst(httpFmt.wallRatio, 'gofmt -l'), '']);
  for (const s of results.scans.filter((x) => x.language.startsWith('go'))) {
    const ratio = `${s.scanToParseRatioPerRepetitionMedian.toFixed(2)}x (${secs(s.scanMsMedian)} vs ${secs(s.parseOnlyMsMedian)})`;
    rows.push([`Go scan CPU vs one tree-sitter parse: ${s.language}`, ratio, '<= 1.2x']);
  }
  const js = results.scans.find((s) => s.language.startsWith('js'));
  const eslint = peer(results, JS_ESLINT_ROW);
  const biome = peer(results, JS_BIOME_ROW);
  const eslintText = eslint
    ? versus(eslint, 'ESLint')
    : results.eslint && 'missing' in results.eslint
      ? results.eslint.missing
      : missing;
  rows.push([
    'JS/TS scan vs ts.createSourceFile / vs ESLint one rule',
    `${js ? `${js.scanToParseRatioPerRepetitionMedian.toFixed(2)}x` : missing} / ${eslintText}`,
    '<= 1.3x parse / >= 5x faster than ESLint',
  ]);
  if (biome) rows.push(['  (extra) JS/TS, wall vs Biome lint (recommended rules)', versus(biome, 'Biome'), '']);
  if (eslint) {
    rows.push([
      '  (extra) JS/TS corpus, peak RSS of the whole process',
      `socket-lens scan ${mb(eslint.a.peakRssBytesMax)}, ESLint one rule ${mb(eslint.b.peakRssBytesMax)}` +
        (biome ? `, Biome ${mb(biome.b.peakRssBytesMax)}` : ''),
      '',
    ]);
  }
  const large = results.largeTs ?? [];
  if (large.length) {
    const [small, big] = [large[0], large[large.length - 1]];
    const growth = big.scanMs / small.scanMs / (big.lines / small.lines);
    rows.push([
      `one TS file of ${int(big.lines)} lines`,
      `${secs(big.scanMs)}, ${(big.scanMs / big.parseMs).toFixed(2)}x parse; ${int(small.lines)} lines ${secs(small.scanMs)} ` +
        `(time grows ${(big.scanMs / small.scanMs).toFixed(2)}x for ${(big.lines / small.lines).toFixed(1)}x lines: ${growth < 1.3 ? 'linear' : 'worse than linear'})`,
      'linear, <= 2x parse',
    ]);
  } else rows.push(['one TS file of 200k lines', missing, 'linear, <= 2x parse']);
  const server = results.server;
  rows.push([
    server ? `language server, ${int(server.memory.files)} open files (${int(server.openedLines)} lines)` : 'language server, 10,000 open files',
    server
      ? `peak RSS ${mb(server.memory.peakRss)}, ${mb(server.memory.rssAfterIndexing)} after (${mb(server.memory.rssAfterInitialize)} after initialize` +
        `${(server.memory.byLanguage ?? []).map((l) => `; ${mb(l.rssAfter)} after the ${int(l.files)} ${l.language} files`).join('')})`
      : missing,
    '<= 500 MB',
  ]);
  for (const e of server?.editLatency ?? []) {
    rows.push([
      `edit -> diagnostic, ${int(e.lines)}-line ${e.language} file vs one parse`,
      `p50 ${(e.p50Ms / e.parseOnceMs).toFixed(1)}x (${e.p50Ms.toFixed(1)} vs ${e.parseOnceMs.toFixed(1)} ms), p95 ${e.p95Ms.toFixed(1)} ms`,
      '<= 2x, p95 < 30 ms',
    ]);
  }
  const help = peer(results, 'start-up: socket-lens --help vs node -e 0');
  const one = peer(results, 'start-up: socket-lens scan one.go vs node -e 0');
  rows.push([
    'socket-lens scan one.go / --help (bare node)',
    help && one ? `${secs(one.a.wallMsMedian)} / ${secs(help.a.wallMsMedian)} (node -e 0: ${secs(help.b.wallMsMedian)})` : missing,
    '<= 0.15 s',
  ]);
  const c = results.collector;
  rows.push([
    c && 'result' in c ? `collector CPU per sample vs one ss -tan (${int(c.timeWaitBefore)} TIME_WAIT)` : 'collector CPU per sample vs one ss -tan',
    c ? ('result' in c ? collectorFigure(c) : c.skipped) : missing,
    '<= 1.2x',
  ]);
  return rows;
}

export function formatReport(results: BenchResults): string {
  const out: string[] = [];
  const env = results.environment;
  out.push(
    `Socket Lens benchmark${results.quick ? ' (--quick)' : ''}  (commit ${env.commit}, ${env.uncommittedFrontEndFiles} uncommitted front-end files; ` +
      `node ${env.node}, ${env.go}, ${env.cpus} cpu, load ${env.loadAverage.start.toFixed(1)}->${env.loadAverage.end.toFixed(1)}; ` +
      `scale ${results.scale}, median of ${results.scans[0]?.repetitions ?? 0})`,
  );
  out.push('');
  out.push(table(issueRows(results), true));
  out.push('');
  if (results.scans.length) {
    out.push(
      table([
        ['corpus (in process)', 'files', 'lines', 'scan s', 'files/s', 'lines/s', 'parse-only s', 'scan/parse', 'alone p50/p99 ms', 'findings'],
        ...results.scans.map((s) => [
          s.language,
          int(s.files),
          int(s.lines),
          (s.scanMsMedian / 1000).toFixed(2),
          int(s.filesPerSecond),
          int(s.linesPerSecond),
          (s.parseOnlyMsMedian / 1000).toFixed(2),
          `${s.scanToParseRatioPerRepetitionMedian.toFixed(2)}x`,
          s.perFileMs ? `${s.perFileMs.p50.toFixed(1)}/${s.perFileMs.p99.toFixed(1)}` : '-',
          int(s.findings),
        ]),
      ]),
    );
    const seconds = (samples: number[]) => samples.map((ms) => (ms / 1000).toFixed(2)).join('/');
    for (const s of results.scans) {
      out.push(`  ${s.language} samples: scan ${seconds(s.scanMsSamples)} s, parse-only ${seconds(s.parseOnlyMsSamples)} s`);
    }
    for (const s of results.scans) {
      const rules = Object.entries(s.findingsByRule).sort((a, b) => a[0].localeCompare(b[0]));
      out.push(`  ${s.language} findings by rule: ${rules.length ? rules.map(([r, n]) => `${r} ${n}`).join(', ') : 'none'}`);
    }
    out.push('');
  }
  if (results.peers?.length) {
    out.push(
      table([
        ['whole processes, alternated', 'A wall', 'B wall', 'A cpu', 'B cpu', 'A peak', 'B peak', 'A/B wall', 'A/B cpu', 'pairs', 'load'],
        ...results.peers.map(({ row, comparison: c }) => [
          row,
          secs(c.a.wallMsMedian),
          secs(c.b.wallMsMedian),
          secs(c.a.cpuMsMedian),
          secs(c.b.cpuMsMedian),
          mb(c.a.peakRssBytesMax),
          mb(c.b.peakRssBytesMax),
          `${c.wallRatio.toFixed(2)}x`,
          `${c.cpuRatio.toFixed(2)}x`,
          String(c.a.runs),
          `${c.load.start.toFixed(1)}-${c.load.end.toFixed(1)}`,
        ]),
      ]),
    );
    out.push(`  bodyclose: ${results.bodyclose}`);
    if (results.eslint) {
      out.push(`  ESLint: ${'files' in results.eslint ? `${int(results.eslint.files)} files linted (untimed check run)` : results.eslint.missing}`);
    }
    out.push('');
  }
  if (results.profiles?.length) {
    for (const p of results.profiles) {
      out.push(`CPU profile ${p.name} (${secs(p.totalMs)} sampled; ${p.file}): top self time`);
      for (const t of p.top) out.push(`  ${(t.share * 100).toFixed(1).padStart(5)} %  ${secs(t.selfMs).padStart(8)}  ${t.function}`);
    }
    out.push('');
  }
  out.push(`total ${results.durationSeconds.toFixed(0)} s`);
  return out.join('\n');
}
