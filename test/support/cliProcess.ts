/** Runs the bundled CLI (dist/cli/socket-lens.js) as a process, as CI users run it. */
import { spawnSync } from 'node:child_process';
import * as path from 'node:path';
import { REPO_ROOT } from './languageServerProcess';

export const CLI = path.join(REPO_ROOT, 'dist', 'cli', 'socket-lens.js');

export interface CliResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** `env` entries replace the inherited ones; an `undefined` value removes one (e.g. FORCE_COLOR from a CI runner). */
export function runCli(args: string[], cwd: string, env: Record<string, string | undefined> = {}): CliResult {
  const merged: NodeJS.ProcessEnv = { ...process.env };
  delete merged.FORCE_COLOR;
  delete merged.NO_COLOR;
  for (const [k, v] of Object.entries(env)) {
    if (v === undefined) delete merged[k];
    else merged[k] = v;
  }
  const r = spawnSync(process.execPath, [CLI, ...args], { cwd, encoding: 'utf8', env: merged });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

export interface JsonFinding {
  rule: string;
  category: string;
  severity: string;
  confidence: string;
  file: string;
  line: number;
  column: number;
  endLine: number;
  endColumn: number;
  message: string;
  fixes: { title: string; preferred: boolean }[];
}

export function jsonFindings(stdout: string): JsonFinding[] {
  return (JSON.parse(stdout) as { findings: JsonFinding[] }).findings;
}
