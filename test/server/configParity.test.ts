/**
 * One workspace with a socket-lens.json (a rule off, a category re-graded, an exclude, tests off, handled
 * functions): the language server over stdio and the CLI process report exactly the same findings.
 */
import * as assert from 'node:assert';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { jsonFindings, runCli } from '../support/cliProcess';
import { LanguageServerProcess, REPO_ROOT } from '../support/languageServerProcess';

const WORKSPACE = path.join(REPO_ROOT, 'test', 'fixtures', 'config-workspace');
const SEVERITY = ['', 'error', 'warning', 'info', 'hint'];

function sourceFiles(dir: string, root = dir): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) return sourceFiles(p, root);
    return /\.(go|js)$/.test(e.name) ? [path.relative(root, p).split(path.sep).join('/')] : [];
  });
}

describe('socket-lens.json: the language server and the CLI agree', () => {
  let dir: string;
  let server: LanguageServerProcess | undefined;
  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'socket-lens-parity-'));
    fs.cpSync(WORKSPACE, dir, { recursive: true });
  });
  afterEach(async () => {
    await server?.stop();
    server = undefined;
    fs.rmSync(dir, { recursive: true, force: true });
  });

  async function editorFindings(files: string[], settings: unknown = {}): Promise<string[]> {
    server = await LanguageServerProcess.start({ workspaceFolders: [dir], settings });
    const out: string[] = [];
    for (const file of files) {
      const uri = pathToFileURL(path.join(dir, file)).href;
      await server.open(uri, file.endsWith('.go') ? 'go' : 'javascript', fs.readFileSync(path.join(dir, file), 'utf8'));
      for (const d of await server.diagnostics(uri)) out.push(`${file}:${d.range.start.line + 1}:${d.range.start.character + 1} ${d.code} ${SEVERITY[d.severity!]}`);
    }
    await server.stop();
    server = undefined;
    return out.sort();
  }

  const cliFindings = (args: string[] = []) =>
    jsonFindings(runCli(['scan', '--format', 'json', ...args], dir).stdout).map((f) => `${f.file}:${f.line}:${f.column} ${f.rule} ${f.severity}`).sort();

  it('every file of the workspace opened in the editor gives what `socket-lens scan` gives', async () => {
    const files = sourceFiles(dir);
    assert.ok(files.length >= 6, files.join(' '));
    const cli = cliFindings();
    assert.deepStrictEqual(cli, ['api/status.go:7:15 go-unclosed-body warning', 'web/proxy.js:4:17 js-per-request-client error']);
    assert.deepStrictEqual(await editorFindings(files), cli);
  });

  it('with "tests": true both report the test files; VS Code settings override the config per user', async () => {
    const configFile = path.join(dir, 'socket-lens.json');
    fs.writeFileSync(configFile, fs.readFileSync(configFile, 'utf8').replace('"tests": false', '"tests": true'));
    const files = sourceFiles(dir);
    const cli = cliFindings();
    assert.strictEqual(cli.length, 5);
    assert.deepStrictEqual(await editorFindings(files), cli);
    const overridden = await editorFindings(files, { rules: { 'per-request-client': 'off' } });
    assert.deepStrictEqual(overridden, cli.filter((f) => !f.includes('js-per-request-client')));
  });

  it('a broken config is shown to the user once, and the server keeps analysing with the defaults', async () => {
    fs.writeFileSync(path.join(dir, 'socket-lens.json'), '{ "rules": { "go-unclosed-bodies": "off" } }');
    const found = await (async () => {
      server = await LanguageServerProcess.start({ workspaceFolders: [dir] });
      const uri = pathToFileURL(path.join(dir, 'api', 'status.go')).href;
      await server.open(uri, 'go', fs.readFileSync(path.join(dir, 'api', 'status.go'), 'utf8'));
      const diagnostics = await server.diagnostics(uri);
      await server.diagnostics(uri);
      return diagnostics.map((d) => `${d.range.start.line + 1} ${d.code}`);
    })();
    assert.deepStrictEqual(found, ['7 go-unclosed-body', '37 go-unclosed-body']);
    const shown = server!.messages.filter((m) => m.includes('go-unclosed-bodies'));
    assert.strictEqual(shown.length, 1, server!.messages.join('\n'));
    assert.match(shown[0], /socket-lens\.json: rules: unknown rule or category 'go-unclosed-bodies'/);
  });

  it('multi-root: each workspace folder follows its own socket-lens.json, and a saved change applies at once', async () => {
    const second = fs.mkdtempSync(path.join(os.tmpdir(), 'socket-lens-parity-b-'));
    try {
      fs.cpSync(WORKSPACE, second, { recursive: true });
      fs.writeFileSync(path.join(second, 'socket-lens.json'), JSON.stringify({ rules: { 'unclosed-body': 'off' } }));
      server = await LanguageServerProcess.start({ workspaceFolders: [dir, second] });
      const codes = async (root: string) => {
        const uri = pathToFileURL(path.join(root, 'api', 'status.go')).href;
        await server!.open(uri, 'go', fs.readFileSync(path.join(root, 'api', 'status.go'), 'utf8'));
        return (await server!.diagnostics(uri)).map((d) => `${d.range.start.line + 1} ${d.code}`);
      };
      assert.deepStrictEqual(await codes(dir), ['7 go-unclosed-body']);
      assert.deepStrictEqual(await codes(second), []);
      // The second folder's config changes on disk: the watcher's notification makes the server read it again.
      fs.writeFileSync(path.join(second, 'socket-lens.json'), JSON.stringify({ rules: { 'go-unclosed-body': 'error' } }));
      await server.connection.sendNotification('workspace/didChangeWatchedFiles', {
        changes: [{ uri: pathToFileURL(path.join(second, 'socket-lens.json')).href, type: 2 }],
      });
      const uri = pathToFileURL(path.join(second, 'api', 'status.go')).href;
      const after = (await server.diagnostics(uri)).map((d) => `${d.range.start.line + 1} ${d.code} ${SEVERITY[d.severity!]}`);
      assert.deepStrictEqual(after.sort(), ['37 go-unclosed-body error', '7 go-unclosed-body error']);
    } finally {
      fs.rmSync(second, { recursive: true, force: true });
    }
  });
});
