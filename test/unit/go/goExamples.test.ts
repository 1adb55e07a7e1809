import * as assert from 'node:assert';
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { Engine } from '../../../server/src/engine/engine';

const EXAMPLES = path.join(__dirname, '..', '..', '..', 'examples', 'go');

/** What the README of examples/go promises, file by file: `line rule`. */
const EXPECTED: Record<string, string[]> = {
  'pricing/main.go': ['21 go-per-request-client', '28 go-unclosed-body'],
  'inventory/upstream.go': ['11 go-per-request-client', '22 go-max-idle-conns-per-host'],
  'inventory/main.go': ['32 go-connection-close', '33 go-unclosed-body'],
  'healthcheck/main.go': ['12 go-disable-keepalives', '20 go-defer-close-before-check'],
};

describe('examples/go', () => {
  it('each leak the README lists is reported, and nothing else', async () => {
    const engine = await Engine.create();
    for (const [rel, expected] of Object.entries(EXPECTED)) {
      const file = path.join(EXAMPLES, rel);
      engine.update(file, fs.readFileSync(file, 'utf8'), 1);
      const found = engine.analyze(file).map((f) => `${f.line} ${f.rule}`);
      assert.deepStrictEqual(found, expected, rel);
      for (const f of engine.analyze(file)) {
        // Removing DisableKeepAlives may undo a deliberate choice: offered, never preferred (scan --fix leaves it).
        if (f.rule === 'go-disable-keepalives') assert.ok(f.fixes.length > 0 && f.fixes.every((x) => !x.preferred), `${rel}:${f.line} ${f.rule}`);
        else assert.ok(f.fixes.some((x) => x.preferred), `${rel}:${f.line} ${f.rule} has no preferred fix`);
      }
    }
  });

  it('builds with the Go toolchain (standard library only)', function () {
    this.timeout(120000);
    try {
      execFileSync('go', ['version'], { stdio: 'ignore' });
    } catch {
      assert.fail('the Go toolchain is missing: run `npm run test:setup` (it installs golang-go)');
    }
    execFileSync('go', ['build', '-o', '/dev/null', './...'], {
      cwd: EXAMPLES,
      env: { ...process.env, GOFLAGS: '-mod=mod', GOPROXY: 'off', GOTOOLCHAIN: 'local', GOCACHE: process.env.GOCACHE ?? path.join(require('node:os').tmpdir(), 'socket-lens-gocache') },
      stdio: 'pipe',
    });
  });
});
