/**
 * The .vsix holds only what the allow-list .vscodeignore names: bundles (without source maps), the grammar wasm,
 * snippets, media, the manifest, README and LICENSE. Lists the package's files with `vsce ls` (the list
 * `vsce package` uses); needs `npm run build` first.
 */
import * as assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';

const REPO_ROOT = path.resolve(__dirname, '..', '..');
const VSCE = path.join(REPO_ROOT, 'node_modules', '@vscode', 'vsce', 'vsce');

/** Every file in the package must match one of these (paths relative to the extension root, `/`-separated). */
const ALLOWED: Array<[string, RegExp]> = [
  ['manifest', /^package\.json$/],
  ['readme', /^README\.md$/],
  ['licence', /^LICENSE$/],
  ['bundles', /^dist\/(client|server|cli)\/[^/]+\.js$/],
  ['grammar wasm', /^dist\/wasm\/[^/]+\.wasm$/],
  ['snippets', /^snippets\/[^/]+\.json$/],
  ['JSON schemas', /^server\/schemas\/[^/]+\.json$/],
  ['media', /^media\/([^/]+\/)*[^/]+\.(js|css|svg|png)$/],
];

interface Manifest {
  main: string;
  bin: Record<string, string>;
  contributes: { snippets?: Array<{ path: string }>; jsonValidation?: Array<{ url: string }> };
}

const manifest = JSON.parse(fs.readFileSync(path.join(REPO_ROOT, 'package.json'), 'utf8')) as Manifest;
const normalise = (file: string) => path.posix.normalize(file.replace(/^\.\//, ''));

/** The webview assets in media/ (the kinds the allow-list names): the panel needs every one of them. */
function mediaOnDisk(directory = 'media'): string[] {
  const absolute = path.join(REPO_ROOT, directory);
  if (!fs.existsSync(absolute)) return [];
  return fs.readdirSync(absolute, { withFileTypes: true }).flatMap((entry) => {
    const relative = `${directory}/${entry.name}`;
    if (entry.isDirectory()) return mediaOnDisk(relative);
    return /\.(js|css|svg|png)$/.test(entry.name) ? [relative] : [];
  });
}

function packageFiles(): string[] {
  const output = execFileSync(process.execPath, [VSCE, 'ls', '--no-dependencies'], { cwd: REPO_ROOT, encoding: 'utf8' });
  return output
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => line.length > 0)
    .map(normalise);
}

describe('the .vsix package (vsce ls)', function () {
  this.timeout(60_000);
  let files: string[];

  before(function () {
    if (!fs.existsSync(path.join(REPO_ROOT, manifest.main))) {
      throw new Error(`${manifest.main} is missing: run \`npm run build\` before the packaging test`);
    }
    files = packageFiles();
  });

  it('holds nothing outside the allow-list', () => {
    const outside = files.filter((file) => !ALLOWED.some(([, pattern]) => pattern.test(file)));
    assert.deepEqual(outside, [], `files in the package that the allow-list does not name:\n${outside.join('\n')}`);
  });

  it('holds the manifest, README, LICENSE, the entry points, the grammar wasm, every contributed snippet file and JSON schema, and the webview media', () => {
    const mustHave = [
      'package.json',
      'README.md',
      'LICENSE',
      normalise(manifest.main),
      'dist/server/server.js',
      ...Object.values(manifest.bin).map(normalise),
      'dist/wasm/tree-sitter.wasm',
      'dist/wasm/tree-sitter-go.wasm',
      ...(manifest.contributes.snippets ?? []).map((snippet) => normalise(snippet.path)),
      ...(manifest.contributes.jsonValidation ?? []).map((schema) => normalise(schema.url)),
      ...mediaOnDisk(),
    ];
    const missing = [...new Set(mustHave)].filter((file) => !files.includes(file));
    assert.deepEqual(missing, [], `files the package must hold but does not:\n${missing.join('\n')}`);
  });

  it('leaves out the source maps the build writes next to the bundles', () => {
    const mapsOnDisk = ['client', 'server', 'cli'].flatMap((folder) =>
      fs
        .readdirSync(path.join(REPO_ROOT, 'dist', folder))
        .filter((name) => name.endsWith('.map'))
        .map((name) => `dist/${folder}/${name}`),
    );
    assert.ok(mapsOnDisk.length > 0, 'the build writes source maps (else this test checks nothing)');
    assert.deepEqual(files.filter((file) => file.endsWith('.map')), []);
  });
});
