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
  // Each line is read once, however many findings it holds (a minified line can hold thousands).
  const directives = new Map<number, string[] | undefined>();
  const directiveAt = (line: number) => {
    if (!directives.has(line)) directives.set(line, suppressionDirective(lines.lineText(line)));
    return directives.get(line);
  };
  return findings.filter((f) => !silences(directiveAt(f.line), f) && !(f.line > 1 && silences(directiveAt(f.line - 1), f)));
}

/** The text of a suppression comment for `rule`, as the suppression code action inserts it. */
export function suppressionComment(rule: string, reason = 'reason'): string {
  return `// socketlens:ignore ${rule} ${reason}`;
}
