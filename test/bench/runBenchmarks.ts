/**
 * `npm run bench`: scan speed (files/s, lines/s, scan/parse-only ratio) on generated Go and JS/TS
 * corpora, the language server's peak memory after indexing the Go corpus, and edit-to-diagnostic
 * latency over the protocol on ~2,000-line Go and TS files. It reports; it asserts nothing.
 *
 * Environment:
 *   BENCH_SCALE   corpus size as a fraction of full size (default 1: ≥2,000 files / ≥300,000 lines each)
 *   BENCH_REPS    repetitions of the scan and of the parse-only pass, median reported (default 3)
 *   BENCH_EDITS   edits per latency run (default 200)
 *   BENCH_SERVER  `dist` to measure dist/server/server.js instead of a fresh bundle of the working
 *                 tree; `off` to skip the language server measurements
 */
import { execFileSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { formatReport, type BenchResults, type LanguageScanResult } from './benchReport';
import { ensureCorpus, type CorpusOnDisk } from './corpus/corpusCache';
import { GO_GENERATOR_VERSION, generateGoCorpus, generateLargeGoFile } from './corpus/goCorpus';
import { JS_GENERATOR_VERSION, generateJsCorpus, generateLargeTsFile } from './corpus/jsCorpus';
import { measureEditLatency } from './measure/editLatency';
import { createEngine, timeEngineScan, type ScanResult } from './measure/engineScan';
import { timeGoParse, timeTypeScriptParse, type SourceText } from './measure/parseOnly';
import { prepareServerBundle } from './measure/serverBundle';
import { measureServerMemory } from './measure/serverMemory';
import { median } from './measure/statistics';

const REPO_ROOT = path.resolve(__dirname, '..', '..');
const CACHE_ROOT = path.join(REPO_ROOT, '.cache', 'bench');
const OUTPUT = path.join(REPO_ROOT, 'test-output', 'bench', 'results.json');
const SEED = 'socket-lens-bench-1';

function numberFromEnv(name: string, fallback: number): number {
  const raw = process.env[name];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isFinite(value) || value <= 0) throw new Error(`${name} must be a positive number, not '${raw}'`);
  return value;
}

function progress(message: string): void {
  process.stderr.write(`[bench] ${message}\n`);
}

function readSources(corpus: CorpusOnDisk): SourceText[] {
  return corpus.files.map((p) => ({ path: p, text: fs.readFileSync(p, 'utf8') }));
}

function git(args: string[]): string {
  try {
    return execFileSync('git', args, { cwd: REPO_ROOT, encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim();
  } catch {
    return 'unknown';
  }
}

async function benchLanguage(
  language: LanguageScanResult['language'],
  corpus: CorpusOnDisk,
  repetitions: number,
  parseOnly: (sources: SourceText[]) => Promise<number> | number,
  parseOnlyMethod: string,
): Promise<LanguageScanResult> {
  const sources = readSources(corpus);
  const scanSamples: number[] = [];
  const parseSamples: number[] = [];
  let last: ScanResult | undefined;
  // Untimed warm-up on a slice of the corpus so that JIT compilation is not in the first sample.
  const warmUp = sources.slice(0, 100);
  await parseOnly(warmUp);
  timeEngineScan((await createEngine()).engine, warmUp);
  for (let rep = 0; rep < repetitions; rep++) {
    parseSamples.push(await parseOnly(sources));
    // A fresh engine per repetition: nothing cached from the previous pass.
    const { engine } = await createEngine();
    last = timeEngineScan(engine, sources);
    scanSamples.push(last.ms);
    progress(`${language} rep ${rep + 1}/${repetitions}: scan ${(last.ms / 1000).toFixed(2)} s, parse-only ${(parseSamples[rep] / 1000).toFixed(2)} s`);
  }
  const scanMs = median(scanSamples);
  const parseMs = median(parseSamples);
  const extensions: Record<string, number> = {};
  for (const s of sources) extensions[path.extname(s.path)] = (extensions[path.extname(s.path)] ?? 0) + 1;
  return {
    language,
    files: corpus.files.length,
    lines: corpus.lines,
    bytes: corpus.bytes,
    repetitions,
    scanMsMedian: scanMs,
    scanMsSamples: scanSamples,
    parseOnlyMsMedian: parseMs,
    parseOnlyMsSamples: parseSamples,
    parseOnlyMethod,
    filesPerSecond: corpus.files.length / (scanMs / 1000),
    linesPerSecond: corpus.lines / (scanMs / 1000),
    scanToParseRatio: scanMs / parseMs,
    scanToParseRatioPerRepetitionMedian: median(scanSamples.map((ms, i) => ms / parseSamples[i])),
    scanMsMin: Math.min(...scanSamples),
    parseOnlyMsMin: Math.min(...parseSamples),
    findings: last!.findings,
    findingsByRule: last!.findingsByRule,
    extensions,
  };
}

async function main(): Promise<void> {
  const started = Date.now();
  const loadAtStart = os.loadavg()[0];
  const scale = numberFromEnv('BENCH_SCALE', 1);
  const repetitions = Math.round(numberFromEnv('BENCH_REPS', 3));
  const edits = Math.round(numberFromEnv('BENCH_EDITS', 200));
  const serverMode = process.env.BENCH_SERVER ?? 'source';

  // One folder per scale, so a quick BENCH_SCALE=0.1 run does not throw away the full corpus.
  const suffix = scale === 1 ? '' : `-scale${scale}`;
  progress(`corpora (scale ${scale}) under ${path.relative(REPO_ROOT, CACHE_ROOT)}/`);
  const goCorpus = ensureCorpus(path.join(CACHE_ROOT, `go-corpus${suffix}`), `go:v${GO_GENERATOR_VERSION}:${SEED}:${scale}`, () =>
    generateGoCorpus({ scale, seed: SEED }),
  );
  const jsCorpus = ensureCorpus(path.join(CACHE_ROOT, `js-corpus${suffix}`), `js:v${JS_GENERATOR_VERSION}:${SEED}:${scale}`, () =>
    generateJsCorpus({ scale, seed: SEED }),
  );
  const goLarge = ensureCorpus(path.join(CACHE_ROOT, 'latency-go'), `go-large:v${GO_GENERATOR_VERSION}:${SEED}`, () => generateLargeGoFile(SEED, 2000));
  const tsLarge = ensureCorpus(path.join(CACHE_ROOT, 'latency-ts'), `ts-large:v${JS_GENERATOR_VERSION}:${SEED}`, () => [generateLargeTsFile(SEED, 2000)]);
  for (const [name, c] of [['go', goCorpus], ['js/ts', jsCorpus]] as const) {
    progress(`${name}: ${c.files.length} files, ${c.lines} lines (${c.generated ? 'generated' : 'reused'})`);
  }

  const { ms: engineCreateMs } = await createEngine();
  const scans = [
    await benchLanguage('go', goCorpus, repetitions, (s) => timeGoParse(s), 'web-tree-sitter Parser.parse with tree-sitter-go.wasm'),
    await benchLanguage('js/ts', jsCorpus, repetitions, (s) => timeTypeScriptParse(s), 'ts.createSourceFile(setParentNodes=true, ScriptKind by extension)'),
  ];

  const results: BenchResults = {
    startedAt: new Date(started).toISOString(),
    durationSeconds: 0,
    environment: {
      node: process.version,
      platform: `${os.platform()} ${os.release()}`,
      cpus: os.cpus().length,
      cpuModel: os.cpus()[0]?.model ?? 'unknown',
      commit: git(['log', '--oneline', '-1']),
      uncommittedFrontEndFiles: git(['status', '--porcelain', '--', 'server/src/engine']).split('\n').filter(Boolean).length,
      loadAverage: { start: loadAtStart, end: loadAtStart },
    },
    scale,
    seed: SEED,
    engineCreateMs,
    scans,
  };

  if (serverMode !== 'off') {
    const bundle = await prepareServerBundle(REPO_ROOT, CACHE_ROOT);
    progress(`language server: ${bundle.description}`);
    const goSources = readSources(goCorpus);
    progress(`server memory: opening ${goSources.length} Go files`);
    const memoryGo = await measureServerMemory(bundle.path, goCorpus.root, goSources, () => 'go');
    const latency = [];
    const [goClient, goLargeFile] = readSources(goLarge);
    progress(`edit latency: Go, ${edits} edits`);
    latency.push({ language: 'go', ...(await measureEditLatency(bundle.path, goLarge.root, goLargeFile, [goClient], 'go', edits)) });
    const [tsLargeFile] = readSources(tsLarge);
    progress(`edit latency: TypeScript, ${edits} edits`);
    latency.push({ language: 'typescript', ...(await measureEditLatency(bundle.path, tsLarge.root, tsLargeFile, [], 'typescript', edits)) });
    results.server = { bundle: bundle.description, memoryGo, editLatency: latency };
  }

  results.durationSeconds = (Date.now() - started) / 1000;
  results.environment.loadAverage.end = os.loadavg()[0];
  fs.mkdirSync(path.dirname(OUTPUT), { recursive: true });
  fs.writeFileSync(OUTPUT, JSON.stringify(results, null, 2) + '\n');
  process.stdout.write(formatReport(results) + '\n');
  process.stdout.write(`results: ${path.relative(REPO_ROOT, OUTPUT)}\n`);
}

main().catch((err) => {
  process.stderr.write(`bench failed: ${err?.stack ?? err}\n`);
  process.exitCode = 1;
});
