/**
 * A full engine scan as `socket-lens scan` does it: update every file first (so Go package
 * summaries are complete), then analyze every file. Text is read before the clock starts.
 */
import { Engine } from '../../../server/src/engine/engine';
import type { SourceText } from './parseOnly';

export interface ScanResult {
  ms: number;
  findings: number;
  findingsByRule: Record<string, number>;
}

export async function createEngine(): Promise<{ engine: Engine; ms: number }> {
  const start = performance.now();
  const engine = await Engine.create();
  return { engine, ms: performance.now() - start };
}

export function timeEngineScan(engine: Engine, sources: readonly SourceText[]): ScanResult {
  const start = performance.now();
  for (const source of sources) engine.update(source.path, source.text, 1);
  const findingsByRule: Record<string, number> = {};
  let findings = 0;
  for (const source of sources) {
    for (const finding of engine.analyze(source.path)) {
      findings++;
      findingsByRule[finding.rule] = (findingsByRule[finding.rule] ?? 0) + 1;
    }
  }
  return { ms: performance.now() - start, findings, findingsByRule };
}
