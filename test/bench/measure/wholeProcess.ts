/**
 * Whole processes timed from outside, start-up included: wall time from the spawn to the exit, user + system
 * CPU and peak RSS as the kernel accounts them for the finished child and everything it waited for
 * (GNU time's %U %S %M). Two commands are run in turn, A B A B ..., and the ratio A/B is taken pair by pair,
 * so a machine whose speed drifts during the run still gives a meaningful ratio.
 */
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { median } from './statistics';

export const GNU_TIME = '/usr/bin/time';

export interface ProcessCommand {
  /** What the report calls it. */
  label: string;
  file: string;
  args: readonly string[];
  cwd?: string;
  env?: NodeJS.ProcessEnv;
}

export interface ProcessSample {
  wallMs: number;
  cpuMs: number;
  peakRssBytes: number;
  exitCode: number | null;
}

export interface ProcessFigures {
  label: string;
  command: string;
  runs: number;
  wallMsMedian: number;
  cpuMsMedian: number;
  peakRssBytesMax: number;
  wallMsSamples: number[];
  exitCodes: number[];
}

export interface SideBySide {
  a: ProcessFigures;
  b: ProcessFigures;
  /** Median of the per-pair ratios A/B. */
  wallRatio: number;
  cpuRatio: number;
  /** 1-minute load average before the first and after the last run. */
  load: { start: number; end: number };
}

/** Parses the `-f '%e %U %S %M'` line GNU time writes last; null when the child did not finish normally. */
export function parseGnuTimeLine(text: string): { userMs: number; systemMs: number; peakRssBytes: number } | null {
  const lines = text.trim().split('\n');
  const m = /^([\d.]+) ([\d.]+) ([\d.]+) (\d+)$/.exec(lines[lines.length - 1]?.trim() ?? '');
  if (!m) return null;
  return { userMs: Number(m[2]) * 1000, systemMs: Number(m[3]) * 1000, peakRssBytes: Number(m[4]) * 1024 };
}

/** Median of pairwise ratios a[i]/b[i] (the pairs that ran next to each other). */
export function pairedRatio(a: readonly number[], b: readonly number[]): number {
  if (a.length !== b.length || a.length === 0) throw new Error(`pairedRatio needs two equal non-empty lists, got ${a.length} and ${b.length}`);
  return median(a.map((x, i) => x / b[i]));
}

export function describeCommand(c: ProcessCommand): string {
  const shown = [c.file, ...c.args].map((s) => (/[\s']/.test(s) ? `'${s}'` : s)).join(' ');
  return c.cwd ? `(cd ${c.cwd} && ${shown})` : shown;
}

/** One run of `c` under GNU time; stdout and stderr are discarded. */
export function runOnce(c: ProcessCommand, timeoutMs = 600_000): ProcessSample {
  if (!fs.existsSync(GNU_TIME)) throw new Error(`${GNU_TIME} (GNU time) is needed to read child CPU and peak memory`);
  const out = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'sl-bench-time-')), 'time.txt');
  try {
    const start = performance.now();
    const result = spawnSync(GNU_TIME, ['-f', '%e %U %S %M', '-o', out, '--', c.file, ...c.args], {
      cwd: c.cwd,
      env: c.env ?? process.env,
      stdio: ['ignore', 'ignore', 'ignore'],
      timeout: timeoutMs,
    });
    const wallMs = performance.now() - start;
    if (result.error) throw result.error;
    const parsed = parseGnuTimeLine(fs.readFileSync(out, 'utf8'));
    if (!parsed) throw new Error(`${describeCommand(c)} did not finish normally (signal ${result.signal})`);
    // GNU time exits with the child's status.
    return { wallMs, cpuMs: parsed.userMs + parsed.systemMs, peakRssBytes: parsed.peakRssBytes, exitCode: result.status };
  } finally {
    fs.rmSync(path.dirname(out), { recursive: true, force: true });
  }
}

function figures(c: ProcessCommand, samples: ProcessSample[]): ProcessFigures {
  return {
    label: c.label,
    command: describeCommand(c),
    runs: samples.length,
    wallMsMedian: median(samples.map((s) => s.wallMs)),
    cpuMsMedian: median(samples.map((s) => s.cpuMs)),
    peakRssBytesMax: Math.max(...samples.map((s) => s.peakRssBytes)),
    wallMsSamples: samples.map((s) => s.wallMs),
    exitCodes: [...new Set(samples.map((s) => s.exitCode ?? -1))],
  };
}

/** `warmUp` untimed runs of each, then `pairs` alternating runs A B A B ... */
export function sideBySide(a: ProcessCommand, b: ProcessCommand, pairs: number, warmUp = 1): SideBySide {
  for (let i = 0; i < warmUp; i++) {
    runOnce(a);
    runOnce(b);
  }
  const load = { start: os.loadavg()[0], end: 0 };
  const as: ProcessSample[] = [];
  const bs: ProcessSample[] = [];
  for (let i = 0; i < pairs; i++) {
    as.push(runOnce(a));
    bs.push(runOnce(b));
  }
  load.end = os.loadavg()[0];
  return {
    a: figures(a, as),
    b: figures(b, bs),
    wallRatio: pairedRatio(as.map((s) => s.wallMs), bs.map((s) => s.wallMs)),
    cpuRatio: pairedRatio(as.map((s) => s.cpuMs), bs.map((s) => s.cpuMs)),
    load,
  };
}
