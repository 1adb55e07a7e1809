import {
  CodeActionKind,
  type CodeAction,
  type CodeActionParams,
  type Diagnostic,
  type TextEdit as LspTextEdit,
} from 'vscode-languageserver';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import type { Finding, TextEdit } from '../engine/finding';
import { preferredEdits } from '../engine/fixAll';
import { suppressionComment } from '../engine/suppression';
import { DIAGNOSTIC_SOURCE, type DiagnosticData } from './findingToDiagnostic';

/** The code action kind for fix-on-save: `"editor.codeActionsOnSave": { "source.fixAll.socketLens": "explicit" }`. */
export const FIX_ALL_KIND = `${CodeActionKind.SourceFixAll}.socketLens`;

function toLspEdits(doc: TextDocument, edits: readonly TextEdit[]): LspTextEdit[] {
  return edits.map((e) => ({
    range: { start: doc.positionAt(e.start), end: doc.positionAt(e.end) },
    newText: e.newText,
  }));
}

function findingOf(diagnostic: Diagnostic, findings: readonly Finding[]): Finding | undefined {
  if (diagnostic.source !== DIAGNOSTIC_SOURCE) return undefined;
  const data = diagnostic.data as Partial<DiagnosticData> | undefined;
  return findings.find((f) =>
    data && typeof data.start === 'number'
      ? f.rule === data.rule && f.start === data.start && f.end === data.end
      : f.rule === diagnostic.code && f.line - 1 === diagnostic.range.start.line && f.column - 1 === diagnostic.range.start.character,
  );
}

/** Inserts `// socketlens:ignore RULE reason` on its own line above the finding, with the line's indentation. */
function suppressionAction(doc: TextDocument, finding: Finding, diagnostic: Diagnostic): CodeAction {
  const lineStart = doc.offsetAt({ line: finding.line - 1, character: 0 });
  const lineText = doc.getText({ start: { line: finding.line - 1, character: 0 }, end: { line: finding.line, character: 0 } });
  const indent = /^[ \t]*/.exec(lineText)?.[0] ?? '';
  const edit: TextEdit = { start: lineStart, end: lineStart, newText: `${indent}${suppressionComment(finding.rule)}\n` };
  return {
    title: `Ignore ${finding.rule} on this line (add a reason)`,
    kind: CodeActionKind.QuickFix,
    diagnostics: [diagnostic],
    edit: { changes: { [doc.uri]: toLspEdits(doc, [edit]) } },
  };
}

export function codeActionsFor(doc: TextDocument, params: CodeActionParams, findings: readonly Finding[]): CodeAction[] {
  const only = params.context.only;
  const wants = (kind: string) => !only || only.some((k) => kind === k || kind.startsWith(`${k}.`));
  const actions: CodeAction[] = [];

  if (wants(CodeActionKind.QuickFix)) {
    for (const diagnostic of params.context.diagnostics) {
      const finding = findingOf(diagnostic, findings);
      if (!finding) continue;
      for (const fix of finding.fixes) {
        actions.push({
          title: fix.title,
          kind: CodeActionKind.QuickFix,
          isPreferred: fix.preferred,
          diagnostics: [diagnostic],
          edit: { changes: { [doc.uri]: toLspEdits(doc, fix.edits) } },
        });
      }
      actions.push(suppressionAction(doc, finding, diagnostic));
    }
  }

  if (wants(FIX_ALL_KIND)) {
    const edits = preferredEdits(findings);
    if (edits.length > 0) {
      actions.push({
        title: 'Fix all Socket Lens problems',
        kind: FIX_ALL_KIND,
        edit: { changes: { [doc.uri]: toLspEdits(doc, edits) } },
      });
    }
  }
  return actions;
}
