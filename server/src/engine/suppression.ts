import { createFinding } from './createFinding';
import type { Finding } from './finding';
import { RULES } from './rules';
import { SUPPRESSION_RULES, suppressionRuleDocUrl, UNKNOWN_SUPPRESSION_RULE, UNUSED_SUPPRESSION } from './suppressionRules';
import type { LineIndex } from './textPositions';

/**
 * Suppression comments, in Go and JS/TS alike:
 * - `// socketlens:ignore RULE[,RULE...] reason` on the finding's line or the line above silences it;
 * - `// socketlens:file-ignore RULE[,RULE...] reason` anywhere in a file silences those rules in the whole file;
 * - both also work as block comments, `/* socketlens:ignore RULE reason *\/` (e.g. in JSX, or before a line).
 * RULE is a rule id, a category, or `*`.
 */
const DIRECTIVE = /(\/\/|\/\*)\s*socketlens:(ignore|file-ignore)(?![\w-])[ \t]*([\w*,-]*)/g;

export type DirectiveKind = 'ignore' | 'file-ignore';

export interface SuppressionDirective {
  kind: DirectiveKind;
  names: string[];
  /** 1-based line of the comment. */
  line: number;
  /** 0-based offsets of the directive word through its rule list. */
  start: number;
  end: number;
}

/** The rule names of a line's `socketlens:ignore` comment, or undefined when it has none. */
export function suppressionDirective(lineText: string): string[] | undefined {
  for (const m of lineText.matchAll(DIRECTIVE)) if (m[2] === 'ignore') return m[3].split(',').filter(Boolean);
  return undefined;
}

/** Every suppression comment of a text, in order. Linear in its length. */
export function parseSuppressionDirectives(lines: LineIndex): SuppressionDirective[] {
  const out: SuppressionDirective[] = [];
  for (let line = 1; line <= lines.lineCount; line++) {
    const text = lines.lineText(line);
    if (!text.includes('socketlens:')) continue;
    for (const m of text.matchAll(DIRECTIVE)) {
      if (!isComment(text, m.index)) continue;
      const start = lines.lineStart(line) + m.index + m[0].indexOf('socketlens:');
      const end = lines.lineStart(line) + m.index + m[0].length;
      out.push({ kind: m[2] as DirectiveKind, names: m[3].split(',').filter(Boolean), line, start, end });
    }
  }
  return out;
}

/**
 * True when the comment marker at `index` starts a comment of its own: not text in a string literal (a test's
 * source text), nor a `code span` in another comment (documentation). A line-local scan: strings are '…', "…"
 * and `…`; in a comment only `…` counts.
 */
function isComment(line: string, index: number): boolean {
  let quote: string | undefined;
  let comment: 'line' | 'block' | undefined;
  for (let i = 0; i < index; i++) {
    const c = line[i];
    if (quote) {
      if (c === '\\' && !comment) i++;
      else if (c === quote) quote = undefined;
    } else if (comment === 'block' && c === '*' && line[i + 1] === '/') {
      comment = undefined;
      i++;
    } else if (comment) {
      if (c === '`') quote = c;
    } else if (c === '/' && (line[i + 1] === '/' || line[i + 1] === '*')) {
      comment = line[i + 1] === '/' ? 'line' : 'block';
      i++;
    } else if (c === '"' || c === "'" || c === '`') quote = c;
  }
  return quote === undefined;
}

const KNOWN_NAMES = new Set<string>(['*', ...RULES.map((r) => r.id), ...RULES.map((r) => r.category), ...SUPPRESSION_RULES.map((r) => r.id)]);

function names(directive: SuppressionDirective, f: Finding): string[] {
  return directive.names.filter((n) => n === '*' || n === f.rule || n === f.category);
}

export interface SuppressionResult {
  /** The findings no comment silences. */
  kept: Finding[];
  /** Findings about the comments: unknown rule names always, unused comments when asked for. */
  directiveFindings: Finding[];
}

/** Applies a file's suppression comments to its findings and checks the comments themselves. */
export function checkSuppressions(
  findings: readonly Finding[],
  lines: LineIndex,
  reportUnused = false,
  directives: readonly SuppressionDirective[] = parseSuppressionDirectives(lines),
): SuppressionResult {
  if (directives.length === 0) return { kept: [...findings], directiveFindings: [] };
  const byLine = new Map<number, SuppressionDirective[]>();
  const fileWide: SuppressionDirective[] = [];
  for (const d of directives) {
    if (d.kind === 'file-ignore') fileWide.push(d);
    else {
      for (const line of [d.line, d.line + 1]) byLine.set(line, [...(byLine.get(line) ?? []), d]);
    }
  }
  const used = new Map<SuppressionDirective, Set<string>>();
  const kept: Finding[] = [];
  for (const f of findings) {
    let silenced = false;
    for (const d of [...(byLine.get(f.line) ?? []), ...fileWide]) {
      const hit = names(d, f);
      if (hit.length === 0) continue;
      silenced = true;
      const set = used.get(d) ?? new Set<string>();
      for (const n of hit) set.add(n);
      used.set(d, set);
    }
    if (!silenced) kept.push(f);
  }

  const directiveFindings: Finding[] = [];
  for (const d of directives) {
    const unknown = d.names.filter((n) => !KNOWN_NAMES.has(n));
    const report = (rule: string, message: string) => directiveFindings.push(directiveFinding(d, lines, rule, message));
    if (d.names.length === 0) report(UNKNOWN_SUPPRESSION_RULE, `socketlens:${d.kind} names no rule, so it silences nothing.`);
    else if (unknown.length > 0) {
      const list = unknown.map((n) => `'${n}'`).join(', ');
      report(UNKNOWN_SUPPRESSION_RULE, `socketlens:${d.kind} names ${list}, which is not a rule id, a category or *: it silences nothing.`);
    }
    if (!reportUnused) continue;
    const unused = d.names.filter((n) => KNOWN_NAMES.has(n) && !used.get(d)?.has(n));
    if (unused.length > 0) {
      const where = d.kind === 'file-ignore' ? 'in this file' : 'on this line or the next';
      report(UNUSED_SUPPRESSION, `socketlens:${d.kind} ${unused.join(',')} silences nothing ${where}: remove it.`);
    }
  }
  return { kept, directiveFindings };
}

/** The findings no suppression comment silences. */
export function applySuppressions(findings: readonly Finding[], lines: LineIndex): Finding[] {
  return checkSuppressions(findings, lines).kept;
}

function directiveFinding(d: SuppressionDirective, lines: LineIndex, ruleId: string, message: string): Finding {
  const rule = SUPPRESSION_RULES.find((r) => r.id === ruleId)!;
  return createFinding({ ...rule, docUrl: suppressionRuleDocUrl() }, lines, d.start, d.end, message);
}

/** The text of a suppression comment for `rule`, as the suppression code action inserts it. */
export function suppressionComment(rule: string, reason = 'reason'): string {
  return `// socketlens:ignore ${rule} ${reason}`;
}
