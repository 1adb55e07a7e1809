/**
 * `npm run bench`: every row of issue 15, measured side by side and printed with the load average.
 *
 *  - in-process scan vs parse-only (median of BENCH_REPS; the stdlib once): generated Go and JS/TS corpora, the
 *    Go standard library of the installed toolchain, one Go package wider than the tree cache; per-file p50/p99;
 *  - one generated TS file of 100k and 200k lines (linear or not) vs ts.createSourceFile;
 *  - whole processes, alternated with their yardstick: start-up vs `node -e 0`; net/http and the stdlib vs
 *    `go vet`, `gofmt -l` and bodyclose (only when a path is given); the JS/TS corpus vs ESLint with one rule
 *    and, as an extra peer, Biome's linter;
 *  - the language server: RSS with 10,000 open files (Go and JS/TS), edit -> diagnostic vs one parse;
 *  - the collector's CPU per socket-table sample vs one `ss -tan` with 20,000 TIME_WAIT sockets;
 *  - CPU profiles (node --cpu-prof) of a stdlib scan and of the 200k-line TS file: top self time.
 * It reports; it asserts nothing.
 *
 * Flags: --quick (smaller sizes, one repetition, no stdlib peer runs, no profiles; a few minutes)
 *        --bodyclose PATH (or BENCH_BODYCLOSE) to add bodyclose rows
 *        --cli-before PATH (or BENCH_CLI_BEFORE): dist/cli/socket-lens.js of an earlier build, for start-up rows
 *          old vs new in the same run
 *        --only a,b (sections: scan, large-ts, startup, go-peers, js-peer, server, collector, profiles)
 * Environment:
 *   BENCH_SCALE   generated corpus size as a fraction of full size (default 1; 0.25 with --quick)
 *   BENCH_REPS    repetitions of the in-process scans and parse-only passes, median reported (default 3)
 *   BENCH_PAIRS   A/B pairs per whole-process comparison (default 3; 2 with --quick)
 *   BENCH_EDITS   edits per latency run (default 200)
 *   BENCH_SERVER  `dist` to measure dist/ bundles instead of fresh bundles of the working tree; `off` to
 *                 skip the language server measurements
 */
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { collectSourceFiles } from '../../server/src/cli/collectSourceFiles';
import { formatReport, type BenchResults, type LanguageScanResult, type LargeFileResult } from './benchReport';
import { ensureCorpus } from './corpus/corpusCache';
import { GO_GENERATOR_VERSION, generateGoCorpus, generateLargeGoFile, generateLargeGoPackage } from './corpus/goCorpus';
import { JS_GENERATOR_VERSION, generateJsCorpus, generateLargeTsFile } from './corpus/jsCorpus';
import { measureCollectorCost } from './measure/collectorCost';
import { profileLargeFileScan, profileScan } from './measure/cpuProfiles';
import { measureEditLatency } from './measure/editLatency';
import { createEngine, timeEngineScan, timePerFileScans, type ScanResult } from './measure/engineScan';
import { goRoot, measureGoPeers, measureJsPeer, measureStartUp, type PeerSettings } from './measure/peerComparisons';
import { timeGoParse, timeTypeScriptParse, type SourceText } from './measure/parseOnly';
import { prepareCliBundle, prepareServerBundle } from './measure/serverBundle';
import { measureServerMemory } from './measure/serverMemory';
import { median, percentile } from './measure/statistics';

const REPO_ROOT = path.resolve(__dirname, '..', '..');
const CACHE_ROOT = path.join(REPO_ROOT, '.cache', 'bench');
const OUTPUT_DIR = path.join(REPO_ROOT, 'test-output', 'bench');
const OUTPUT = path.join(OUTPUT_DIR, 'results.json');
const SEED = 'socket-lens-bench-1';
const SECTIONS = ['scan', 'large-ts', 'startup', 'go-peers', 'js-peer', 'server', 'collector', 'profiles'] as const;
type Section = (typeof SECTIONS)[number];

interface Flags {
  quick: boolean;
  bodyclose?: string;
  cliBefore?: string;
  only: Set<Section>;
}

function parseFlags(argv: readonly string[]): Flags {
  const flags: Flags = {
    quick: false,
    bodyclose: process.env.BENCH_BODYCLOSE || undefined,
    cliBefore: process.env.BENCH_CLI_BEFORE || undefined,
    only: new Set(SECTIONS),
  };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === '--quick') flags.quick = true;
    else if (arg === '--bodyclose' && argv[i + 1]) flags.bodyclose = argv[++i];
    else if (arg === '--cli-before' && argv[i + 1]) flags.cliBefore = argv[++i];
    else if (arg === '--only' && argv[i + 1]) {
      const wanted = argv[++i].split(',');
      for (const w of wanted) if (!SECTIONS.includes(w as Section)) throw new Error(`unknown section '${w}' (known: ${SECTIONS.join(', ')})`);
      flags.only = new Set(wanted as Section[]);
    } else throw new Error(`unknown argument '${arg}' (flags: --quick, --bodyclose PATH, --cli-before PATH, --only SECTION[,SECTION...])`);
  }
  if (flags.cliBefore) {
    flags.cliBefore = path.resolve(flags.cliBefore);
    if (!fs.existsSync(flags.cliBefore)) throw new Error(`earlier CLI bundle not found at ${flags.cliBefore}`);
  }
  if (flags.bodyclose) {
    flags.bodyclose = path.resolve(flags.bodyclose);
    if (!fs.existsSync(flags.bodyclose)) throw new Error(`bodyclose not found at ${flags.bodyclose}`);
  }
  return flags;
}

function numberFromEnv(name: string, fallback: number): number {
  const raw = process.env[name];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isFinite(value) || value <= 0) throw new Error(`${name} must be a positive number, not '${raw}'`);
  return value;
}

function progress(message: string): void {
  process.stderr.write(`[bench ${new Date().toISOString().slice(11, 19)} load ${os.loadavg()[0].toFixed(1)}] ${message}\n`);
}

function readSources(files: readonly string[]): SourceText[] {
  return files.map((p) => ({ path: p, text: fs.readFileSync(p, 'utf8') }));
}

function lineCount(sources: readonly SourceText[]): number {
  let n = 0;
  for (const s of sources) for (let i = s.text.indexOf('\n'); i !== -1; i = s.text.indexOf('\n', i + 1)) n++;
  return n;
}

function git(args: string[]): string {
  try {
    return execFileSync('git', args, { cwd: REPO_ROOT, encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim();
  } catch {
    return 'unknown';
  }
}

const isGo = (p: string) => p.endsWith('.go');

async function benchCorpus(
  name: string,
  sources: SourceText[],
  repetitions: number,
  /** Scan up to this many files (evenly spread) on their own too, for per-file p50/p99; 0 = none. */
  perFileCount: number,
): Promise<LanguageScanResult> {
  const go = sources.every((s) => isGo(s.path));
  const parseOnly = (s: SourceText[]) => (go ? timeGoParse(s) : timeTypeScriptParse(s));
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
    progress(`${name} rep ${rep + 1}/${repetitions}: scan ${(last.ms / 1000).toFixed(2)} s, parse-only ${(parseSamples[rep] / 1000).toFixed(2)} s`);
  }
  let perFileMs: LanguageScanResult['perFileMs'];
  if (perFileCount > 0) {
    // One fresh engine for the sample; a Go file scanned alone still reads its package's other files from
    // disk, as the language server does for one open document.
    const stride = Math.max(1, Math.ceil(sources.length / perFileCount));
    const samples = timePerFileScans(
      (await createEngine()).engine,
      sources.filter((_, i) => i % stride === 0),
    );
    perFileMs = { p50: percentile(samples, 50), p99: percentile(samples, 99), max: Math.max(...samples) };
    progress(`${name} per file: p50 ${perFileMs.p50.toFixed(1)} ms, p99 ${perFileMs.p99.toFixed(1)} ms`);
  }
  const scanMs = median(scanSamples);
  const parseMs = median(parseSamples);
  const extensions: Record<string, number> = {};
  for (const s of sources) extensions[path.extname(s.path)] = (extensions[path.extname(s.path)] ?? 0) + 1;
  return {
    language: name,
    files: sources.length,
    lines: lineCount(sources),
    bytes: sources.reduce((n, s) => n + Buffer.byteLength(s.text), 0),
    repetitions,
    scanMsMedian: scanMs,
    scanMsSamples: scanSamples,
    parseOnlyMsMedian: parseMs,
    parseOnlyMsSamples: parseSamples,
    parseOnlyMethod: go ? 'web-tree-sitter Parser.parse with tree-sitter-go.wasm' : 'ts.createSourceFile(setParentNodes=true, ScriptKind by extension)',
    filesPerSecond: sources.length / (scanMs / 1000),
    linesPerSecond: lineCount(sources) / (scanMs / 1000),
    scanToParseRatio: scanMs / parseMs,
    scanToParseRatioPerRepetitionMedian: median(scanSamples.map((ms, i) => ms / parseSamples[i])),
    scanMsMin: Math.min(...scanSamples),
    parseOnlyMsMin: Math.min(...parseSamples),
    findings: last!.findings,
    findingsByRule: last!.findingsByRule,
    extensions,
    perFileMs,
  };
}

/** One large TS file: a scan of it alone (fresh engine) against one ts.createSourceFile of it. */
async function benchLargeTs(lines: number, repetitions: number): Promise<LargeFileResult> {
  const corpus = ensureCorpus(path.join(CACHE_ROOT, `large-ts-${lines}`), `ts-large:v${JS_GENERATOR_VERSION}:${SEED}:${lines}`, () => [
    generateLargeTsFile(SEED, lines),
  ]);
  const [source] = readSources(corpus.files);
  const scans: number[] = [];
  const parses: number[] = [];
  for (let rep = 0; rep < repetitions; rep++) {
    parses.push(timeTypeScriptParse([source]));
    // Above the size the engine analyses by default (MAX_ANALYSED_CHARS): the limit is raised for this file.
    const { engine } = await createEngine({ maxAnalysedChars: source.text.length });
    const scan = timeEngineScan(engine, [source]);
    if (scan.findings === 0) throw new Error(`the ${corpus.lines}-line TS file gave no findings: not analysed?`);
    scans.push(scan.ms);
    progress(`TS file of ${corpus.lines} lines: scan ${(scans[rep] / 1000).toFixed(2)} s, parse ${(parses[rep] / 1000).toFixed(2)} s`);
  }
  return { file: source.path, lines: corpus.lines, scanMs: median(scans), parseMs: median(parses), repetitions };
}

async function main(): Promise<void> {
  const flags = parseFlags(process.argv.slice(2));
  const started = Date.now();
  const loadAtStart = os.loadavg()[0];
  const quick = flags.quick;
  const scale = numberFromEnv('BENCH_SCALE', quick ? 0.25 : 1);
  const repetitions = Math.round(numberFromEnv('BENCH_REPS', quick ? 1 : 3));
  const pairs = Math.round(numberFromEnv('BENCH_PAIRS', quick ? 2 : 3));
  const edits = Math.round(numberFromEnv('BENCH_EDITS', quick ? 50 : 200));
  const serverMode = process.env.BENCH_SERVER ?? 'source';
  const serverFiles = quick ? 2000 : 10_000;
  const largeTsLines = quick ? [25_000, 50_000] : [100_000, 200_000];
  const timeWaitSockets = quick ? 5000 : 20_000;
  const on = (s: Section) => flags.only.has(s) && !(quick && s === 'profiles');

  // One folder per scale, so a quick BENCH_SCALE=0.1 run does not throw away the full corpus.
  const suffix = scale === 1 ? '' : `-scale${scale}`;
  progress(`corpora (scale ${scale}) under ${path.relative(REPO_ROOT, CACHE_ROOT)}/`);
  const goCorpus = ensureCorpus(path.join(CACHE_ROOT, `go-corpus${suffix}`), `go:v${GO_GENERATOR_VERSION}:${SEED}:${scale}`, () =>
    generateGoCorpus({ scale, seed: SEED }),
  );
  const jsCorpus = ensureCorpus(path.join(CACHE_ROOT, `js-corpus${suffix}`), `js:v${JS_GENERATOR_VERSION}:${SEED}:${scale}`, () =>
    generateJsCorpus({ scale, seed: SEED }),
  );
  const widePackage = ensureCorpus(path.join(CACHE_ROOT, 'go-wide-package'), `go-wide:v${GO_GENERATOR_VERSION}:${SEED}:80`, () =>
    generateLargeGoPackage(SEED, 80),
  );
  const goLarge = ensureCorpus(path.join(CACHE_ROOT, 'latency-go'), `go-large:v${GO_GENERATOR_VERSION}:${SEED}`, () => generateLargeGoFile(SEED, 2000));
  const tsLarge = ensureCorpus(path.join(CACHE_ROOT, 'latency-ts'), `ts-large:v${JS_GENERATOR_VERSION}:${SEED}`, () => [generateLargeTsFile(SEED, 2000)]);
  const stdlibRoot = path.join(goRoot(), 'src');

  const { engine: probeEngine, ms: engineCreateMs } = await createEngine();
  const results: BenchResults = {
    startedAt: new Date(started).toISOString(),
    durationSeconds: 0,
    quick,
    environment: {
      node: process.version,
      go: execFileSync('go', ['version'], { encoding: 'utf8' }).trim(),
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
    scans: [],
  };

  if (on('scan')) {
    const stdlib = readSources(collectSourceFiles([stdlibRoot], (p) => isGo(p) && probeEngine.handles(p)));
    progress(`Go stdlib ${stdlibRoot}: ${stdlib.length} files`);
    const perFile = quick ? 100 : 300;
    results.scans.push(await benchCorpus('go (generated)', readSources(goCorpus.files), repetitions, perFile));
    // The stdlib is the largest corpus: one repetition.
    results.scans.push(await benchCorpus('go stdlib', stdlib, 1, perFile));
    results.scans.push(await benchCorpus('go package of 80 files', readSources(widePackage.files), repetitions, 0));
    results.scans.push(await benchCorpus('js/ts (generated)', readSources(jsCorpus.files), repetitions, perFile));
  }
  if (on('large-ts')) {
    results.largeTs = [];
    for (const lines of largeTsLines) results.largeTs.push(await benchLargeTs(lines, 1));
  }

  const needCli = on('startup') || on('go-peers') || on('js-peer') || on('profiles');
  if (needCli || (on('server') && serverMode !== 'off')) {
    const serverBundle = await prepareServerBundle(REPO_ROOT, CACHE_ROOT);
    const cli = await prepareCliBundle(REPO_ROOT, CACHE_ROOT);
    results.bundles = { server: serverBundle.description, cli: cli.description };
    const settings: PeerSettings = { cli: cli.path, pairs, bodyclose: flags.bodyclose, cliBefore: flags.cliBefore, progress };
    results.peers = [];
    if (on('startup')) results.peers.push(...measureStartUp(settings, goLarge.files[0]));
    if (on('go-peers')) results.peers.push(...measureGoPeers(settings, quick));
    if (on('js-peer')) {
      const js = measureJsPeer(settings, jsCorpus.root, path.join(CACHE_ROOT, 'peer-configs'), REPO_ROOT);
      results.peers.push(...js.rows);
      results.eslint = js.eslint;
    }
    results.bodyclose = flags.bodyclose ? flags.bodyclose : 'not given (--bodyclose PATH or BENCH_BODYCLOSE): bodyclose rows left out';

    if (on('server') && serverMode !== 'off') {
      // 10,000 open files: the Go and JS/TS corpora at the scale that gives half of them each.
      const half = serverFiles / 2;
      const serverScale = half / 2000;
      const sfx = `-scale${serverScale}`;
      const goOpen = ensureCorpus(path.join(CACHE_ROOT, `go-corpus${sfx}`), `go:v${GO_GENERATOR_VERSION}:${SEED}:${serverScale}`, () =>
        generateGoCorpus({ scale: serverScale, seed: SEED }),
      );
      const jsOpen = ensureCorpus(path.join(CACHE_ROOT, `js-corpus${sfx}`), `js:v${JS_GENERATOR_VERSION}:${SEED}:${serverScale}`, () =>
        generateJsCorpus({ scale: serverScale, seed: SEED }),
      );
      const opened = [...readSources(goOpen.files.slice(0, half)), ...readSources(jsOpen.files.slice(0, half))];
      progress(`server memory: opening ${opened.length} files (${Math.min(half, goOpen.files.length)} Go, ${Math.min(half, jsOpen.files.length)} JS/TS)`);
      const languageId = (p: string) =>
        isGo(p) ? 'go' : p.endsWith('.tsx') ? 'typescriptreact' : p.endsWith('.ts') ? 'typescript' : 'javascript';
      const memory = await measureServerMemory(serverBundle.path, CACHE_ROOT, opened, languageId);
      progress(`server: peak RSS ${(memory.peakRss / 2 ** 20).toFixed(0)} MB`);
      const [goClient, goLargeFile] = readSources(goLarge.files);
      const [tsLargeFile] = readSources(tsLarge.files);
      const parseOnce = async (s: SourceText) => {
        const samples: number[] = [];
        for (let i = 0; i < 21; i++) samples.push(isGo(s.path) ? await timeGoParse([s]) : timeTypeScriptParse([s]));
        return median(samples.slice(1));
      };
      const latency = [];
      progress(`edit latency: Go, ${edits} edits`);
      latency.push({
        language: 'go',
        parseOnceMs: await parseOnce(goLargeFile),
        ...(await measureEditLatency(serverBundle.path, goLarge.root, goLargeFile, [goClient], 'go', edits)),
      });
      progress(`edit latency: TypeScript, ${edits} edits`);
      latency.push({
        language: 'typescript',
        parseOnceMs: await parseOnce(tsLargeFile),
        ...(await measureEditLatency(serverBundle.path, tsLarge.root, tsLargeFile, [], 'typescript', edits)),
      });
      results.server = { bundle: serverBundle.description, memory, openedLines: lineCount(opened), editLatency: latency };
    }

    if (on('profiles')) {
      const profiles = path.join(OUTPUT_DIR, 'profiles');
      progress('CPU profile: socket-lens scan of the Go stdlib');
      results.profiles = [profileScan(cli.path, 'go-stdlib', stdlibRoot, profiles)];
      const ts200k = ensureCorpus(path.join(CACHE_ROOT, 'large-ts-200000'), `ts-large:v${JS_GENERATOR_VERSION}:${SEED}:200000`, () => [
        generateLargeTsFile(SEED, 200_000),
      ]);
      progress('CPU profile: an engine scan of the 200k-line TS file (size limit raised)');
      results.profiles.push(profileLargeFileScan('ts-200k', ts200k.files[0], profiles));
    }
  }

  if (on('collector')) {
    progress(`collector: ${timeWaitSockets} TIME_WAIT sockets in a network namespace of its own`);
    results.collector = measureCollectorCost(timeWaitSockets, Math.max(pairs, 5), 10);
  }

  results.durationSeconds = (Date.now() - started) / 1000;
  results.environment.loadAverage.end = os.loadavg()[0];
  fs.mkdirSync(OUTPUT_DIR, { recursive: true });
  fs.writeFileSync(OUTPUT, `${JSON.stringify(results, null, 2)}\n`);
  process.stdout.write(`${formatReport(results)}\n`);
  process.stdout.write(`results: ${path.relative(REPO_ROOT, OUTPUT)}\n`);
}

main().catch((err) => {
  process.stderr.write(`bench failed: ${err?.stack ?? err}\n`);
  process.exitCode = 1;
});
