import * as assert from 'node:assert';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { Engine } from '../../../server/src/engine/engine';
import { fixAllText } from '../../../server/src/engine/fixAll';

const CORPUS = path.join(__dirname, '..', '..', 'fixtures', 'go');

/** Runs fix-all as `scan --fix` does (preferred fixes only, re-analysed round by round). */
async function fixAll(file: string, text: string) {
  const engine = await Engine.create();
  let version = 0;
  return fixAllText(text, (t) => {
    engine.update(file, t, ++version);
    return engine.analyze(file);
  });
}

describe('Go fixes never change behaviour beyond releasing the socket', () => {
  it('leaves `r.Close = true` on a handler\'s incoming request alone (no finding, no fix), but still fixes an outgoing request', async () => {
    const server = path.join(CORPUS, 'keepalive/ok-server-request-close/main.go');
    const text = fs.readFileSync(server, 'utf8');
    const { text: after, fixed } = await fixAll(server, text);
    assert.deepStrictEqual(fixed, []);
    assert.strictEqual(after, text);
    // The same statement inside a handler, on a request the handler builds and sends, is reported and removed.
    const outgoing = path.join(CORPUS, 'keepalive/req-close-in-handler/main.go');
    const outText = fs.readFileSync(outgoing, 'utf8');
    const out = await fixAll(outgoing, outText);
    assert.deepStrictEqual(out.fixed.map((f) => f.rule), ['go-connection-close']);
    assert.ok(!out.text.includes('req.Close = true'));
  });

  it('an incoming request shadowed by a local outgoing one is reported again', async () => {
    const file = path.join(CORPUS, 'keepalive/ok-server-request-close/main.go');
    const text = [
      'package main',
      '',
      'import "net/http"',
      '',
      'func relay(w http.ResponseWriter, r *http.Request) {',
      '\tr, err := http.NewRequest(http.MethodGet, "http://127.0.0.1:9000/", nil)',
      '\tif err != nil {',
      '\t\treturn',
      '\t}',
      '\tr.Close = true',
      '\tresp, err := http.DefaultClient.Do(r)',
      '\tif err != nil {',
      '\t\treturn',
      '\t}',
      '\tresp.Body.Close()',
      '\tw.WriteHeader(resp.StatusCode)',
      '}',
      '',
    ].join('\n');
    const engine = await Engine.create();
    engine.update(file, text, 1);
    assert.deepStrictEqual(engine.analyze(file).map((f) => f.rule), ['go-connection-close']);
  });

  it('"add defer resp.Body.Close()" keeps the Close of a later response that reuses the variable', async () => {
    const file = path.join(CORPUS, 'body/missing-close/fetch.go');
    const text = [
      'package fetch',
      '',
      'import (',
      '\t"fmt"',
      '\t"net/http"',
      ')',
      '',
      'func both(a, b string) error {',
      '\tresp, err := http.Get(a)',
      '\tif err != nil {',
      '\t\treturn err',
      '\t}',
      '\tif resp.StatusCode != http.StatusOK {',
      '\t\treturn fmt.Errorf("a: %d", resp.StatusCode)',
      '\t}',
      '\tresp.Body.Close()',
      '\tresp, err = http.Get(b)',
      '\tif err != nil {',
      '\t\treturn err',
      '\t}',
      '\tresp.Body.Close()',
      '\treturn nil',
      '}',
      '',
    ].join('\n');
    const { text: after, fixed } = await fixAll(file, text);
    assert.deepStrictEqual(fixed.map((f) => f.rule), ['go-unclosed-body']);
    const lines = after.split('\n');
    // The first response's plain close became a defer after its check; the second response keeps its own close.
    assert.strictEqual(lines.filter((l) => l.trim() === 'defer resp.Body.Close()').length, 1);
    const second = lines.findIndex((l) => l.includes('http.Get(b)'));
    assert.ok(second > 0);
    assert.ok(lines.slice(second).some((l) => l.trim() === 'resp.Body.Close()'), after);
  });

  it('never prefers dropping a deliberate DisableKeepAlives, or hoisting a client that reads package configuration', async () => {
    for (const rel of ['keepalive/disable-package-level/client.go', 'keepalive/disable-by-assignment/setup.go', 'keepalive/no-idle-pool/client.go', 'client/reads-config-var/main.go', 'client/clone-reads-config-var/main.go', 'keepalive/per-request-disable/main.go']) {
      const file = path.join(CORPUS, rel);
      const text = fs.readFileSync(file, 'utf8');
      const engine = await Engine.create();
      engine.update(file, text, 1);
      const findings = engine.analyze(file);
      assert.ok(findings.length > 0, rel);
      for (const f of findings.filter((x) => x.rule === 'go-disable-keepalives' || x.rule === 'go-per-request-client')) {
        assert.ok(f.fixes.every((x) => !x.preferred), `${rel}:${f.line} ${f.rule} has a preferred fix: ${f.fixes.map((x) => x.title).join('; ')}`);
      }
      const { text: after } = await fixAll(file, text);
      if (/DisableKeepAlives: true|DisableKeepAlives = true|MaxIdleConnsPerHost: -1|MaxIdleConnsPerHost = -1/.test(text)) {
        assert.match(after, /DisableKeepAlives: true|DisableKeepAlives = true|MaxIdleConnsPerHost: -1|MaxIdleConnsPerHost = -1/, rel);
      }
      if (rel === 'client/reads-config-var/main.go') assert.match(after, /InsecureSkipVerify: insecure}}}/, rel);
      if (rel === 'client/clone-reads-config-var/main.go') assert.match(after, /\tt := http\.DefaultTransport\.\(\*http\.Transport\)\.Clone\(\)[^\n]*\n\tt\.MaxIdleConnsPerHost = maxIdle\n/, rel);
    }
  });
});
