/**
 * Bundles the in-extension-host suite for the extension host, which cannot run TypeScript:
 * test/editor/suite/index.ts -> out/editor-suite/index.js and every test/editor/suite/*.test.ts ->
 * out/editor-suite/<name>.test.js. `vscode` stays external (the host provides it) and so does `mocha`
 * (required from the repo's node_modules).
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { build } from 'esbuild';
import { REPO_ROOT } from './codeServerInstall';

export const SUITE_SOURCE_DIRECTORY = path.join(REPO_ROOT, 'test', 'editor', 'suite');
export const SUITE_OUT_DIRECTORY = path.join(REPO_ROOT, 'out', 'editor-suite');

/** Returns the absolute path of the bundled suite index (what extensionTestsPath points at). */
export async function bundleEditorSuite(): Promise<{ index: string; testFiles: string[] }> {
  const testFiles = fs
    .readdirSync(SUITE_SOURCE_DIRECTORY)
    .filter((name) => name.endsWith('.test.ts'))
    .sort();
  if (testFiles.length === 0) throw new Error(`no *.test.ts in ${SUITE_SOURCE_DIRECTORY}`);
  fs.rmSync(SUITE_OUT_DIRECTORY, { recursive: true, force: true });
  await build({
    entryPoints: ['index.ts', ...testFiles].map((name) => path.join(SUITE_SOURCE_DIRECTORY, name)),
    outdir: SUITE_OUT_DIRECTORY,
    bundle: true,
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    sourcemap: 'inline',
    external: ['vscode', 'mocha'],
    logLevel: 'warning',
  });
  return {
    index: path.join(SUITE_OUT_DIRECTORY, 'index.js'),
    testFiles: testFiles.map((name) => path.join(SUITE_OUT_DIRECTORY, name.replace(/\.ts$/, '.js'))),
  };
}
