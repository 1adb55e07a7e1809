/**
 * CPU profiles of real CLI scans (`node --cpu-prof`), summarised as the functions with the most self time.
 * The .cpuprofile files are kept under test-output/bench/profiles/ for a closer look (Chrome DevTools,
 * VS Code's profile viewer).
 */
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { topSelfTime, type CpuProfile, type SelfTime } from './cpuProfileSummary';

export interface ProfileSummary {
  name: string;
  file: string;
  totalMs: number;
  top: SelfTime[];
}

export function profileScan(cli: string, name: string, target: string, outDir: string, count = 15): ProfileSummary {
  // --jobs 1: the profile is of the main thread, so the scan must not move to worker threads.
  return profileRun(name, [cli, 'scan', '--jobs', '1', '--format', 'json', '--fail-on', 'error', target], target, outDir, count);
}

/** One large file through the engine with its size limit raised (scanOneLargeFile.ts, run from source by tsx). */
export function profileLargeFileScan(name: string, target: string, outDir: string, count = 15): ProfileSummary {
  const script = path.join(__dirname, 'scanOneLargeFile.ts');
  return profileRun(name, ['--import', 'tsx', script, target], target, outDir, count);
}

function profileRun(name: string, args: string[], target: string, outDir: string, count: number): ProfileSummary {
  const dir = path.join(outDir, name);
  fs.rmSync(dir, { recursive: true, force: true });
  fs.mkdirSync(dir, { recursive: true });
  const run = spawnSync(process.execPath, ['--cpu-prof', '--cpu-prof-dir', dir, ...args], {
    stdio: ['ignore', 'ignore', 'pipe'],
    encoding: 'utf8',
    timeout: 600_000,
  });
  if (run.error) throw run.error;
  // 1 = findings at or above --fail-on; 2 = usage or I/O error.
  if (run.status !== 0 && run.status !== 1) throw new Error(`profiled scan of ${target} exited ${run.status}: ${run.stderr.slice(-2000)}`);
  const file = fs.readdirSync(dir).find((f) => f.endsWith('.cpuprofile'));
  if (!file) throw new Error(`node --cpu-prof wrote no profile into ${dir}`);
  const profile = JSON.parse(fs.readFileSync(path.join(dir, file), 'utf8')) as CpuProfile;
  return { name, file: path.join(dir, file), ...topSelfTime(profile, count) };
}
