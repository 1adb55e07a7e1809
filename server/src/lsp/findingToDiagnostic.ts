import { DiagnosticSeverity, type Diagnostic, type Position, type Range } from 'vscode-languageserver';
import type { Finding, Severity } from '../engine/finding';
import { findRule, ruleDocUrl } from '../engine/rules';
import type { RuleDocLink } from './ruleDocLinks';

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

/** The document a diagnostic belongs to, to turn a finding's leaking path into related locations. */
export interface DiagnosticDocument {
  uri: string;
  positionAt(offset: number): Position;
}

/** The rule's page (packaged, for analysis rules); the checks of suppression comments link to their own docUrl. */
export function findingDocLink(f: Finding, docLink: RuleDocLink): string {
  return findRule(f.rule) ? docLink(f.rule) : f.docUrl;
}

export function findingToDiagnostic(f: Finding, docLink: RuleDocLink = ruleDocUrl, doc?: DiagnosticDocument): Diagnostic {
  const data: DiagnosticData = { rule: f.rule, start: f.start, end: f.end };
  const related =
    doc && f.related?.length
      ? f.related.map((r) => ({ location: { uri: doc.uri, range: { start: doc.positionAt(r.start), end: doc.positionAt(r.end) } }, message: r.note }))
      : undefined;
  return {
    range: findingRange(f),
    severity: SEVERITY[f.severity],
    code: f.rule,
    codeDescription: { href: findingDocLink(f, docLink) },
    source: DIAGNOSTIC_SOURCE,
    message: f.message,
    ...(related ? { relatedInformation: related } : {}),
    data,
  };
}
