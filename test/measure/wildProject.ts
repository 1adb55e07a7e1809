/**
 * Scans one wild-dev project through the engine, as `socket-lens scan` does (Engine.scan over every file the
 * engine handles), and counts findings per rule inside and outside test code. Meant to run in its own
 * process so that the peak memory it reports (maxRSS) belongs to this project alone.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { Engine } from '../../server/src/engine/engine';
import type { Finding } from '../../server/src/engine/finding';
import { isTestPath, type WildLanguage } from './testFiles';

/** Folders never scanned: dependencies, VCS data, build output (test folders such as testdata are kept). */
const SKIPPED = new Set(['node_modules', '.git', 'vendor', 'dist', 'out', 'build', 'coverage']);

export interface RuleCounts {
  inTests: number;
  outsideTests: number;
}

export interface FindingOutsideTests {
  project: string;
  file: string;
  line: number;
  column: number;
  rule: string;
  severity: string;
  confidence: string;
  message: string;
}

export interface ProjectResult {
  project: string;
  language: WildLanguage;
  files: number;
  lines: number;
  scanMs: number;
  peakRssMb: number;
  rules: Record<string, RuleCounts>;
  outside: FindingOutsideTests[];
}

function collect(root: string, handles: (p: string) => boolean): string[] {
  const out: string[] = [];
  const pending = [root];
  while (pending.length > 0) {
    const dir = pending.pop()!;
    let entries: fs.Dirent[];
    try {
      entries = fs.readdirSync(dir, { withFileTypes: true });
    } catch {
      continue;
    }
    for (const entry of entries) {
      const p = path.join(dir, entry.name);
      if (entry.isDirectory()) {
        if (!SKIPPED.has(entry.name) && !entry.name.startsWith('.')) pending.push(p);
      } else if (entry.isFile() && handles(p)) out.push(p);
    }
  }
  return out.sort();
}

export async function scanProject(root: string, language: WildLanguage): Promise<ProjectResult> {
  const project = `${language}/${path.basename(root)}`;
  const engine = await Engine.create();
  const files = collect(root, (p) => engine.handles(p));
  const sources = files.map((p) => ({ path: p, text: fs.readFileSync(p, 'utf8') }));
  const lines = sources.reduce((n, s) => n + (s.text.length === 0 ? 0 : s.text.split('\n').length), 0);
  const started = performance.now();
  const results = engine.scan(sources);
  const scanMs = performance.now() - started;
  const rules: Record<string, RuleCounts> = {};
  const outside: FindingOutsideTests[] = [];
  for (const [file, findings] of results) {
    const relative = path.relative(root, file).split(path.sep).join('/');
    const inTests = isTestPath(language, relative);
    for (const f of findings as Finding[]) {
      const counts = (rules[f.rule] ??= { inTests: 0, outsideTests: 0 });
      if (inTests) counts.inTests++;
      else {
        counts.outsideTests++;
        outside.push({ project, file: relative, line: f.line, column: f.column, rule: f.rule, severity: f.severity, confidence: f.confidence, message: f.message });
      }
    }
  }
  const peakRssMb = process.resourceUsage().maxRSS / 1024;
  return { project, language, files: files.length, lines, scanMs, peakRssMb, rules, outside };
}
