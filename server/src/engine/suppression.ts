import type { Finding } from './finding';
import type { LineIndex } from './textPositions';

/**
 * `// socketlens:ignore RULE[,RULE...] reason` on the finding's line or the line above silences it.
 * RULE is a rule id, a category, or `*`. Both Go and JS/TS use `//` comments.
 */
const DIRECTIVE = /\/\/\s*socketlens:ignore\s+([\w*,-]+)/;

export function suppressionDirective(lineText: string): string[] | undefined {
  const m = DIRECTIVE.exec(lineText);
  return m ? m[1].split(',').filter(Boolean) : undefined;
}

function silences(names: string[] | undefined, f: Finding): boolean {
  return !!names && names.some((n) => n === '*' || n === f.rule || n === f.category);
}

export function applySuppressions(findings: readonly Finding[], lines: LineIndex): Finding[] {
  return findings.filter(
    (f) =>
      !silences(suppressionDirective(lines.lineText(f.line)), f) &&
      !(f.line > 1 && silences(suppressionDirective(lines.lineText(f.line - 1)), f)),
  );
}

/** The text of a suppression comment for `rule`, as the suppression code action inserts it. */
export function suppressionComment(rule: string, reason = 'reason'): string {
  return `// socketlens:ignore ${rule} ${reason}`;
}
