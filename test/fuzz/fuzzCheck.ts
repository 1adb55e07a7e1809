/**
 * The fuzz tier's checks on one input: the engine must not throw, every range must lie inside the text,
 * every fix must apply, `fixAllText` must not throw, and the time must stay within a bound linear in size.
 */
import { applyEdits, editsAreDisjoint } from '../../server/src/engine/applyEdits';
import type { Engine } from '../../server/src/engine/engine';
import { fixAllText } from '../../server/src/engine/fixAll';
import { LineIndex } from '../../server/src/engine/textPositions';
import type { FuzzInput } from './fuzzInputs';

/**
 * Analysis time allowed per input: a constant plus a linear term, in CPU time of this process (user + system),
 * so that other processes on a shared machine do not make it flaky. Linear inputs measured 1.4–6.4 ms/KB on a
 * shared 2-core machine; a quadratic pass breaks the bound by far.
 */
export const TIME_BOUND = { constantMs: 2000, msPerKb: 10 };
/**
 * Structured inputs that are known to cost more than linear time, in front-end code this tier does not own.
 * Their time is reported with the summary instead of failing the run; every other check still applies.
 */
export const KNOWN_SUPERLINEAR: { labelPrefix: string; why: string }[] = [
  { labelPrefix: 'go-many-responses-', why: 'issue 12 item 4: Go body analysis is O(N²) in response calls per function' },
  { labelPrefix: 'js-many-fetches-', why: 'issue 12 item 4: JS body analysis grows faster than linearly with fetches per function' },
];

/** fixAllText (up to five rounds of analysis) runs on inputs up to this size. */
export const FIX_ALL_MAX_CHARS = 256 * 1024;

export interface CheckResult {
  /** CPU time of the analysis (update + analyze), in ms. */
  ms: number;
  kb: number;
  findings: number;
  /** Problems found (empty when the input passed). */
  problems: string[];
  /** The time was over the bound (a problem unless the input is a known superlinear case). */
  overTime: boolean;
  notAnalysed?: string;
}

export function checkInput(engine: Engine, input: FuzzInput): CheckResult {
  const problems: string[] = [];
  const kb = input.text.length / 1024;
  const started = process.cpuUsage();
  let findings: ReturnType<Engine['analyze']> = [];
  try {
    engine.update(input.path, input.text, 1);
    findings = engine.analyze(input.path);
  } catch (err) {
    problems.push(`engine threw: ${(err as Error)?.stack ?? err}`);
  }
  const used = process.cpuUsage(started);
  const ms = (used.user + used.system) / 1000;
  const overTime = ms > TIME_BOUND.constantMs + TIME_BOUND.msPerKb * kb;
  if (overTime && !KNOWN_SUPERLINEAR.some((k) => input.label.startsWith(k.labelPrefix))) {
    problems.push(`took ${ms.toFixed(0)} ms for ${kb.toFixed(1)} KB (bound ${TIME_BOUND.constantMs} ms + ${TIME_BOUND.msPerKb} ms/KB)`);
  }
  const notAnalysed = engine.notAnalysed(input.path);
  const lines = new LineIndex(input.text);
  for (const f of findings) {
    const where = `${f.rule}@${f.start}`;
    if (!(f.start >= 0 && f.start <= f.end && f.end <= input.text.length)) {
      problems.push(`${where}: range ${f.start}-${f.end} outside the text`);
    }
    const from = lines.position(f.start);
    if (from.line !== f.line || from.column !== f.column) {
      problems.push(`${where}: line/column ${f.line}:${f.column} is not offset ${f.start}`);
    }
    for (const fix of f.fixes) {
      if (!editsAreDisjoint(fix.edits)) problems.push(`${where}: fix "${fix.title}" has overlapping edits`);
      try {
        applyEdits(input.text, fix.edits);
      } catch (err) {
        problems.push(`${where}: fix "${fix.title}" does not apply: ${(err as Error).message}`);
      }
    }
  }
  if (problems.length === 0 && input.text.length <= FIX_ALL_MAX_CHARS && findings.some((f) => f.fixes.some((x) => x.preferred))) {
    let version = 1;
    try {
      const result = fixAllText(input.text, (t) => {
        engine.update(input.path, t, ++version);
        return engine.analyze(input.path);
      });
      if (typeof result.text !== 'string') problems.push('fixAllText returned no text');
    } catch (err) {
      problems.push(`fixAllText threw: ${(err as Error)?.stack ?? err}`);
    }
  }
  engine.remove(input.path);
  return { ms, kb, findings: findings.length, problems, overTime, notAnalysed };
}
