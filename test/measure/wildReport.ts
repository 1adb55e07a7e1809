/** Text tables for the wild-code measurement: per project and per rule, findings inside and outside tests. */
import type { ProjectResult, RuleCounts } from './wildProject';

function pad(text: string, width: number, right = false): string {
  return right ? text.padStart(width) : text.padEnd(width);
}

export function formatProject(result: ProjectResult): string {
  const head = `${result.project}: ${result.files} files, ${result.lines} lines, scan ${(result.scanMs / 1000).toFixed(1)} s, ` +
    `peak RSS ${result.peakRssMb.toFixed(0)} MB`;
  const rows = Object.entries(result.rules).sort(([a], [b]) => a.localeCompare(b));
  if (rows.length === 0) return `${head}\n  (no findings)`;
  return [head, ...rows.map(([rule, c]) => `  ${pad(rule, 34)} in tests ${pad(String(c.inTests), 4, true)}   outside ${pad(String(c.outsideTests), 4, true)}`)].join('\n');
}

export function formatTotals(results: readonly ProjectResult[]): string {
  const totals: Record<string, RuleCounts> = {};
  for (const r of results) {
    for (const [rule, c] of Object.entries(r.rules)) {
      const t = (totals[rule] ??= { inTests: 0, outsideTests: 0 });
      t.inTests += c.inTests;
      t.outsideTests += c.outsideTests;
    }
  }
  const sum = Object.values(totals).reduce((s, c) => ({ inTests: s.inTests + c.inTests, outsideTests: s.outsideTests + c.outsideTests }), { inTests: 0, outsideTests: 0 });
  const files = results.reduce((n, r) => n + r.files, 0);
  const lines = results.reduce((n, r) => n + r.lines, 0);
  const ms = results.reduce((n, r) => n + r.scanMs, 0);
  const peak = Math.max(0, ...results.map((r) => r.peakRssMb));
  const rows = Object.entries(totals).sort(([a], [b]) => a.localeCompare(b));
  return [
    `TOTAL ${results.length} projects: ${files} files, ${lines} lines, scan ${(ms / 1000).toFixed(1)} s, max peak RSS ${peak.toFixed(0)} MB`,
    ...rows.map(([rule, c]) => `  ${pad(rule, 34)} in tests ${pad(String(c.inTests), 4, true)}   outside ${pad(String(c.outsideTests), 4, true)}`),
    `  ${pad('all rules', 34)} in tests ${pad(String(sum.inTests), 4, true)}   outside ${pad(String(sum.outsideTests), 4, true)}`,
  ].join('\n');
}
