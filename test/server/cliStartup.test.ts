/**
 * Start-up: the TypeScript compiler lives in its own bundle (dist/server/jsFrontEnd.js), loaded only when a JS/TS
 * file is met. Proven on the bundles themselves: the modules each process loaded (recorded at exit by a preloaded
 * hook; a Go-only scan this small runs in-process), and a copy of the CLI that has no JS/TS bundle beside it at all.
 */
import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { CLI } from '../support/cliProcess';
import { LanguageServerProcess, REPO_ROOT } from '../support/languageServerProcess';

const HOOK = path.join(REPO_ROOT, 'test', 'support', 'recordLoadedModules.js');
const FIXTURES = path.join(REPO_ROOT, 'test', 'fixtures', 'server');
const JS_BUNDLE = path.join(REPO_ROOT, 'dist', 'server', 'jsFrontEnd.js');

/** The bundles and modules of the repository's dist/ that a run loaded (node's own modules are not in require.cache). */
function loadedBundles(list: string): string[] {
  const dist = path.join(REPO_ROOT, 'dist') + path.sep;
  return fs
    .readFileSync(list, 'utf8')
    .split('\n')
    .filter((f) => f.startsWith(dist))
    .map((f) => path.relative(dist, f).split(path.sep).join('/'))
    .sort();
}

describe('start-up: the JS/TS front-end (and TypeScript) loads only for JS/TS files', () => {
  let dir: string;
  let list: string;
  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'socket-lens-startup-'));
    list = path.join(dir, 'loaded.txt');
  });
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  const runCli = (cli: string, args: string[]) => {
    fs.rmSync(list, { force: true });
    const env = { ...process.env, SOCKET_LENS_TEST_LOADED_MODULES: list };
    return spawnSync(process.execPath, ['--require', HOOK, cli, ...args], { cwd: FIXTURES, encoding: 'utf8', env });
  };

  it('the CLI loads only its own bundle for --help and for a Go-only scan, and the JS/TS bundle for a JS file', () => {
    assert.ok(fs.existsSync(JS_BUNDLE), `${JS_BUNDLE} is missing: run npm run build`);
    // The compiler is in the JS/TS bundle, not copied into the CLI's or the server's.
    const compiler = 'function createSourceFile(';
    assert.ok(fs.readFileSync(JS_BUNDLE, 'utf8').includes(compiler));
    for (const bundle of [CLI, path.join(REPO_ROOT, 'dist', 'server', 'server.js')]) assert.ok(!fs.readFileSync(bundle, 'utf8').includes(compiler), bundle);
    const help = runCli(CLI, ['--help']);
    assert.equal(help.status, 0, help.stderr);
    assert.deepEqual(loadedBundles(list), ['cli/socket-lens.js']);

    const go = runCli(CLI, ['scan', 'gopkg', '--format', 'json']);
    assert.equal(go.status, 1, go.stderr);
    assert.deepEqual(JSON.parse(go.stdout).findings.map((f: { rule: string }) => f.rule), ['go-unclosed-body']);
    assert.deepEqual(loadedBundles(list), ['cli/socket-lens.js']);

    const js = runCli(CLI, ['scan', 'agent.js', '--format', 'json']);
    assert.equal(js.status, 1, js.stderr);
    assert.equal(JSON.parse(js.stdout).findings.length, 2);
    assert.deepEqual(loadedBundles(list), ['cli/socket-lens.js', 'server/jsFrontEnd.js']);
  });

  it('a copy of the CLI without the JS/TS bundle scans Go, and says why it cannot analyse a JS file', () => {
    const copy = path.join(dir, 'dist');
    fs.mkdirSync(path.join(copy, 'cli'), { recursive: true });
    fs.copyFileSync(CLI, path.join(copy, 'cli', 'socket-lens.js'));
    fs.cpSync(path.join(REPO_ROOT, 'dist', 'wasm'), path.join(copy, 'wasm'), { recursive: true });
    const cli = path.join(copy, 'cli', 'socket-lens.js');

    const go = runCli(cli, ['scan', 'gopkg', '--format', 'json']);
    assert.equal(go.status, 1, go.stderr);
    assert.deepEqual(JSON.parse(go.stdout).findings.map((f: { rule: string }) => f.rule), ['go-unclosed-body']);
    assert.equal(go.stderr, '');

    const js = runCli(cli, ['scan', '.', '--format', 'json']);
    assert.equal(js.status, 2, 'a file whose analysis failed makes the scan incomplete');
    assert.match(js.stderr, /agent\.js: .*the JS\/TS front-end could not be loaded from .*jsFrontEnd\.js/);
    assert.deepEqual(JSON.parse(js.stdout).findings.map((f: { rule: string }) => f.rule), ['go-unclosed-body']);
  });

  it('the language server loads the JS/TS bundle on the first JS/TS document, not before', async () => {
    const go = path.join(FIXTURES, 'gopkg', 'handler.go');
    const js = path.join(FIXTURES, 'agent.js');
    /** Opens the documents one after the other, pulls each one's diagnostics, stops; returns rules and bundles loaded. */
    const session = async (documents: Array<[string, string]>) => {
      const saved = process.env.SOCKET_LENS_TEST_LOADED_MODULES;
      process.env.SOCKET_LENS_TEST_LOADED_MODULES = list;
      fs.rmSync(list, { force: true });
      let server: LanguageServerProcess;
      try {
        server = await LanguageServerProcess.start({ nodeArgs: ['--require', HOOK] });
      } finally {
        if (saved === undefined) delete process.env.SOCKET_LENS_TEST_LOADED_MODULES;
        else process.env.SOCKET_LENS_TEST_LOADED_MODULES = saved;
      }
      const rules: string[] = [];
      for (const [file, languageId] of documents) {
        const uri = pathToFileURL(file).href;
        await server.open(uri, languageId, fs.readFileSync(file, 'utf8'));
        rules.push(...(await server.diagnostics(uri)).map((d) => String(d.code)));
      }
      assert.equal(await server.stop(), 0);
      return { rules, bundles: loadedBundles(list) };
    };
    const goOnly = await session([[go, 'go']]);
    assert.deepEqual(goOnly.rules, ['go-unclosed-body']);
    assert.deepEqual(goOnly.bundles, ['server/server.js']);
    const both = await session([[go, 'go'], [js, 'javascript']]);
    assert.deepEqual(both.rules.sort(), ['go-unclosed-body', 'js-agent-without-keepalive', 'js-per-request-client']);
    assert.deepEqual(both.bundles, ['server/jsFrontEnd.js', 'server/server.js']);
  });
});
