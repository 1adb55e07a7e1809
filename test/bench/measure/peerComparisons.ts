/**
 * Whole-process rows, each run side by side with its yardstick (A B A B ..., paired ratios):
 * start-up (`socket-lens --help`, `scan one.go`) against a bare `node -e 0` (and an earlier build, when given);
 * Go scans against `go vet`, `gofmt -l` and, when a path to it is given, bodyclose, and on one worker thread per
 * core against in-process (`--jobs 1`); a JS/TS scan against ESLint with one rule (`no-debugger`, through
 * @typescript-eslint/parser) and, as an extra peer, Biome's recommended lint.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { sideBySide, type ProcessCommand, type SideBySide } from './wholeProcess';

export interface PeerRow {
  /** What is compared, e.g. `net/http: socket-lens scan vs go vet`. */
  row: string;
  comparison: SideBySide;
}

export interface PeerSettings {
  cli: string;
  pairs: number;
  /** Absolute path of a bodyclose binary, or undefined to leave bodyclose out. */
  bodyclose?: string;
  /** Absolute path of an earlier build's dist/cli/socket-lens.js, to compare start-up old vs new in the same run. */
  cliBefore?: string;
  progress: (message: string) => void;
}

const node = (label: string, args: string[], cwd?: string): ProcessCommand => ({ label, file: process.execPath, args, cwd });

function compare(
  rows: PeerRow[],
  settings: PeerSettings,
  row: string,
  a: ProcessCommand,
  b: ProcessCommand,
  pairs = settings.pairs,
  warmUp = 1,
): void {
  settings.progress(`${row} (${pairs} pairs)`);
  const comparison = sideBySide(a, b, pairs, warmUp);
  settings.progress(`  wall ${comparison.wallRatio.toFixed(2)}x, cpu ${comparison.cpuRatio.toFixed(2)}x`);
  rows.push({ row, comparison });
}

export function measureStartUp(settings: PeerSettings, oneGoFile: string): PeerRow[] {
  const rows: PeerRow[] = [];
  const bare = node('node -e 0', ['-e', '0']);
  const pairs = Math.max(settings.pairs, 5);
  compare(rows, settings, 'start-up: socket-lens --help vs node -e 0', node('socket-lens --help', [settings.cli, '--help']), bare, pairs);
  const scanOne = node('socket-lens scan one.go', [settings.cli, 'scan', oneGoFile]);
  compare(rows, settings, 'start-up: socket-lens scan one.go vs node -e 0', scanOne, bare, pairs);
  if (settings.cliBefore) {
    const before = (label: string, args: string[]) => node(label, [settings.cliBefore!, ...args]);
    compare(rows, settings, 'start-up: socket-lens --help, this tree vs before', node('socket-lens --help', [settings.cli, '--help']),
      before('before: socket-lens --help', ['--help']), pairs);
    compare(rows, settings, 'start-up: socket-lens scan one.go, this tree vs before', scanOne,
      before('before: socket-lens scan one.go', ['scan', oneGoFile]), pairs);
  }
  return rows;
}

export function goRoot(): string {
  return execFileSync('go', ['env', 'GOROOT'], { encoding: 'utf8' }).trim();
}

/**
 * net/http (the directory with its sub-packages, as `net/http/...`) and, unless `quick`, the whole standard
 * library (`std`, the src folder). The Go build cache is filled first (`go build`), untimed, so the peers
 * that load compiled export data (go vet, bodyclose) are not charged for compiling the standard library.
 */
export function measureGoPeers(settings: PeerSettings, quick: boolean): PeerRow[] {
  const rows: PeerRow[] = [];
  const src = path.join(goRoot(), 'src');
  const ours = (label: string, dir: string) => node(label, [settings.cli, 'scan', '--format', 'json', '--fail-on', 'error', dir]);
  const inSrc = (label: string, file: string, args: string[]): ProcessCommand => ({ label, file, args, cwd: src });
  settings.progress('go build net/http/... std (untimed: fills the build cache the peers read)');
  execFileSync('go', ['build', 'net/http/...'], { cwd: src, stdio: 'ignore' });
  const httpDir = path.join(src, 'net', 'http');
  const scanHttp = ours('socket-lens scan net/http', httpDir);
  // One worker thread per core against the in-process scan (the default picks between them by size and load).
  const cores = os.availableParallelism();
  const withJobs = (jobs: number, label: string, dir: string) =>
    node(label, [settings.cli, 'scan', '--format', 'json', '--fail-on', 'error', '--jobs', String(jobs), dir]);
  const jobsRow = `--jobs ${cores} vs --jobs 1`;
  compare(rows, settings, `net/http: socket-lens scan ${jobsRow}`, withJobs(cores, `socket-lens scan --jobs ${cores} net/http`, httpDir),
    withJobs(1, 'socket-lens scan --jobs 1 net/http', httpDir));
  compare(rows, settings, 'net/http: socket-lens scan vs go vet', scanHttp, inSrc('go vet net/http/...', 'go', ['vet', 'net/http/...']));
  compare(rows, settings, 'net/http: socket-lens scan vs gofmt -l', scanHttp, inSrc('gofmt -l net/http', 'gofmt', ['-l', 'net/http']));
  if (settings.bodyclose) {
    const bodyclose = inSrc('bodyclose net/http/...', settings.bodyclose, ['net/http/...']);
    compare(rows, settings, 'net/http: socket-lens scan vs bodyclose', scanHttp, bodyclose);
  }
  if (quick) return rows;
  execFileSync('go', ['build', 'std'], { cwd: src, stdio: 'ignore' });
  const scanStd = ours('socket-lens scan $GOROOT/src', src);
  const stdPairs = Math.min(settings.pairs, 2);
  compare(rows, settings, `Go stdlib: socket-lens scan ${jobsRow}`, withJobs(cores, `socket-lens scan --jobs ${cores} $GOROOT/src`, src),
    withJobs(1, 'socket-lens scan --jobs 1 $GOROOT/src', src), stdPairs, 0);
  compare(rows, settings, 'Go stdlib: socket-lens scan vs gofmt -l', scanStd, inSrc('gofmt -l .', 'gofmt', ['-l', '.']), stdPairs, 0);
  if (settings.bodyclose) {
    compare(rows, settings, 'Go stdlib: socket-lens scan vs bodyclose', scanStd, inSrc('bodyclose std', settings.bodyclose, ['std']), stdPairs, 0);
  }
  return rows;
}

const JS_EXTENSIONS = ['js', 'jsx', 'mjs', 'cjs', 'ts', 'tsx', 'mts', 'cts'];

/**
 * ESLint 9 with a flat config of one cheap rule (`no-debugger`) and the TypeScript parser, written to
 * `configDir` (the repository has no ESLint config of its own). Returns the command, or a reason it cannot run.
 */
export function eslintOneRule(repoRoot: string, configDir: string, corpusDir: string): ProcessCommand | { missing: string } {
  const bin = path.join(repoRoot, 'node_modules', 'eslint', 'bin', 'eslint.js');
  let parser: string;
  try {
    parser = require.resolve('@typescript-eslint/parser', { paths: [repoRoot] });
  } catch {
    return { missing: '@typescript-eslint/parser is not installed' };
  }
  if (!fs.existsSync(bin)) return { missing: `ESLint is not installed (no ${bin})` };
  fs.mkdirSync(configDir, { recursive: true });
  const config = path.join(configDir, 'eslint.config.cjs');
  fs.writeFileSync(
    config,
    [
      '// Written by the bench: one cheap rule, so ESLint is measured parsing and walking every file.',
      `const parser = require(${JSON.stringify(parser)});`,
      'module.exports = [',
      `  { files: ${JSON.stringify(JS_EXTENSIONS.map((e) => `**/*.${e}`))}, languageOptions: { parser }, rules: { 'no-debugger': 'error' } },`,
      '];',
      '',
    ].join('\n'),
  );
  // cwd is the corpus: with --config, ESLint 9 resolves `files` against the working directory.
  return node('eslint (no-debugger)', [bin, '--config', config, '--no-warn-ignored', '.'], corpusDir);
}

/** How many files ESLint lints with that command (one untimed run with the JSON formatter; exit 1 = problems found). */
export function eslintFileCount(command: ProcessCommand): number {
  const run = spawnSync(command.file, [...command.args, '--format', 'json'], { cwd: command.cwd, encoding: 'utf8', maxBuffer: 1 << 28 });
  if (run.status !== 0 && run.status !== 1) throw new Error(`ESLint check run failed (exit ${run.status}): ${run.stderr.slice(-2000)}`);
  return (JSON.parse(run.stdout) as unknown[]).length;
}

export interface JsPeerRows {
  rows: PeerRow[];
  /** Files ESLint linted in an untimed check run, or why the ESLint row is missing. */
  eslint: { files: number } | { missing: string };
}

/** socket-lens against ESLint with one rule and, as an extra peer, Biome's recommended lint of the same folder. */
export function measureJsPeer(settings: PeerSettings, corpusDir: string, configDir: string, repoRoot: string): JsPeerRows {
  const rows: PeerRow[] = [];
  const scan = node('socket-lens scan', [settings.cli, 'scan', '--format', 'json', '--fail-on', 'error', corpusDir]);
  const eslint = eslintOneRule(repoRoot, path.join(configDir, 'eslint'), corpusDir);
  let eslintFiles: JsPeerRows['eslint'];
  if ('missing' in eslint) {
    settings.progress(`${eslint.missing}: ESLint row left out`);
    eslintFiles = eslint;
  } else {
    eslintFiles = { files: eslintFileCount(eslint) };
    settings.progress(`ESLint lints ${eslintFiles.files} files of ${corpusDir}`);
    compare(rows, settings, JS_ESLINT_ROW, scan, eslint);
  }
  rows.push(...measureBiomePeer(settings, scan, corpusDir, path.join(configDir, 'biome'), repoRoot));
  return { rows, eslint: eslintFiles };
}

export const JS_ESLINT_ROW = 'JS/TS corpus: socket-lens scan vs ESLint, one rule (no-debugger)';
export const JS_BIOME_ROW = 'JS/TS corpus: socket-lens scan vs Biome lint (recommended rules, extra peer)';

function measureBiomePeer(settings: PeerSettings, scan: ProcessCommand, corpusDir: string, configDir: string, repoRoot: string): PeerRow[] {
  const biome = path.join(repoRoot, 'node_modules', '@biomejs', 'cli-linux-x64', 'biome');
  if (!fs.existsSync(biome)) {
    settings.progress(`no Biome binary at ${biome}: Biome row left out`);
    return [];
  }
  fs.mkdirSync(configDir, { recursive: true });
  fs.writeFileSync(
    path.join(configDir, 'biome.json'),
    `${JSON.stringify({ linter: { enabled: true, rules: { recommended: true } }, formatter: { enabled: false }, assist: { enabled: false } })}\n`,
  );
  const rows: PeerRow[] = [];
  compare(rows, settings, JS_BIOME_ROW, scan, {
    label: 'biome lint',
    file: biome,
    args: ['lint', '--config-path', configDir, '--max-diagnostics=0', corpusDir],
  });
  return rows;
}
