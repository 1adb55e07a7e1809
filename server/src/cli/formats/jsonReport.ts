import type { FileFinding, ScanStats } from './reportTypes';

/** The `--format json` contract (version 1). Scripts depend on these field names: change only by bumping the version. */
export function jsonReport(findings: readonly FileFinding[], stats: ScanStats): string {
  return JSON.stringify(
    {
      version: 1,
      findings: findings.map(({ file, finding: f }) => ({
        rule: f.rule,
        category: f.category,
        severity: f.severity,
        confidence: f.confidence,
        file,
        line: f.line,
        column: f.column,
        endLine: f.endLine,
        endColumn: f.endColumn,
        message: f.message,
        fixes: f.fixes.map((x) => ({ title: x.title, preferred: x.preferred })),
      })),
      stats,
    },
    null,
    2,
  );
}
