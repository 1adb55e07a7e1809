/**
 * A full engine scan as `socket-lens scan` does it (`Engine.scan`: JS/TS files all loaded first, Go files a
 * package directory at a time, each file parsed once). Text is read before the clock starts.
 */
import { Engine } from '../../../server/src/engine/engine';
import type { SourceText } from './parseOnly';

export interface ScanResult {
  ms: number;
  findings: number;
  findingsByRule: Record<string, number>;
}

/** `options.maxAnalysedChars` raises the size limit (the large-file rows measure files above it). */
export async function createEngine(options: { maxAnalysedChars?: number } = {}): Promise<{ engine: Engine; ms: number }> {
  const start = performance.now();
  const engine = await Engine.create(options);
  return { engine, ms: performance.now() - start };
}

export function timeEngineScan(engine: Engine, sources: readonly SourceText[]): ScanResult {
  const start = performance.now();
  const findingsByRule: Record<string, number> = {};
  let findings = 0;
  for (const fileFindings of engine.scan(sources).values()) {
    for (const finding of fileFindings) {
      findings++;
      findingsByRule[finding.rule] = (findingsByRule[finding.rule] ?? 0) + 1;
    }
  }
  return { ms: performance.now() - start, findings, findingsByRule };
}

/** Each file scanned on its own (`Engine.scan([file])`, as an editor does for one document): per-file times, ms. */
export function timePerFileScans(engine: Engine, sources: readonly SourceText[]): number[] {
  const samples: number[] = [];
  for (const source of sources) {
    const start = performance.now();
    engine.scan([source]);
    samples.push(performance.now() - start);
  }
  return samples;
}
