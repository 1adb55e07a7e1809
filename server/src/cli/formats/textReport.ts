import type { Severity } from '../../engine/finding';
import type { Paint } from '../terminalColour';
import type { FileFinding, ScanStats } from './reportTypes';

export interface TextReportOptions {
  /** Confidence, fix titles and documentation link under each finding. */
  verbose: boolean;
  paint: Paint;
  /** Findings a baseline held back. */
  baselined: number;
}

const SEVERITY_STYLE: Record<Severity, 'red' | 'yellow' | 'blue' | 'gray'> = { error: 'red', warning: 'yellow', info: 'blue', hint: 'gray' };

/** One line, with control characters (from file names or quoted code) escaped so they cannot drive the terminal. */
function oneLine(text: string): string {
  let out = '';
  for (const c of text.replace(/\s*\n\s*|\t/g, ' ')) {
    const code = c.charCodeAt(0);
    out += code < 0x20 || (code >= 0x7f && code <= 0x9f) ? `\\x${code.toString(16).padStart(2, '0')}` : c;
  }
  return out;
}

/**
 * Human-readable report: one line per finding, `file:line:column: severity rule: message` (the shape the
 * `$socket-lens` problem matcher reads), then a summary that counts the files with findings.
 */
export function textReport(findings: readonly FileFinding[], stats: ScanStats, options: TextReportOptions): string {
  const { paint } = options;
  const lines: string[] = [];
  for (const { file, finding: f } of findings) {
    const fix = f.fixes.some((x) => x.preferred) ? paint('green', ' [fixable]') : '';
    const where = `${oneLine(file)}:${f.line}:${f.column}`;
    lines.push(`${paint('bold', where)}: ${paint(SEVERITY_STYLE[f.severity], f.severity)} ${paint('dim', f.rule)}: ${oneLine(f.message)}${fix}`);
    if (options.verbose) {
      lines.push(`    confidence: ${f.confidence}`);
      for (const x of f.fixes) lines.push(`    fix${x.preferred ? ' (preferred)' : ''}: ${oneLine(x.title)}`);
      lines.push(`    docs: ${f.docUrl}`);
    }
  }
  const withFindings = new Set(findings.map((f) => f.file)).size;
  const noun = findings.length === 1 ? 'finding' : 'findings';
  const held = options.baselined > 0 ? `, ${options.baselined} more in the baseline` : '';
  lines.push(`${findings.length} ${noun} in ${withFindings} of ${stats.files} files${held} (${stats.lines} lines, ${stats.ms} ms)`);
  return lines.join('\n');
}
