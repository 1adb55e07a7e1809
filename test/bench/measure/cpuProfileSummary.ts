/**
 * Self time per function from a V8 `.cpuprofile` (what `node --cpu-prof` writes): each sample's time delta is
 * charged to the node it hit; nodes of the same function (name, file, line) are added up.
 */
import * as path from 'node:path';

export interface CpuProfile {
  nodes: Array<{ id: number; callFrame: { functionName: string; url: string; lineNumber: number } }>;
  samples: number[];
  timeDeltas: number[];
}

export interface SelfTime {
  /** `name (file:line)`, 1-based line; `(anonymous)` for unnamed functions. */
  function: string;
  selfMs: number;
  /** Share of all sampled time, 0..1. */
  share: number;
}

export function topSelfTime(profile: CpuProfile, count: number): { totalMs: number; top: SelfTime[] } {
  const byNode = new Map<number, string>();
  for (const node of profile.nodes) {
    const f = node.callFrame;
    const where = f.url ? ` (${path.basename(f.url)}:${f.lineNumber + 1})` : '';
    byNode.set(node.id, `${f.functionName || '(anonymous)'}${where}`);
  }
  const self = new Map<string, number>();
  let totalUs = 0;
  profile.samples.forEach((id, i) => {
    // timeDeltas[i] is the time since the previous sample; it belongs to this one.
    const us = profile.timeDeltas[i] ?? 0;
    totalUs += us;
    const name = byNode.get(id) ?? `(node ${id})`;
    self.set(name, (self.get(name) ?? 0) + us);
  });
  const top = [...self.entries()]
    .sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))
    .slice(0, count)
    .map(([fn, us]) => ({ function: fn, selfMs: us / 1000, share: totalUs ? us / totalUs : 0 }));
  return { totalMs: totalUs / 1000, top };
}
