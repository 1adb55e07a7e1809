/**
 * The .vsix holds only what the allow-list .vscodeignore names: bundles (without source maps), the grammar wasm,
 * snippets, rule pages, media, the manifest, README and LICENSE. Lists the package's files with `vsce ls` (the list
 * `vsce package` uses); needs `npm run build` first. Then builds the .vsix itself (`npm run package`) and checks
 * that every rule link a diagnostic carries opens a page inside it.
 */
import * as assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { OPEN_RULE_DOC_COMMAND } from '../../client/src/clientIds';
import { RULES, ruleDocPath } from '../../server/src/engine/rules';
import { ruleDocLinks } from '../../server/src/lsp/ruleDocLinks';
import { ZipArchive } from '../support/zipArchive';

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
  ['rule pages', /^docs\/rules\/[\w-]+\.md$/],
  ['media', /^media\/([^/]+\/)*[^/]+\.(js|css|svg|png)$/],
];

interface Manifest {
  name: string;
  version: string;
  main: string;
  icon?: string;
  bin: Record<string, string>;
  contributes: { snippets?: Array<{ path: string }>; commands: Array<{ command: string }>; jsonValidation?: Array<{ url: string }> };
}

const manifest = JSON.parse(fs.readFileSync(path.join(REPO_ROOT, 'package.json'), 'utf8')) as Manifest;
const normalise = (file: string) => path.posix.normalize(file.replace(/^\.\//, ''));

/** The webview assets in media/ (the kinds the allow-list names): the panel needs every one of them. */
function mediaOnDisk(directory = 'media'): string[] {
  const absolute = path.join(REPO_ROOT, directory);
  if (!fs.existsSync(absolute)) return [];
  return fs.readdirSync(absolute, { withFileTypes: true }).flatMap((entry) => {
    const relative = `${directory}/${entry.name}`;
    if (relative === 'media/screenshots') return []; // the README's pictures: linked, not packaged
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

  before(() => {
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
      // The webview scripts, built from client/webview by `npm run build` (not committed): named, not only found on disk.
      'media/inspector.js',
      'media/fleet.js',
      ...RULES.map((rule) => ruleDocPath(rule.id)),
      ...(manifest.icon ? [normalise(manifest.icon)] : []),
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

describe('the built .vsix (npm run package)', function () {
  this.timeout(180_000);
  let vsix: ZipArchive;
  let dir: string;

  before(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'socket-lens-vsix-'));
    const out = path.join(dir, `${manifest.name}.vsix`);
    execFileSync('npm', ['run', 'package', '--', '--out', out], { cwd: REPO_ROOT, stdio: 'pipe' });
    vsix = new ZipArchive(out);
  });

  after(() => fs.rmSync(dir, { recursive: true, force: true }));

  it("opens every rule's codeDescription target from inside the package", () => {
    const contributed = new Set(manifest.contributes.commands.map((c) => c.command));
    const link = ruleDocLinks(OPEN_RULE_DOC_COMMAND);
    for (const rule of RULES) {
      const target = new URL(link(rule.id));
      assert.equal(target.protocol, 'command:', `${rule.id}: ${target.href}`);
      assert.ok(contributed.has(target.pathname), `${rule.id}: its link runs ${target.pathname}, which the manifest does not contribute`);
      const [id] = JSON.parse(decodeURIComponent(target.search.slice(1))) as string[];
      const page = `extension/${ruleDocPath(id)}`;
      assert.ok(vsix.entries.has(page), `${rule.id}: ${page} is not in the .vsix`);
      const text = vsix.read(page).toString('utf8');
      assert.equal(text, fs.readFileSync(path.join(REPO_ROOT, ruleDocPath(id)), 'utf8'), `${page} differs from the repository's page`);
      assert.ok(text.includes(`# ${rule.id}: ${rule.title}`));
    }
  });

  it("leaves the README's screenshots out (the README links them)", () => {
    assert.deepEqual([...vsix.entries.keys()].filter((name) => name.startsWith('extension/media/screenshots/')), []);
  });

  it('carries the icon and the manifest that names it', () => {
    const packaged = JSON.parse(vsix.read('extension/package.json').toString('utf8')) as Manifest;
    assert.ok(packaged.icon, 'the manifest names an icon');
    const icon = vsix.read(`extension/${normalise(packaged.icon)}`);
    assert.deepEqual([...icon.subarray(0, 8)], [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a], 'the icon is a PNG');
    assert.ok(icon.readUInt32BE(16) >= 128 && icon.readUInt32BE(20) >= 128, 'the icon is at least 128×128');
  });
});
