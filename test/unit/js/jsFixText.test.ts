import * as assert from 'node:assert';
import { applyEdits } from '../../../server/src/engine/applyEdits';
import { analyzeJs } from '../../../server/src/engine/js/jsAnalysis';

/** The exact text of representative fixes: what a user sees after choosing the quick fix. */
function fixed(path: string, source: string, rule: string, options = {}): string {
  const findings = analyzeJs(path, source, options).filter((f) => f.rule === rule);
  assert.strictEqual(findings.length, 1, `expected one ${rule} finding, got ${findings.length}`);
  const fix = findings[0].fixes.find((f) => f.preferred);
  assert.ok(fix, `no preferred fix for ${rule}`);
  return applyEdits(source, fix.edits);
}

const lines = (...l: string[]) => `${l.join('\n')}\n`;

describe('JS/TS fix text', () => {
  it('cancels a fetch body before an early return, in an async function', () => {
    const src = lines('export async function load(url: string) {', '  const res = await fetch(url);', '  if (!res.ok) {', '    return null;', '  }', '  return res.json();', '}');
    assert.strictEqual(
      fixed('/w/a.ts', src, 'js-unconsumed-body'),
      lines('export async function load(url: string) {', '  const res = await fetch(url);', '  if (!res.ok) {', '    await res.body?.cancel();', '    return null;', '  }', '  return res.json();', '}'),
    );
  });

  it('wraps a one-line early return in braces', () => {
    const src = lines('export async function load(url) {', '  const res = await fetch(url);', '  if (!res.ok) return null;', '  return res.json();', '}');
    assert.strictEqual(
      fixed('/w/a.mjs', src, 'js-unconsumed-body'),
      lines('export async function load(url) {', '  const res = await fetch(url);', '  if (!res.ok) { await res.body?.cancel(); return null; }', '  return res.json();', '}'),
    );
  });

  it('resumes an http.get response in the branch that forgets it', () => {
    const src = lines(
      "const http = require('http');",
      'http.get(process.argv[2], (res) => {',
      '  if (res.statusCode === 200) {',
      '    res.pipe(process.stdout);',
      '  } else {',
      "    console.error('failed', res.statusCode);",
      '  }',
      '});',
    );
    assert.strictEqual(
      fixed('/w/a.js', src, 'js-unconsumed-body'),
      lines(
        "const http = require('http');",
        'http.get(process.argv[2], (res) => {',
        '  if (res.statusCode === 200) {',
        '    res.pipe(process.stdout);',
        '  } else {',
        "    console.error('failed', res.statusCode);",
        '    res.resume();',
        '  }',
        '});',
      ),
    );
  });

  it('dumps an undici body that a status-only destructuring drops', () => {
    const src = lines("import { request } from 'undici';", 'export async function ok(url) {', '  const { statusCode } = await request(url);', '  return statusCode < 400;', '}');
    assert.strictEqual(
      fixed('/w/a.mjs', src, 'js-unconsumed-body'),
      lines("import { request } from 'undici';", 'export async function ok(url) {', '  const { statusCode, body } = await request(url);', '  await body.dump();', '  return statusCode < 400;', '}'),
    );
  });

  it('hoists a per-request agent to module scope with keep-alive, keeping its options', () => {
    const src = lines(
      "const https = require('https');",
      "const express = require('express');",
      '',
      'const app = express();',
      "app.get('/x', (req, res) => {",
      '  const agent = new https.Agent({ maxSockets: 10 });',
      "  https.get({ host: 'api', agent }, (r) => r.pipe(res));",
      '});',
    );
    assert.strictEqual(
      fixed('/w/a.js', src, 'js-per-request-client'),
      lines(
        "const https = require('https');",
        "const express = require('express');",
        '',
        'const agent = new https.Agent({ keepAlive: true, maxSockets: 10 });',
        '',
        'const app = express();',
        "app.get('/x', (req, res) => {",
        "  https.get({ host: 'api', agent }, (r) => r.pipe(res));",
        '});',
      ),
    );
  });

  it('offers no hoist when the client is built from per-request values, and says why', () => {
    const src = lines("import express from 'express';", "import axios from 'axios';", 'const app = express();', "app.get('/x', async (req, res) => {", "  const api = axios.create({ baseURL: req.query.base, httpAgent: new (require('http').Agent)({ keepAlive: true }) });", "  res.json((await api.get('/')).data);", '});');
    const [f] = analyzeJs('/w/a.ts', src).filter((x) => x.rule === 'js-per-request-client');
    assert.deepStrictEqual(f.fixes, []);
    assert.match(f.note ?? '', /No automatic fix:.*`req`/);
  });

  it('offers no hoist for an awaited client (the shared value would be a Promise)', () => {
    const src = lines(
      "import express from 'express';",
      "import { MongoClient } from 'mongodb';",
      'const app = express();',
      "app.get('/x', async (req, res) => {",
      "  const client = await MongoClient.connect('mongodb://db.internal');",
      "  res.json(await client.db('a').collection('b').findOne({}));",
      '});',
    );
    const [f] = analyzeJs('/w/a.mjs', src).filter((x) => x.rule === 'js-per-request-client');
    assert.ok(f, 'expected the per-request client to be reported');
    assert.deepStrictEqual(f.fixes, []);
    assert.match(f.note ?? '', /No automatic fix:.*awaited/);
  });

  it('offers no hoist when the client is built from instance values (this, super, arguments)', () => {
    const src = lines(
      "import { Client } from 'undici';",
      'export class Poller {',
      '  poll() {',
      '    const client = new Client(this.url);',
      "    client.request({ path: '/s', method: 'GET' }).then(({ body }) => body.dump());",
      '    setTimeout(() => this.poll(), 5000);',
      '  }',
      '}',
    );
    const [f] = analyzeJs('/w/a.mjs', src).filter((x) => x.rule === 'js-per-request-client');
    assert.ok(f, 'expected the per-tick client to be reported');
    assert.deepStrictEqual(f.fixes, []);
    assert.match(f.note ?? '', /No automatic fix:.*`this`/);
  });

  it('adds keepAlive to an agent and a shared agent for agent: false, in the file import style', () => {
    assert.strictEqual(
      fixed('/w/a.ts', lines("import { Agent } from 'node:http';", 'export const a = new Agent({ maxSockets: 4 });'), 'js-agent-without-keepalive'),
      lines("import { Agent } from 'node:http';", 'export const a = new Agent({ keepAlive: true, maxSockets: 4 });'),
    );
    assert.strictEqual(
      fixed('/w/a.mjs', lines("import { get } from 'node:https';", '', "get({ host: 'x', agent: false }, (r) => r.resume());"), 'js-agent-false'),
      lines("import { get, Agent } from 'node:https';", '', 'const keepAliveHttpsAgent = new Agent({ keepAlive: true });', '', "get({ host: 'x', agent: keepAliveHttpsAgent }, (r) => r.resume());"),
    );
  });

  it('removes a Connection: close header and the headers object it leaves empty', () => {
    assert.strictEqual(
      fixed('/w/a.mjs', lines("await fetch('http://x', { method: 'POST', headers: { Connection: 'close' } }).then((r) => r.text());"), 'js-connection-close'),
      lines("await fetch('http://x', { method: 'POST' }).then((r) => r.text());"),
    );
  });

  it('sets server timeouts for the load balancer on a server kept in a variable', () => {
    const src = lines("const express = require('express');", 'const app = express();', 'app.listen(3000);');
    assert.strictEqual(
      fixed('/w/a.js', src, 'js-lb-keepalive-timeout', { loadBalancerIdleTimeoutSeconds: 60 }),
      lines("const express = require('express');", 'const app = express();', 'const server = app.listen(3000);', 'server.keepAliveTimeout = 65000;', 'server.headersTimeout = 66000;'),
    );
  });
});
