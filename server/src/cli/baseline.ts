import * as fs from 'node:fs';
import * as path from 'node:path';
import type { FileFinding } from './formats/reportTypes';

/**
 * A baseline records the findings a project accepts today (`--write-baseline`), so `--baseline` reports only new
 * ones. Findings match by rule, file and fingerprint (see findingFingerprint.ts), never by line number. Paths are
 * stored relative to the baseline file, so it works from any current folder.
 */
export interface BaselineEntry {
  rule: string;
  file: string;
  fingerprint: string;
  /** For people reading the file; not used to match. */
  line: number;
  message: string;
}

interface BaselineFile {
  version: 1;
  tool: 'socket-lens';
  findings: BaselineEntry[];
}

export class BaselineError extends Error {}

const toSlashes = (p: string) => p.split(path.sep).join('/');

function keyOf(rule: string, file: string, fingerprint: string): string {
  return `${rule}\0${file}\0${fingerprint}`;
}

/** Writes the findings as a baseline; `file` of each finding is relative to the current folder. */
export function writeBaseline(baselineFile: string, findings: readonly FileFinding[]): void {
  const base = path.dirname(path.resolve(baselineFile));
  const data: BaselineFile = {
    version: 1,
    tool: 'socket-lens',
    findings: findings.map(({ file, finding, fingerprint }) => ({
      rule: finding.rule,
      file: toSlashes(path.relative(base, path.resolve(file))),
      fingerprint,
      line: finding.line,
      message: finding.message,
    })),
  };
  fs.writeFileSync(baselineFile, `${JSON.stringify(data, null, 2)}\n`);
}

/** The findings a baseline does not hold, and how many it held back. */
export function filterByBaseline(baselineFile: string, findings: readonly FileFinding[]): { fresh: FileFinding[]; known: number } {
  let data: BaselineFile;
  try {
    data = JSON.parse(fs.readFileSync(baselineFile, 'utf8'));
  } catch (err) {
    const e = err as NodeJS.ErrnoException;
    throw new BaselineError(`cannot read baseline ${baselineFile}: ${e.code ?? e.message}`);
  }
  if (data?.version !== 1 || !Array.isArray(data.findings)) {
    throw new BaselineError(`${baselineFile} is not a socket-lens baseline (version 1)`);
  }
  const base = path.dirname(path.resolve(baselineFile));
  const remaining = new Map<string, number>();
  for (const e of data.findings) {
    if (typeof e?.rule !== 'string' || typeof e.file !== 'string' || typeof e.fingerprint !== 'string') continue;
    const key = keyOf(e.rule, e.file, e.fingerprint);
    remaining.set(key, (remaining.get(key) ?? 0) + 1);
  }
  const fresh: FileFinding[] = [];
  let known = 0;
  for (const f of findings) {
    const key = keyOf(f.finding.rule, toSlashes(path.relative(base, path.resolve(f.file))), f.fingerprint);
    const count = remaining.get(key) ?? 0;
    if (count > 0) {
      remaining.set(key, count - 1);
      known++;
    } else fresh.push(f);
  }
  return { fresh, known };
}
