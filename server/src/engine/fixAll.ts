import { applyEdits } from './applyEdits';
import type { Finding, TextEdit } from './finding';

/** The preferred fixes' edits, skipping any fix that overlaps one already taken. */
export function preferredEdits(findings: readonly Finding[]): TextEdit[] {
  const taken: TextEdit[] = [];
  const overlaps = (e: TextEdit) => taken.some((t) => e.start < t.end && t.start < e.end);
  for (const finding of findings) {
    const fix = finding.fixes.find((f) => f.preferred);
    if (!fix || fix.edits.some(overlaps)) continue;
    taken.push(...fix.edits);
  }
  return taken;
}

export interface FixAllResult {
  text: string;
  /** Findings whose preferred fix was applied, in the order applied. */
  fixed: Finding[];
}

/**
 * Applies preferred fixes until none is left (fixes that overlapped in one round are applied in the
 * next, after re-analysis). `analyze` must return fresh findings for the text it is given.
 */
export function fixAllText(text: string, analyze: (text: string) => Finding[], maxRounds = 5): FixAllResult {
  const fixed: Finding[] = [];
  for (let round = 0; round < maxRounds; round++) {
    const findings = analyze(text);
    const edits = preferredEdits(findings);
    if (edits.length === 0) break;
    const next = applyEdits(text, edits);
    if (next === text) break;
    fixed.push(...findings.filter((f) => f.fixes.some((fix) => fix.preferred && fix.edits.every((e) => edits.includes(e)))));
    text = next;
  }
  return { text, fixed };
}
