/**
 * Runs a scan's units on worker threads (scanWorker.ts), each with its own engine. Larger units go first, to whichever
 * worker is free; the results are put back in unit order, so the report and the notes do not depend on which worker
 * finished first.
 */
import * as path from 'node:path';
import { Worker } from 'node:worker_threads';
import type { EngineNote, FilePolicy, ScanSource } from '../engine/engine';
import type { Finding } from '../engine/finding';
import type { ScanUnitRequest, ScanUnitResult, ScanWorkerData, ScanWorkerFailure } from './scanWorkerProtocol';

export interface WorkerScanResult {
  results: Map<string, Finding[]>;
  /** The engines' notes, unit after unit in the order of the units. */
  notes: EngineNote[];
  failed: Set<string>;
}

/**
 * The worker's script: the bundle beside this one (dist/cli/scanWorker.js), or, run from source (tests under tsx),
 * the TypeScript module loaded through tsx's require hook.
 */
function workerScript(): { file: string; execArgv?: string[] } {
  if (__filename.endsWith('.ts')) {
    // Joined at run time: the bundles never take this branch, and esbuild must not try to resolve tsx for them.
    const tsxHook = require.resolve(['tsx', 'cjs'].join('/'));
    return { file: path.join(__dirname, 'scanWorker.ts'), execArgv: ['--require', tsxHook] };
  }
  // Node's options are inherited (given explicitly, per-process ones such as --max-old-space-size would be refused).
  return { file: path.join(__dirname, 'scanWorker.js') };
}

export async function scanInWorkers(
  units: readonly ScanSource[][],
  workers: number,
  data: ScanWorkerData,
  policyFor: (filePath: string) => FilePolicy,
  onUnitDone: (files: number) => void = () => undefined,
): Promise<WorkerScanResult> {
  const size = (unit: readonly ScanSource[]) => unit.reduce((n, s) => n + s.text.length, 0);
  const queue = units.map((_, i) => i).sort((a, b) => size(units[b]) - size(units[a]) || a - b);
  const done: Array<ScanUnitResult | undefined> = units.map(() => undefined);
  const script = workerScript();
  const pool: Worker[] = [];
  const exits: Array<Promise<unknown>> = [];
  let finished = false;
  try {
    await new Promise<void>((resolve, reject) => {
      let remaining = units.length;
      const next = (worker: Worker) => {
        const unit = queue.shift();
        if (unit === undefined) return;
        const request: ScanUnitRequest = { unit, sources: [...units[unit]], policies: units[unit].map((s) => policyFor(s.path)) };
        worker.postMessage(request);
      };
      for (let i = 0; i < workers; i++) {
        const worker = new Worker(script.file, { workerData: data, ...(script.execArgv ? { execArgv: script.execArgv } : {}) });
        pool.push(worker);
        exits.push(new Promise((ended) => worker.once('exit', ended)));
        worker.on('message', (message: ScanUnitResult | ScanWorkerFailure) => {
          if ('error' in message) return reject(new Error(message.error));
          done[message.unit] = message;
          onUnitDone(units[message.unit].length);
          if (--remaining === 0) resolve();
          else next(worker);
        });
        worker.on('error', (err) => reject(new Error(`scan worker failed: ${err?.stack ?? err}`)));
        worker.on('exit', (code) => {
          if (remaining > 0) reject(new Error(`scan worker exited with code ${code} before the scan ended`));
        });
        next(worker);
      }
    });
    finished = true;
  } finally {
    // Done: each worker is told to end (it closes its port). After an error, they are stopped.
    for (const worker of pool) {
      if (finished) worker.postMessage(null);
      else void worker.terminate();
    }
    await Promise.all(exits);
  }
  const results = new Map<string, Finding[]>();
  const notes: EngineNote[] = [];
  const failed = new Set<string>();
  for (const result of done) {
    for (const [file, findings] of result!.findings) results.set(file, findings);
    notes.push(...result!.notes);
    for (const file of result!.failed) failed.add(file);
  }
  return { results, notes, failed };
}
