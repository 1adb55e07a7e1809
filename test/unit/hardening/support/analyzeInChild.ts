/**
 * Runs the engine on files in a child process, so a test can put a time limit on a read that would block
 * (a FIFO) or never end (/dev/zero): a blocking read in the test's own process would hang mocha itself.
 * argv[2]: JSON { files, roots, texts }. Prints JSON { findings: { [path]: string[] }, notes }.
 */
import * as fs from 'node:fs';
import { spawnSync } from 'node:child_process';
import { Engine, type EngineNote } from '../../../../server/src/engine/engine';

export interface ChildAnalysis {
  findings: Record<string, string[]>;
  notes: EngineNote[];
}

export interface ChildOptions {
  /** Folders links may point into. */
  roots?: string[];
  /** Texts of documents that are not on disk (e.g. `untitled:` ones), by engine path. */
  texts?: Record<string, string>;
  /** Working directory of the child. */
  cwd?: string;
  timeoutMs?: number;
}

/**
 * Analyses `files` in a child (each read with readFileSync, or taken from `texts`); throws if it takes over
 * the time limit (30 s by default).
 */
export function analyzeInChild(files: string[], options: ChildOptions = {}): ChildAnalysis {
  const { roots = [], texts = {}, cwd, timeoutMs = 30000 } = options;
  const r = spawnSync(process.execPath, ['--require', require.resolve('tsx/cjs'), __filename, JSON.stringify({ files, roots, texts })], {
    cwd,
    encoding: 'utf8',
    timeout: timeoutMs,
    maxBuffer: 64 * 1024 * 1024,
  });
  if (r.error || r.status !== 0) throw new Error(`child analysis failed (${r.error?.message ?? `exit ${r.status}`}): ${r.stderr?.slice(-2000)}`);
  return JSON.parse(r.stdout) as ChildAnalysis;
}

async function main(): Promise<void> {
  const { files, roots, texts } = JSON.parse(process.argv[2]) as { files: string[]; roots: string[]; texts: Record<string, string> };
  const notes: EngineNote[] = [];
  const engine = await Engine.create({ roots, onNote: (n) => notes.push(n) });
  const findings: Record<string, string[]> = {};
  for (const file of files) engine.update(file, texts[file] ?? fs.readFileSync(file, 'utf8'), 1);
  for (const file of files) findings[file] = engine.analyze(file).map((f) => `${f.line} ${f.rule}`);
  process.stdout.write(JSON.stringify({ findings, notes }));
}

if (require.main === module) void main();
