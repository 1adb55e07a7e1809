import * as assert from 'node:assert';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { Engine } from '../../../server/src/engine/engine';
import { calleeOf, handledDirectiveNames, isHandledCallee } from '../../../server/src/engine/handledCallees';
import { checkSuppressions, parseSuppressionDirectives } from '../../../server/src/engine/suppression';
import { LineIndex } from '../../../server/src/engine/textPositions';

const LEAKY_JS = (prefix: string) => `${prefix}const http = require('http');
http.createServer((req, res) => {
  const agent = new http.Agent({ keepAlive: true });
  res.end();
});
`;

describe('suppression comments (engine)', () => {
  let engine: Engine;
  before(async () => (engine = await Engine.create()));
  const rules = (file: string, text: string, reportUnused = false) => {
    engine.update(file, text, Math.random());
    return engine.analyze(file, {}, {}, { reportUnusedSuppressions: reportUnused }).map((f) => `${f.line} ${f.rule}`);
  };

  it('the finding is there to silence', () => assert.deepStrictEqual(rules('/w/a.js', LEAKY_JS('')), ['3 js-per-request-client']));
  it('file-ignore silences a rule in the whole file, by id or category', () => {
    assert.deepStrictEqual(rules('/w/b.js', LEAKY_JS('// socketlens:file-ignore js-per-request-client one agent per test server\n')), []);
    assert.deepStrictEqual(rules('/w/c.js', LEAKY_JS('/* socketlens:file-ignore per-request-client fixture */\n')), []);
  });
  it('a block comment on the line above works like the line comment', () => {
    const text = LEAKY_JS('').replace('  const agent', '  /* socketlens:ignore js-per-request-client short-lived */\n  const agent');
    assert.deepStrictEqual(rules('/w/d.js', text), []);
  });
  it('an unknown rule name is a finding; an unused one is when asked for', () => {
    const text = LEAKY_JS('// socketlens:file-ignore go-unclosed-body,js-per-request-clint reason\n');
    assert.deepStrictEqual(rules('/w/e.js', text), ['4 js-per-request-client', '1 unknown-suppression-rule']);
    assert.deepStrictEqual(rules('/w/e.js', text, true), ['4 js-per-request-client', '1 unknown-suppression-rule', '1 unused-suppression']);
  });
  it('ignores directives inside string literals and code spans of other comments (no false alarms on docs and tests)', () => {
    const cases: Array<[string, string[]]> = [
      ['x := f() // socketlens:ignore go-unclosed-body why', ['go-unclosed-body']],
      ['const s = "// socketlens:ignore a b";', []],
      ["const t = 'it\\'s' // socketlens:ignore js-agent-false why", ['js-agent-false']],
      ['/** see `// socketlens:ignore RULE reason` */', []],
      [' * `// socketlens:ignore RULE reason`', []],
      ['  /* socketlens:ignore js-agent-false why */ f()', ['js-agent-false']],
      ["/* it's */ // socketlens:ignore js-agent-false ok", ['js-agent-false']],
      ['const re = `a// socketlens:ignore x`;', []],
    ];
    for (const [line, names] of cases) {
      assert.deepStrictEqual(parseSuppressionDirectives(new LineIndex(line)).flatMap((d) => d.names), names, line);
    }
  });

  it('parses directives with their position, and ignores look-alikes', () => {
    const lines = new LineIndex('a // socketlens:ignore x,y why\n// socketlens:ignored z\n/* socketlens:file-ignore * all */');
    const ds = parseSuppressionDirectives(lines).map((d) => `${d.kind}@${d.line}:${d.names.join('+')}`);
    assert.deepStrictEqual(ds, ['ignore@1:x+y', 'file-ignore@3:*']);
    assert.strictEqual(checkSuppressions([], lines).directiveFindings.length, 1, 'x,y are unknown');
  });
});

describe('handled functions', () => {
  it('reads callees and //socketlens:handled declarations', () => {
    assert.strictEqual(calleeOf('http.Get("x")'), 'http.Get');
    assert.strictEqual(calleeOf('await api.client.fetch(url, { a: f(1) })'), 'api.client.fetch');
    assert.strictEqual(calleeOf('no call'), undefined);
    assert.ok(isHandledCallee('x.api.Fetch', new Set(['api.Fetch'])));
    assert.ok(isHandledCallee('api.Fetch', new Set(['Fetch'])));
    assert.ok(!isHandledCallee('api.Fetch', new Set(['x.Fetch'])));
    const go = '//socketlens:handled\nfunc (c *Client) Do(r *http.Request) (*http.Response, error) {\n';
    const js = '// socketlens:handled\n// closes it later\nexport async function fetchOwned(url) {\n//socketlens:handled\nconst keep = async () => 1;\n';
    assert.deepStrictEqual(handledDirectiveNames(go), ['Do']);
    assert.deepStrictEqual(handledDirectiveNames(js), ['fetchOwned', 'keep']);
  });

  it('a //socketlens:handled function in an unopened file of the same Go package counts, as in a scan of the package', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'socket-lens-handled-'));
    try {
      const helper = 'package api\n\nimport "net/http"\n\n//socketlens:handled\nfunc fetchOwned(url string) (*http.Response, error) {\n\treturn http.Get(url)\n}\n';
      const handler =
        'package api\n\nimport "net/http"\n\nfunc ping(w http.ResponseWriter) {\n\tresp, err := fetchOwned("http://h/ping")\n' +
        '\tif err != nil {\n\t\treturn\n\t}\n\tw.WriteHeader(resp.StatusCode)\n}\n';
      fs.writeFileSync(path.join(dir, 'helper.go'), helper.replace('//socketlens:handled\n', ''));
      fs.writeFileSync(path.join(dir, 'handler.go'), handler);
      const rules = async () => {
        const engine = await Engine.create();
        engine.update(path.join(dir, 'handler.go'), handler, 1);
        return engine.analyze(path.join(dir, 'handler.go')).map((f) => `${f.line} ${f.rule}`);
      };
      assert.deepStrictEqual(await rules(), ['6 go-unclosed-body'], 'without the directive the call leaks');
      fs.writeFileSync(path.join(dir, 'helper.go'), helper);
      assert.deepStrictEqual(await rules(), []);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
