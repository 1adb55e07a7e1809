/** The `socketLens/scanWorkspace` request over stdio: diagnostics for unopened files, excludes, cancellation. */
import * as assert from 'node:assert';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { pathToFileURL, fileURLToPath } from 'node:url';
import { CancellationTokenSource } from 'vscode-languageserver-protocol/node';
import type {
  ScanProgressParams,
  ScanWorkspaceResult,
  WorkspaceDiagnosticsParams,
} from '$shared/lsp/workspaceScanProtocol';
import { jsonFindings, runCli } from '../support/cliProcess';
import { LanguageServerProcess, REPO_ROOT } from '../support/languageServerProcess';

const EXAMPLES = path.join(REPO_ROOT, 'examples');
const CONFIG_WORKSPACE = path.join(REPO_ROOT, 'test', 'fixtures', 'config-workspace');

describe('Scan Workspace (socketLens/scanWorkspace)', () => {
  let dir: string;
  let server: LanguageServerProcess | undefined;
  afterEach(async () => {
    await server?.stop();
    server = undefined;
    fs.rmSync(dir, { recursive: true, force: true });
  });

  async function scan(folder: string, open: string[] = [], cancelAfterProgress = false) {
    server = await LanguageServerProcess.start({ workspaceFolders: [folder] });
    const found: string[] = [];
    const progress: ScanProgressParams[] = [];
    const source = new CancellationTokenSource();
    server.connection.onNotification('socketLens/workspaceDiagnostics', (p: WorkspaceDiagnosticsParams) => {
      for (const item of p.items) {
        const file = path.relative(folder, fileURLToPath(item.uri)).split(path.sep).join('/');
        for (const d of item.diagnostics) found.push(`${file}:${d.range.start.line + 1} ${d.code}`);
      }
    });
    server.connection.onNotification('socketLens/scanProgress', (p: ScanProgressParams) => {
      progress.push(p);
      if (cancelAfterProgress) source.cancel();
    });
    for (const file of open) {
      await server.open(pathToFileURL(path.join(folder, file)).href, file.endsWith('.go') ? 'go' : 'javascript', fs.readFileSync(path.join(folder, file), 'utf8'));
    }
    const result = await server.connection.sendRequest<ScanWorkspaceResult>('socketLens/scanWorkspace', {}, source.token);
    return { result, found: found.sort(), progress };
  }

  it('reports the unopened files of examples/ exactly as the CLI does, and leaves open files to the editor', async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'socket-lens-wscan-'));
    fs.cpSync(EXAMPLES, dir, { recursive: true });
    const cli = jsonFindings(runCli(['scan', '--format', 'json'], dir).stdout).map((f) => `${f.file}:${f.line} ${f.rule}`).sort();
    assert.ok(cli.length >= 5, cli.join('\n'));
    const { result, found, progress } = await scan(dir, ['go/healthcheck/main.go']);
    assert.deepStrictEqual(found, cli.filter((f) => !f.startsWith('go/healthcheck/main.go:')));
    assert.ok(cli.some((f) => f.startsWith('go/healthcheck/main.go:')), 'the open file has findings of its own (else this checks nothing)');
    assert.strictEqual(result.cancelled, false);
    assert.strictEqual(result.findings, found.length);
    assert.deepStrictEqual(progress.at(-1), { done: result.files, total: result.files });
  });

  it('honours socket-lens.json: excludes, test files and rules', async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'socket-lens-wscan-'));
    fs.cpSync(CONFIG_WORKSPACE, dir, { recursive: true });
    const { found, result } = await scan(dir);
    assert.deepStrictEqual(found, ['api/status.go:7 go-unclosed-body', 'web/proxy.js:4 js-per-request-client']);
    assert.strictEqual(result.files, 2);
  });

  it('can be cancelled part-way, and the server keeps answering', async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'socket-lens-wscan-'));
    const leak = (i: number) =>
      `package p${i}\n\nimport "net/http"\n\nfunc Get() int {\n\tresp, err := http.Get("http://h/${i}")\n\tif err != nil {\n\t\treturn 0\n\t}\n\treturn resp.StatusCode\n}\n`;
    for (let i = 0; i < 300; i++) {
      fs.mkdirSync(path.join(dir, `p${i}`));
      fs.writeFileSync(path.join(dir, `p${i}`, 'get.go'), leak(i));
    }
    const { result } = await scan(dir, [], true);
    assert.strictEqual(result.cancelled, true);
    assert.ok(result.files < 300, `analysed ${result.files} of 300 before stopping`);
    const uri = pathToFileURL(path.join(dir, 'p0', 'get.go')).href;
    await server!.open(uri, 'go', leak(0));
    assert.deepStrictEqual((await server!.diagnostics(uri)).map((d) => d.code), ['go-unclosed-body']);
  });
});
