/**
 * Scores an annotated fixture corpus against the engine.
 *
 * Annotations are trailing comments on the line where a finding must start:
 *   `// want RULE-ID` (or `// want RULE-A,RULE-B`)  a finding of that rule is expected here;
 *   `// ok RULE-ID: why`                            a hard negative: the rule must stay silent here.
 * Every finding without a matching `want` is a false positive; every `want` without a finding is a
 * false negative. A case is one annotation (positive or negative).
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { Engine } from '../../server/src/engine/engine';

export interface RuleScore {
  truePositives: number;
  falsePositives: number;
  falseNegatives: number;
  /** Lines marked `// ok RULE` for this rule. */
  hardNegatives: number;
}

export interface CorpusScore {
  files: number;
  positives: number;
  hardNegatives: number;
  perRule: Map<string, RuleScore>;
  /** One line per false positive / false negative, `file:line rule (kind)`. */
  mismatches: string[];
}

const ANNOTATION = /\/\/\s*(want|ok)\s+([\w,-]+)/g;

export function listCorpusFiles(dir: string, handles: (p: string) => boolean): string[] {
  const out: string[] = [];
  const walk = (d: string) => {
    for (const entry of fs.readdirSync(d, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name))) {
      const p = path.join(d, entry.name);
      if (entry.isDirectory()) walk(p);
      else if (handles(p)) out.push(p);
    }
  };
  walk(dir);
  return out;
}

export async function scoreCorpus(dir: string, engine: Engine): Promise<CorpusScore> {
  const files = listCorpusFiles(dir, (p) => engine.handles(p));
  const score: CorpusScore = { files: files.length, positives: 0, hardNegatives: 0, perRule: new Map(), mismatches: [] };
  const ruleScore = (rule: string) => {
    let s = score.perRule.get(rule);
    if (!s) score.perRule.set(rule, (s = { truePositives: 0, falsePositives: 0, falseNegatives: 0, hardNegatives: 0 }));
    return s;
  };
  // Load every file first so cross-file summaries see the whole package.
  for (const file of files) engine.update(file, fs.readFileSync(file, 'utf8'), 1);
  for (const file of files) {
    const rel = path.relative(dir, file);
    const wanted = new Set<string>();
    fs.readFileSync(file, 'utf8')
      .split('\n')
      .forEach((text, i) => {
        for (const m of text.matchAll(ANNOTATION)) {
          for (const rule of m[2].split(',').filter(Boolean)) {
            if (m[1] === 'want') {
              wanted.add(`${i + 1} ${rule}`);
              score.positives++;
            } else {
              ruleScore(rule).hardNegatives++;
              score.hardNegatives++;
            }
          }
        }
      });
    const found = new Set(engine.analyze(file).map((f) => `${f.line} ${f.rule}`));
    for (const key of found) {
      const [line, rule] = key.split(' ');
      if (wanted.has(key)) ruleScore(rule).truePositives++;
      else {
        ruleScore(rule).falsePositives++;
        score.mismatches.push(`${rel}:${line} ${rule} (false positive)`);
      }
    }
    for (const key of wanted) {
      if (found.has(key)) continue;
      const [line, rule] = key.split(' ');
      ruleScore(rule).falseNegatives++;
      score.mismatches.push(`${rel}:${line} ${rule} (missed)`);
    }
  }
  return score;
}

export function precision(s: RuleScore): number {
  const reported = s.truePositives + s.falsePositives;
  return reported === 0 ? 1 : s.truePositives / reported;
}

export function recall(s: RuleScore): number {
  const expected = s.truePositives + s.falseNegatives;
  return expected === 0 ? 1 : s.truePositives / expected;
}

export function formatScore(score: CorpusScore): string {
  const rows = [...score.perRule.entries()].sort(([a], [b]) => a.localeCompare(b));
  const width = Math.max(4, ...rows.map(([r]) => r.length));
  const lines = [
    `${score.files} files, ${score.positives} positive and ${score.hardNegatives} hard-negative cases`,
    `${'rule'.padEnd(width)}  precision  recall  tp  fp  fn  negatives`,
    ...rows.map(
      ([rule, s]) =>
        `${rule.padEnd(width)}  ${precision(s).toFixed(3).padStart(9)}  ${recall(s).toFixed(3).padStart(6)}  ` +
        `${String(s.truePositives).padStart(2)}  ${String(s.falsePositives).padStart(2)}  ${String(s.falseNegatives).padStart(2)}  ${String(s.hardNegatives).padStart(9)}`,
    ),
  ];
  if (score.mismatches.length) lines.push('mismatches:', ...score.mismatches.map((m) => `  ${m}`));
  return lines.join('\n');
}
