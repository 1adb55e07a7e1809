import { MarkupKind, type Hover, type Position } from 'vscode-languageserver';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import type { Finding } from '../engine/finding';
import { findRule } from '../engine/rules';
import { findingRange } from './findingToDiagnostic';

/** Hover over a finding's range shows its rule's explanation and documentation link. */
export function hoverFor(doc: TextDocument, position: Position, findings: readonly Finding[]): Hover | null {
  const offset = doc.offsetAt(position);
  const hits = findings.filter((f) => f.start <= offset && offset <= f.end);
  if (hits.length === 0) return null;
  const sections = hits.map((f) => {
    const title = findRule(f.rule)?.title ?? f.rule;
    return `**Socket Lens: ${title}** (\`${f.rule}\`)\n\n${f.explanation}\n\n[Documentation](${f.docUrl})`;
  });
  return {
    contents: { kind: MarkupKind.Markdown, value: sections.join('\n\n---\n\n') },
    range: findingRange(hits[0]),
  };
}
