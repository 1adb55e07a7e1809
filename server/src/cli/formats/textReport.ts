import type { FileFinding, ScanStats } from './reportTypes';

/** Human-readable report: `file:line:column severity rule message`, then a summary line. */
export function textReport(findings: readonly FileFinding[], stats: ScanStats): string {
  const lines = findings.map(({ file, finding: f }) => {
    const fix = f.fixes.some((x) => x.preferred) ? ' [fixable]' : '';
    return `${file}:${f.line}:${f.column}: ${f.severity} ${f.rule}: ${f.message}${fix}`;
  });
  const noun = findings.length === 1 ? 'finding' : 'findings';
  lines.push(`${findings.length} ${noun} in ${stats.files} files (${stats.lines} lines, ${stats.ms} ms)`);
  return lines.join('\n');
}
