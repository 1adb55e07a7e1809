import * as path from 'node:path';
import type { ScanSource } from '../engine/engine';

/**
 * A scan split into units that can be analysed by separate engines with the same findings: the files of one Go
 * package (a directory-scoped front-end indexes its directory), and all JS/TS files together (a project-scoped
 * front-end follows imports between any files it is given). Units keep the order of their first file.
 */
export function scanUnits(
  sources: readonly ScanSource[],
  scopeOf: (filePath: string) => 'directory' | 'project' | undefined,
): ScanSource[][] {
  const units = new Map<string, ScanSource[]>();
  for (const source of sources) {
    const scope = scopeOf(source.path);
    if (scope === undefined) continue;
    const key = scope === 'project' ? 'project' : `directory:${path.dirname(source.path)}`;
    const unit = units.get(key);
    if (unit) unit.push(source);
    else units.set(key, [source]);
  }
  return [...units.values()];
}

/**
 * Characters of source, outside the largest unit, below which a scan runs in-process. The largest unit is left out
 * because it runs on one worker whatever the number of workers: only the rest can overlap with it, and each worker
 * costs its start (a bundle and an engine) and may index packages another worker indexes too (net/http: 781 KB in
 * its main package, 147 KB in the others, which all import it; measured 1.23x the CPU and wall with two workers).
 */
export const WORKER_THRESHOLD_CHARS = 512 * 1024;

/** Most workers a scan starts, however many cores there are (each holds its own engine and memory). */
export const MAX_JOBS = 8;

/**
 * Cores a default scan may use: those the 1-minute load average leaves at least partly idle (at least 1), at most
 * MAX_JOBS. On a busy machine workers cannot run side by side and only add their cost: two workers on two cores
 * at a load average of 14 took 1.15x the CPU and 1.1-1.4x the wall time of the in-process scan (generated corpus,
 * 2,100 files).
 */
export function idleCores(availableCores: number, loadAverage: number): number {
  return Math.max(1, Math.min(MAX_JOBS, availableCores, Math.ceil(availableCores - loadAverage)));
}

/**
 * Workers to start: none (in-process) for one job or one unit. By default (no --jobs) one per idle core, and none
 * when the source outside the largest unit is below the threshold. Never more than units.
 */
export function workersFor(units: readonly ScanSource[][], requestedJobs: number | undefined, availableCores: number, loadAverage = 0): number {
  const jobs = requestedJobs ?? idleCores(availableCores, loadAverage);
  if (jobs <= 1 || units.length <= 1) return 0;
  if (requestedJobs === undefined) {
    let total = 0;
    let largest = 0;
    for (const unit of units) {
      const chars = unit.reduce((n, source) => n + source.text.length, 0);
      total += chars;
      largest = Math.max(largest, chars);
    }
    if (total - largest < WORKER_THRESHOLD_CHARS) return 0;
  }
  return Math.min(jobs, units.length);
}
