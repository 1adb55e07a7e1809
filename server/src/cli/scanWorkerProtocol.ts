import type { EngineNote, FilePolicy, ScanSource } from '../engine/engine';
import type { Finding } from '../engine/finding';

/** Given once to each scan worker. */
export interface ScanWorkerData {
  /** Folders links may point into (the scan's PATHs), as for the main thread's engine. */
  roots: string[];
  /** Names marked `//socketlens:handled` anywhere in the scan: a unit's findings may depend on other units' files. */
  handled: string[];
}

/** Main thread → worker: analyse one unit (a Go package, or every JS/TS file). */
export interface ScanUnitRequest {
  unit: number;
  sources: ScanSource[];
  /** The policy of each source, in the same order (computed once, in the main thread, from socket-lens.json files). */
  policies: FilePolicy[];
}

/** Worker → main thread: a unit's findings per file, the engine's notes, and the files whose analysis failed. */
export interface ScanUnitResult {
  unit: number;
  findings: Array<[string, Finding[]]>;
  notes: EngineNote[];
  failed: string[];
}

/** Worker → main thread when the worker itself cannot go on (its engine did not start). */
export interface ScanWorkerFailure {
  error: string;
}
