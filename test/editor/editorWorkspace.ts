/**
 * The fixture workspace the editor tier opens, and what the suite should see in it: the runner asks the built CLI
 * (`socket-lens scan --format json`) for the findings, and the suite checks the editor shows the same.
 */
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { applyEdits } from '../../server/src/engine/applyEdits';
import { Engine } from '../../server/src/engine/engine';
import { REPO_ROOT } from './codeServerInstall';
import type { EditorExpectations, ExpectedFile, ExpectedFindingWithFixes } from './suite/helpers';

export const CLI_BUNDLE = path.join(REPO_ROOT, 'dist', 'cli', 'socket-lens.js');
const EXAMPLES = path.join(REPO_ROOT, 'examples');

const LANGUAGE_BY_EXTENSION: Record<string, ExpectedFile['language']> = {
  '.go': 'go',
  '.js': 'javascript',
  '.cjs': 'javascript',
  '.mjs': 'javascript',
  '.ts': 'typescript',
};

function sourceFiles(directory: string): string[] {
  const found: string[] = [];
  for (const entry of fs.readdirSync(directory, { withFileTypes: true })) {
    if (entry.name === 'node_modules' || entry.name.startsWith('.')) continue;
    const full = path.join(directory, entry.name);
    if (entry.isDirectory()) found.push(...sourceFiles(full));
    else if (LANGUAGE_BY_EXTENSION[path.extname(entry.name)]) found.push(full);
  }
  return found.sort();
}

/** The examples/ workspace (its Go and Node services leak sockets on purpose); SOCKET_LENS_EDITOR_WORKSPACE overrides. */
export function editorWorkspace(): string {
  return process.env.SOCKET_LENS_EDITOR_WORKSPACE ? path.resolve(process.env.SOCKET_LENS_EDITOR_WORKSPACE) : EXAMPLES;
}

interface CliFinding extends Omit<ExpectedFindingWithFixes, 'fixes'> {
  file: string;
  fixes: Array<{ title: string; preferred: boolean }>;
}

/**
 * Runs the built CLI over the workspace and picks, per language (Go, JavaScript, TypeScript), the first file with
 * findings; for each, the engine also works out the text after its first preferred fix (what a quick fix must give).
 */
export async function expectationsFor(workspace: string): Promise<EditorExpectations> {
  if (!fs.existsSync(CLI_BUNDLE)) throw new Error(`${CLI_BUNDLE} is missing: run \`npm run build\` first`);
  const result = spawnSync(process.execPath, [CLI_BUNDLE, 'scan', '.', '--format', 'json'], { cwd: workspace, encoding: 'utf8' });
  if (result.status !== 0 && result.status !== 1) {
    // The suite still runs (activation does not need the CLI) and fails the comparisons with this message.
    return { workspace, files: [], cliError: `socket-lens scan --format json failed in ${workspace} (exit ${result.status}): ${result.stderr.trim()}` };
  }
  const report = JSON.parse(result.stdout) as { findings: CliFinding[] };
  const byFile = new Map<string, ExpectedFindingWithFixes[]>();
  for (const finding of report.findings) {
    const absolute = path.resolve(workspace, finding.file);
    const list = byFile.get(absolute) ?? [];
    list.push({
      rule: finding.rule,
      severity: finding.severity,
      line: finding.line,
      column: finding.column,
      fixes: finding.fixes.map((fix) => fix.title),
    });
    byFile.set(absolute, list);
  }
  const files: ExpectedFile[] = [];
  for (const language of ['go', 'javascript', 'typescript']) {
    const candidates = sourceFiles(workspace).filter((file) => LANGUAGE_BY_EXTENSION[path.extname(file)] === language);
    const withFindings = candidates.find((file) => byFile.has(file));
    const chosen = withFindings ?? candidates[0];
    if (chosen) files.push({ path: chosen, language: LANGUAGE_BY_EXTENSION[path.extname(chosen)], findings: byFile.get(chosen) ?? [] });
  }
  await addPreferredFixes(workspace, files);
  return { workspace, files };
}

/** Sets `preferredFix` on each file: its first finding with a preferred fix, and the file's text once that fix is applied. */
async function addPreferredFixes(workspace: string, files: ExpectedFile[]): Promise<void> {
  const engine = await Engine.create();
  for (const file of sourceFiles(workspace)) engine.update(file, fs.readFileSync(file, 'utf8'), 1);
  for (const file of files) {
    const finding = engine.analyze(file.path).find((f) => f.fixes.some((fix) => fix.preferred));
    const fix = finding?.fixes.find((candidate) => candidate.preferred);
    if (!finding || !fix) continue;
    const fixedText = applyEdits(fs.readFileSync(file.path, 'utf8'), fix.edits);
    file.preferredFix = { rule: finding.rule, line: finding.line, title: fix.title, fixedText };
  }
}
