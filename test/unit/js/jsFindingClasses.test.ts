import * as assert from 'node:assert';
import { applyEdits } from '../../../server/src/engine/applyEdits';
import { analyzeJs } from '../../../server/src/engine/js/jsAnalysis';

/** What the corpus (rule and line only) cannot say: severity, confidence, how many findings, message words, fixes. */

const lines = (...l: string[]) => `${l.join('\n')}\n`;
const findings = (path: string, src: string, rule: string) => analyzeJs(path, src).filter((f) => f.rule === rule);

describe('JS finding classes', () => {
  describe('unread bodies: severity follows the measured harm', () => {
    const body = (src: string, path = '/w/a.mjs') => {
      const [f, ...rest] = findings(path, src, 'js-unconsumed-body');
      assert.ok(f, 'expected a js-unconsumed-body finding');
      assert.strictEqual(rest.length, 0);
      return f;
    };

    it('a fetch error path (body probably small): info, medium confidence, the reason in message and explanation', () => {
      const f = body(lines('export async function load(u) {', '  const res = await fetch(u);', "  if (!res.ok) throw new Error('bad ' + res.status);", '  return res.json();', '}'));
      assert.deepStrictEqual([f.severity, f.confidence], ['info', 'medium']);
      assert.match(f.message, /throws on line 3/);
      assert.match(f.note ?? '', /16 kB/);
    });

    it('a fetch download (body likely large): warning, high confidence', () => {
      const f = body(lines('export async function downloadReport(u) {', '  const res = await fetch(u + "/export.csv");', '  if (!res.ok) return null;', '  return res.body;', '}'));
      assert.deepStrictEqual([f.severity, f.confidence], ['warning', 'high']);
    });

    it('node:http and undici request(): warning, high confidence, whatever the size', () => {
      const node = body(lines("import http from 'node:http';", 'export const ping = (u) => http.get(u, (r) => { if (r.statusCode !== 200) return; r.resume(); });'));
      const undici = body(lines("import { request } from 'undici';", 'export async function st(u) {', '  const { statusCode } = await request(u);', '  return statusCode;', '}'));
      assert.deepStrictEqual([node.severity, node.confidence, undici.severity, undici.confidence], ['warning', 'high', 'warning', 'high']);
    });

    it('the message names the client response, not the server response beside it', () => {
      const f = body(
        lines("import http from 'node:http';", 'http.createServer((req, res) => {', "  http.get('http://up.internal/', (up) => {", '    if (up.statusCode !== 200) { res.end(); return; }', '    up.pipe(res);', '  });', '}).listen(8080);'),
      );
      assert.match(f.message, /`up`/);
      assert.match(f.message, /up\.resume\(\)/);
      assert.doesNotMatch(f.message, /res\.resume/);
    });
  });

  describe('cond ? new https.Agent(o) : new http.Agent(o)', () => {
    it('keep-alive: one finding, whose one fix edits the shared options once and creates no agent', () => {
      const src = lines("const http = require('http');", "const https = require('https');", 'const o = { maxSockets: 8 };', 'module.exports = process.env.TLS ? new https.Agent(o) : new http.Agent(o);');
      const all = findings('/w/a.js', src, 'js-agent-without-keepalive');
      assert.strictEqual(all.length, 1);
      const fix = all[0].fixes.find((x) => x.preferred);
      assert.ok(fix);
      const out = applyEdits(src, fix.edits);
      assert.strictEqual((out.match(/new \w+\.Agent/g) ?? []).length, 2);
      assert.strictEqual((out.match(/keepAlive: true/g) ?? []).length, 1);
      assert.deepStrictEqual(findings('/w/a.js', out, 'js-agent-without-keepalive'), []);
    });

    it('per request: one finding and no preferred fix (moving one branch would leave the other per request)', () => {
      const src = lines(
        "const http = require('http');",
        "const https = require('https');",
        "require('express')().get('/x', (req, res) => {",
        '  const agent = req.secure ? new https.Agent({ keepAlive: true }) : new http.Agent({ keepAlive: true });',
        "  http.get('http://b/', { agent }, (up) => up.pipe(res));",
        '});',
      );
      const all = findings('/w/a.js', src, 'js-per-request-client');
      assert.strictEqual(all.length, 1);
      assert.ok(!all[0].fixes.some((x) => x.preferred));
    });
  });

  it('a module chosen at run time is still node:http (the agent and the response)', () => {
    const src = lines(
      "const http = require('http');",
      "const https = require('https');",
      "require('express')().get('/x', (req, res) => {",
      '  const mod = req.secure ? https : http;',
      '  const agent = new mod.Agent({ keepAlive: true });',
      "  mod.get('http://b/', { agent }, (up) => { res.end(String(up.statusCode)); });",
      '});',
    );
    assert.deepStrictEqual(
      analyzeJs('/w/a.js', src).map((f) => `${f.line} ${f.rule}`),
      ['5 js-per-request-client', '6 js-unconsumed-body'],
    );
  });
});
