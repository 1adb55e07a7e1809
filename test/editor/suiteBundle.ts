/**
 * Bundles the in-extension-host suite for the extension host, which cannot run TypeScript:
 * test/editor/suite/index.ts -> out/editor-suite/run-…/index.js and every test/editor/suite/*.test.ts ->
 * out/editor-suite/run-…/<name>.test.js. `vscode` stays external (the host provides it) and so does `mocha`
 * (required from the repo's node_modules). The restricted-mode run bundles test/editor/restricted/*.test.ts the
 * same way, with the same index.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { build } from 'esbuild';
import { REPO_ROOT } from './codeServerInstall';

export const SUITE_SOURCE_DIRECTORY = path.join(REPO_ROOT, 'test', 'editor', 'suite');
export const RESTRICTED_SUITE_SOURCE_DIRECTORY = path.join(REPO_ROOT, 'test', 'editor', 'restricted');
export const SUITE_OUT_DIRECTORY = path.join(REPO_ROOT, 'out', 'editor-suite');
const SUITE_INDEX = path.join(SUITE_SOURCE_DIRECTORY, 'index.ts');

/**
 * Bundles into out/editor-suite/run-<pid>-<time>-<folder>/ (one folder per run, so parallel runs by different people do not
 * replace each other's bundle under a running extension host) and returns the index (what extensionTestsPath
 * points at). Folders of runs older than a day are removed; remove() deletes this run's folder.
 */
export async function bundleEditorSuite(
  sourceDirectory: string = SUITE_SOURCE_DIRECTORY,
): Promise<{ index: string; testFiles: string[]; remove(): void }> {
  const testFiles = fs
    .readdirSync(sourceDirectory)
    .filter((name) => name.endsWith('.test.ts'))
    .sort();
  if (testFiles.length === 0) throw new Error(`no *.test.ts in ${sourceDirectory}`);
  removeStaleBundles();
  const outdir = path.join(SUITE_OUT_DIRECTORY, `run-${process.pid}-${Date.now()}-${path.basename(sourceDirectory)}`);
  // Output name -> source (the index may live in another folder than the tests).
  const entryPoints: Record<string, string> = { index: SUITE_INDEX };
  for (const name of testFiles) entryPoints[name.replace(/\.ts$/, '')] = path.join(sourceDirectory, name);
  await build({
    entryPoints,
    outdir,
    bundle: true,
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    sourcemap: 'inline',
    // `mocha` resolves from the repository's node_modules (the bundle lives inside the repository).
    external: ['vscode', 'mocha'],
    logLevel: 'warning',
  });
  return {
    index: path.join(outdir, 'index.js'),
    testFiles: testFiles.map((name) => path.join(outdir, name.replace(/\.ts$/, '.js'))),
    remove: () => fs.rmSync(outdir, { recursive: true, force: true }),
  };
}

function removeStaleBundles(): void {
  if (!fs.existsSync(SUITE_OUT_DIRECTORY)) return;
  const dayAgo = Date.now() - 24 * 3600 * 1000;
  for (const name of fs.readdirSync(SUITE_OUT_DIRECTORY)) {
    const full = path.join(SUITE_OUT_DIRECTORY, name);
    if (fs.statSync(full).mtimeMs < dayAgo || !name.startsWith('run-')) fs.rmSync(full, { recursive: true, force: true });
  }
}
