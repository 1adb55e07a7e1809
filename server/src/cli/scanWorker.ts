/**
 * A scan worker (worker_threads): one engine, given units (Go packages, or every JS/TS file) one at a time by
 * scanInWorkers, answering each with its findings. Reads nothing but the sources it is sent and their neighbours on
 * disk, as the in-process scan does; writes nothing (`--fix` runs in-process).
 */
import { parentPort, workerData } from 'node:worker_threads';
import { Engine, type EngineNote } from '../engine/engine';
import type { ScanUnitRequest, ScanUnitResult, ScanWorkerData } from './scanWorkerProtocol';

async function serve(): Promise<void> {
  const port = parentPort;
  if (!port) throw new Error('scanWorker runs as a worker thread');
  const data = workerData as ScanWorkerData;
  let notes: EngineNote[] = [];
  let engine: Engine;
  try {
    engine = await Engine.create({ roots: data.roots, onNote: (n) => notes.push(n) });
  } catch (err) {
    port.postMessage({ error: `scan worker could not start: ${(err as Error)?.message ?? err}` });
    return;
  }
  port.on('message', (request: ScanUnitRequest | null) => {
    // null: no more units; closing the port ends the thread.
    if (request === null) return port.close();
    notes = [];
    const policies = new Map(request.sources.map((s, i) => [s.path, request.policies[i]]));
    const results = engine.scanWith(request.sources, (p) => policies.get(p)!, data.handled);
    const result: ScanUnitResult = {
      unit: request.unit,
      findings: [...results],
      notes,
      failed: request.sources.filter((s) => engine.analysisFailed(s.path)).map((s) => s.path),
    };
    port.postMessage(result);
  });
}

void serve();
