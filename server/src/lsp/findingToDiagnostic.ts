import { DiagnosticSeverity, type Diagnostic, type Range } from 'vscode-languageserver';
import type { Finding, Severity } from '../engine/finding';

export const DIAGNOSTIC_SOURCE = 'socket-lens';

const SEVERITY: Record<Severity, DiagnosticSeverity> = {
  error: DiagnosticSeverity.Error,
  warning: DiagnosticSeverity.Warning,
  info: DiagnosticSeverity.Information,
  hint: DiagnosticSeverity.Hint,
};

export function findingRange(f: Finding): Range {
  return {
    start: { line: f.line - 1, character: f.column - 1 },
    end: { line: f.endLine - 1, character: f.endColumn - 1 },
  };
}

/** What a diagnostic carries so code actions can find their finding again. */
export interface DiagnosticData {
  rule: string;
  start: number;
  end: number;
}

export function findingToDiagnostic(f: Finding): Diagnostic {
  const data: DiagnosticData = { rule: f.rule, start: f.start, end: f.end };
  return {
    range: findingRange(f),
    severity: SEVERITY[f.severity],
    code: f.rule,
    codeDescription: { href: f.docUrl },
    source: DIAGNOSTIC_SOURCE,
    message: f.message,
    data,
  };
}
