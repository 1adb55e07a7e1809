/** Issue 12 items 1 and 4 through the bundled language server: hostile folders and huge documents. */
import * as assert from 'node:assert';
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Diagnostic } from 'vscode-languageserver-protocol';
import { LanguageServerProcess, REPO_ROOT } from '../support/languageServerProcess';

const FIXTURES = path.join(REPO_ROOT, 'test', 'fixtures', 'server');

/** The request's answer, or a failure once `ms` have passed (a blocked server never answers). */
function within<T>(ms: number, what: string, promise: Promise<T>): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => (timer = setTimeout(() => reject(new Error(`${what}: no answer within ${ms} ms`)), ms)));
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

describe('language server on hostile folders and huge documents', function () {
  this.timeout(120000);
  let dir: string;
  let server: LanguageServerProcess | undefined;
  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'socket-lens-server-hostile-'));
    fs.cpSync(FIXTURES, dir, { recursive: true });
  });
  afterEach(async () => {
    await server?.stop();
    server = undefined;
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('answers for a Go file whose package holds a FIFO and a /dev/zero link', async () => {
    execFileSync('mkfifo', [path.join(dir, 'gopkg', 'fifo.go')]);
    fs.symlinkSync('/dev/zero', path.join(dir, 'gopkg', 'zero.go'));
    server = await LanguageServerProcess.start();
    const uri = pathToFileURL(path.join(dir, 'gopkg', 'handler.go')).href;
    await server.open(uri, 'go', fs.readFileSync(path.join(dir, 'gopkg', 'handler.go'), 'utf8'));
    const diagnostics = await within(15000, 'diagnostics', server.diagnostics(uri));
    assert.deepStrictEqual(diagnostics.map((d) => `${d.range.start.line + 1} ${d.code}`), ['10 go-unclosed-body']);
  });

  it('does not block on a 20 MB document, says it is not analysed, and keeps answering', async () => {
    server = await LanguageServerProcess.start();
    const messages: string[] = [];
    server.connection.onNotification('window/showMessage', (p: { message: string }) => messages.push(p.message));
    const uri = pathToFileURL(path.join(dir, 'gopkg', 'huge.go')).href;
    const huge = `package api\n${'func f() { _ = 1 }\n'.repeat(Math.ceil((20 * 1024 * 1024) / 19))}`;
    const started = Date.now();
    await server.open(uri, 'go', huge);
    assert.deepStrictEqual(await within(20000, 'open', server.diagnostics(uri)), []);
    await server.change(uri, `${huge}// edited\n`);
    const diagnostics: Diagnostic[] = await within(20000, 'after an edit', server.diagnostics(uri));
    assert.deepStrictEqual(diagnostics, []);
    const ms = Date.now() - started;
    assert.ok(ms < 20000, `open + edit of 20 MB answered in ${ms} ms`);
    const handler = pathToFileURL(path.join(dir, 'gopkg', 'handler.go')).href;
    await server.open(handler, 'go', fs.readFileSync(path.join(dir, 'gopkg', 'handler.go'), 'utf8'));
    assert.strictEqual((await within(15000, 'handler', server.diagnostics(handler))).length, 1);
    assert.deepStrictEqual(messages, ['Socket Lens: huge.go not analysed: too large (20.0 MB of text, limit 512.0 KB)']);
  });
});
