/**
 * Runtime facts the Go rules rest on, measured with the real Go toolchain against a real loopback server:
 * a response whose body is never closed pins its connection only when it has a body. HEAD and
 * `Content-Length: 0` responses (and bodies read to EOF) give the connection back without a Close,
 * so go-unclosed-body stays silent on HEAD requests. The server counts the TCP connections it accepts.
 */
import * as assert from 'node:assert';
import { execFile, spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import * as os from 'node:os';
import * as path from 'node:path';

const CLIENT_SOURCE = path.join(__dirname, 'runtime', 'unclosedClient.go.txt');
const GO_ENV = { ...process.env, GOFLAGS: '-mod=mod', GOPROXY: 'off', GOTOOLCHAIN: 'local', GOCACHE: process.env.GOCACHE ?? path.join(os.tmpdir(), 'socket-lens-gocache') };

function buildClient(dir: string): string {
  fs.writeFileSync(path.join(dir, 'go.mod'), 'module example.com/unclosed\n\ngo 1.19\n');
  fs.copyFileSync(CLIENT_SOURCE, path.join(dir, 'main.go'));
  const binary = path.join(dir, 'unclosed');
  const r = spawnSync('go', ['build', '-o', binary, '.'], { cwd: dir, env: GO_ENV, encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`go build failed: ${r.stderr}${r.stdout}`);
  return binary;
}

describe('Go runtime facts (real Go toolchain, loopback)', function () {
  this.timeout(180000);
  let server: http.Server;
  let base: string;
  let accepted = 0;
  let dir: string;
  let binary: string;

  before(async () => {
    if (spawnSync('go', ['version']).status !== 0) throw new Error('the Go toolchain is required: run npm run test:setup');
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'socket-lens-runtime-'));
    binary = buildClient(dir);
    server = http.createServer((req, res) => {
      if (req.url === '/empty') {
        res.writeHead(200, { 'Content-Length': '0' });
        res.end();
        return;
      }
      const body = 'x'.repeat(100);
      res.writeHead(200, { 'Content-Length': String(body.length), 'Content-Type': 'text/plain' });
      res.end(req.method === 'HEAD' ? undefined : body);
    });
    server.keepAliveTimeout = 30000;
    server.on('connection', () => accepted++);
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });

  after(async () => {
    server?.closeAllConnections();
    await new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve()));
    if (dir) fs.rmSync(dir, { recursive: true, force: true });
  });

  /** Runs the client (asynchronously: the server lives in this process) and counts the connections it opened. */
  async function connectionsFor(mode: string): Promise<number> {
    server.closeAllConnections();
    const before = accepted;
    const stdout = await new Promise<string>((resolve, reject) =>
      execFile(binary, [base, mode], { encoding: 'utf8', timeout: 60000 }, (err, out, errOut) => (err ? reject(new Error(`client ${mode} failed: ${err.message} ${errOut}`)) : resolve(out))),
    );
    assert.strictEqual(stdout.trim(), '10');
    return accepted - before;
  }

  it('10 GET responses with a 100-byte body, never read or closed: 10 connections (each one pinned)', async () => {
    assert.strictEqual(await connectionsFor('body'), 10);
  });

  it('10 HEAD responses, never closed: 1 connection (reused)', async () => {
    assert.strictEqual(await connectionsFor('head'), 1);
  });

  it('10 GET responses with Content-Length: 0, never closed: 1 connection (reused)', async () => {
    assert.strictEqual(await connectionsFor('empty'), 1);
  });

  it('10 GET bodies read to EOF with io.ReadAll, never closed: 1 connection (reused)', async () => {
    assert.strictEqual(await connectionsFor('readall'), 1);
  });
});
