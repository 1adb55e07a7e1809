import { MarkupKind, type Hover, type Position } from 'vscode-languageserver';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import type { Finding } from '../engine/finding';
import { findRule, ruleDocUrl, type RuleInfo } from '../engine/rules';
import { findingDocLink, findingRange } from './findingToDiagnostic';
import type { RuleDocLink } from './ruleDocLinks';

/**
 * Hover over a finding, in layers under the one-line message (which the editor already shows on top, from the
 * diagnostic, so it is not repeated): the rule's title; the leaking path as links to its lines (when the finding
 * carries one); the fix in one sentence; why it matters in at most three; a link to the rule's full page.
 * The full rule text lives on that page, not here.
 */
export function hoverFor(doc: TextDocument, position: Position, findings: readonly Finding[], docLink: RuleDocLink = ruleDocUrl): Hover | null {
  const offset = doc.offsetAt(position);
  const hits = findings.filter((f) => f.start <= offset && offset <= f.end);
  if (hits.length === 0) return null;
  const sections = hits.map((f) => hoverSection(doc, f, findRule(f.rule), docLink));
  return {
    contents: { kind: MarkupKind.Markdown, value: sections.join('\n\n---\n\n') },
    range: findingRange(hits[0]),
  };
}

function hoverSection(doc: TextDocument, f: Finding, rule: RuleInfo | undefined, docLink: RuleDocLink): string {
  const layers = [rule ? `**${rule.title}**` : `**${escapeMarkdown(f.message)}**`];
  if (f.related?.length) {
    const lines = f.related.map((r) => {
      const line = doc.positionAt(r.start).line + 1;
      return `- [line ${line}](${doc.uri}#L${line}): ${escapeMarkdown(r.note)}`;
    });
    layers.push(['Leaking path:', ...lines].join('\n'));
  }
  if (rule) {
    const note = findingNote(f);
    layers.push(`**Fix:** ${rule.fix}${note ? `\n\n${note}` : ''}`);
    layers.push(`**Why it matters:** ${rule.why}`);
  }
  layers.push(`[${rule ? `${rule.title} (${f.rule})` : f.rule}](${findingDocLink(f, docLink)}) — ${rule ? 'full rule page' : 'documentation'}`);
  return layers.join('\n\n');
}

/** What a finding adds to its rule's prose (e.g. "No quick fix here: …"); empty when it adds nothing. */
export function findingNote(f: Finding): string {
  return f.note?.trim() ?? '';
}

/** Messages quote code in backticks; outside those, keep `*`, `_`, `[` and `<` from turning into Markdown or HTML. */
export function escapeMarkdown(text: string): string {
  return text
    .split(/(`[^`\n]*`)/)
    .map((part, i) => (i % 2 === 1 ? part : part.replace(/[\\*_[\]<>]/g, '\\$&')))
    .join('');
}
