import { createFinding, withConfidence } from './createFinding';
import type { Finding } from './finding';
import type { Report, Rule } from './rule';
import type { LineIndex } from './textPositions';

/**
 * Runs each rule's check over one file and builds its findings from the rule's metadata. Each check is isolated:
 * a bug in one (or odd syntax) must not hide the others' findings. Findings come back in rule order, then in the
 * order each check reported them (the engine's `finishFindings` sorts and de-duplicates).
 */
export function runRules<Ctx>(rules: readonly Rule<Ctx>[], ctx: Ctx, lines: LineIndex, filePath: string): Finding[] {
  const findings: Finding[] = [];
  for (const rule of rules) {
    try {
      rule.check(ctx, (r) => findings.push(findingOf(rule, lines, r)));
    } catch (err) {
      console.error(`socket-lens: rule ${rule.info.id} failed on ${filePath}: ${(err as Error)?.stack ?? err}`);
    }
  }
  return findings;
}

function findingOf(rule: Rule<unknown>, lines: LineIndex, r: Report): Finding {
  const created = createFinding(rule.info, lines, r.start, r.end, r.message, r.fixes ?? [], r.note);
  const finding = r.severity ? { ...created, severity: r.severity } : created;
  return withConfidence(r.related?.length ? { ...finding, related: r.related } : finding, r.confidence ?? 'high');
}
