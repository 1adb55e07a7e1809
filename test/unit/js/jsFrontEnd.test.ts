import * as assert from 'node:assert';
import { diskFileSystem } from '../../../server/src/engine/engine';
import { createJsFrontEnd, isJsPath } from '../../../server/src/engine/js/jsFrontEnd';
import { analyzeJs } from '../../../server/src/engine/js/jsAnalysis';

const lines = (text: string, rule: string, lb?: number) =>
  analyzeJs('/w/server.js', text, { loadBalancerIdleTimeoutSeconds: lb })
    .filter((f) => f.rule === rule)
    .map((f) => f.line);

describe('JS/TS front-end', () => {
  it('handles every JS/TS extension but not declaration files', () => {
    for (const ext of ['.js', '.mjs', '.cjs', '.jsx', '.ts', '.mts', '.cts', '.tsx']) assert.ok(isJsPath(`/a/b${ext}`), ext);
    for (const p of ['/a/b.d.ts', '/a/b.d.mts', '/a/b.go', '/a/b.json']) assert.ok(!isJsPath(p), p);
  });

  it('parses each version once, whatever the options', () => {
    const fe = createJsFrontEnd({ fileSystem: diskFileSystem });
    const text = "const http = require('http');\nconst a = new http.Agent();\n";
    assert.deepStrictEqual(fe.update('/w/a.js', text, 1), []);
    fe.analyze('/w/a.js', {});
    fe.analyze('/w/a.js', { loadBalancerIdleTimeoutSeconds: 60 });
    assert.strictEqual(fe.parseCount(), 1);
    fe.update('/w/a.js', `${text}\n`, 2);
    assert.strictEqual(fe.analyze('/w/a.js', {}).length, 1);
    assert.strictEqual(fe.parseCount(), 2);
  });

  describe('cross-file following', () => {
    const clients = "const { Pool } = require('undici');\nexports.makeClient = () => new Pool('http://x');\n";
    const perRequest = "const { makeClient } = require('./clients');\nrequire('express')().get('/a', async (req, res) => res.json(await makeClient().get('/')));\n";
    const atStartup = "const { makeClient } = require('./clients');\nconst api = makeClient();\nmodule.exports = api;\n";
    const rules = (fe: ReturnType<typeof createJsFrontEnd>, p: string) => fe.analyze(p, {}).map((f) => `${f.line} ${f.rule}`);

    it('reports a helper called per request from another file, and updates it when the caller changes', () => {
      const fe = createJsFrontEnd({ fileSystem: diskFileSystem });
      fe.update('/w/clients.js', clients, 1);
      assert.deepStrictEqual(rules(fe, '/w/clients.js'), []);
      assert.deepStrictEqual(fe.update('/w/routes.js', perRequest, 1), ['/w/clients.js']);
      assert.deepStrictEqual(rules(fe, '/w/clients.js'), ['2 js-per-request-client']);
      assert.match(fe.analyze('/w/clients.js', {})[0].note ?? '', /routes\.js/);
      assert.deepStrictEqual(fe.update('/w/routes.js', atStartup, 2), ['/w/clients.js']);
      assert.deepStrictEqual(rules(fe, '/w/clients.js'), []);
      fe.update('/w/routes.js', perRequest, 3);
      assert.deepStrictEqual(fe.remove('/w/routes.js'), ['/w/clients.js']);
      assert.deepStrictEqual(rules(fe, '/w/clients.js'), []);
    });

    it('follows per-request context across files more than one hop (route → service → client factory)', () => {
      const fe = createJsFrontEnd({ fileSystem: diskFileSystem });
      fe.update('/w/db.js', "const { Pool } = require('pg');\nexports.makePool = () => new Pool();\n", 1);
      fe.update('/w/service.js', "const { makePool } = require('./db');\nexports.load = async (id) => (await makePool().query('select $1', [id])).rows;\n", 1);
      fe.update('/w/routes.js', "const { load } = require('./service');\nrequire('express')().get('/a', async (req, res) => res.json(await load(req.query.id)));\n", 1);
      assert.deepStrictEqual(rules(fe, '/w/db.js'), ['2 js-per-request-client']);
      assert.match(fe.analyze('/w/db.js', {})[0].note ?? '', /service\.js/);
      // The route now calls the service once, at startup: the factory is no longer per request, two hops away.
      const affected = fe.update('/w/routes.js', "const { load } = require('./service');\nconst first = load(1);\nmodule.exports = first;\n", 2);
      assert.ok(affected.includes('/w/db.js'), `affected: ${affected}`);
      assert.deepStrictEqual(rules(fe, '/w/db.js'), []);
    });

    it('follows response wrappers across files, two hops, and re-analyses importers when a wrapper changes', () => {
      const fe = createJsFrontEnd({ fileSystem: diskFileSystem });
      const base = 'export async function raw(u: string) {\n  const r = await fetch(u);\n  return r;\n}\n';
      const mid = "import { raw } from './base';\nexport const get = (u: string) => raw(u);\n";
      const caller = "import { get } from './mid';\nexport async function ok(u: string) {\n  const res = await get(u);\n  return res.status === 200;\n}\n";
      fe.update('/w/base.ts', base, 1);
      fe.update('/w/mid.ts', mid, 1);
      fe.update('/w/caller.ts', caller, 1);
      assert.deepStrictEqual(rules(fe, '/w/caller.ts'), ['3 js-unconsumed-body']);
      assert.match(fe.analyze('/w/caller.ts', {})[0].note ?? '', /`get\(\)` → `raw\(\)`/);
      // base.ts now reads the body itself: both importers are affected, and the caller's finding goes away.
      const affected = fe.update('/w/base.ts', 'export async function raw(u: string) {\n  return (await fetch(u)).json();\n}\n', 2);
      assert.deepStrictEqual(affected.sort(), ['/w/caller.ts', '/w/mid.ts']);
      assert.deepStrictEqual(rules(fe, '/w/caller.ts'), []);
    });

    it('resolves TypeScript ESM specifiers that name the .js output', () => {
      const fe = createJsFrontEnd({ fileSystem: diskFileSystem });
      fe.update('/w/src/db.ts', "import { Pool } from 'pg';\nexport function db() { return new Pool(); }\n", 1);
      fe.update('/w/src/api.ts', "import { db } from './db.js';\nexport const handler = async () => (await db().query('select 1')).rows;\n", 1);
      assert.deepStrictEqual(rules(fe, '/w/src/db.ts'), ['2 js-per-request-client']);
    });
  });

  describe('tree budget (the language server holds few trees)', () => {
    const db = "const { Pool } = require('pg');\nexports.makePool = () => new Pool();\n";
    const service = "const { makePool } = require('./db');\nexports.load = async (id) => (await makePool().query('select $1', [id])).rows;\n";
    const routes = "const { load } = require('./service');\nrequire('express')().get('/a', async (req, res) => res.json(await load(req.query.id)));\n";
    const files: [string, string][] = [
      ['/w/db.js', db],
      ['/w/service.js', service],
      ['/w/routes.js', routes],
    ];
    const findings = (fe: ReturnType<typeof createJsFrontEnd>) =>
      files.map(([p]) => fe.analyze(p, {}).map((f) => `${p}:${f.line} ${f.rule} ${f.message} ${f.note ?? ""} ${JSON.stringify(f.fixes)}`));

    it('drops the least recently used trees, re-parses them on demand, and finds the same across files', () => {
      const unlimited = createJsFrontEnd({ fileSystem: diskFileSystem });
      // Room for about one tree: every other file is dropped and parsed again when followed.
      const tight = createJsFrontEnd({ fileSystem: diskFileSystem, treeBudgetChars: routes.length + 1 });
      for (const fe of [unlimited, tight]) for (const [p, text] of files) fe.update(p, text, 1);
      const expected = findings(unlimited);
      assert.ok(expected[0].some((f) => f.includes('js-per-request-client') && f.includes('service.js')), String(expected[0]));
      assert.deepStrictEqual(findings(tight), expected);
      // Again, nothing changed, the callee last: the trees dropped since are parsed and seeded again.
      assert.deepStrictEqual(tight.analyze('/w/service.js', {}).length, 0);
      assert.deepStrictEqual(findings(tight), expected);
      assert.ok(tight.treeChars() <= routes.length + 1, `holds ${tight.treeChars()} chars of trees`);
      assert.ok(tight.parseCount() > unlimited.parseCount(), `tight ${tight.parseCount()} vs unlimited ${unlimited.parseCount()}`);
      // The caller changes: the dropped callee is re-parsed and re-seeded, and its finding goes away.
      tight.update('/w/routes.js', "const { load } = require('./service');\nconst first = load(1);\nmodule.exports = first;\n", 2);
      unlimited.update('/w/routes.js', "const { load } = require('./service');\nconst first = load(1);\nmodule.exports = first;\n", 2);
      assert.deepStrictEqual(findings(tight), findings(unlimited));
      assert.deepStrictEqual(tight.analyze('/w/db.js', {}), []);
    });

    it('keeps every tree without a budget (a scan parses each file once)', () => {
      const fe = createJsFrontEnd({ fileSystem: diskFileSystem });
      for (const [p, text] of files) fe.update(p, text, 1);
      findings(fe);
      findings(fe);
      assert.strictEqual(fe.parseCount(), files.length);
      assert.strictEqual(fe.treeChars(), db.length + service.length + routes.length);
    });
  });

  describe('js-lb-keepalive-timeout', () => {
    const defaultServer = "const http = require('http');\nconst server = http.createServer((req, res) => res.end());\nserver.listen(80);\n";
    it('is off unless the load balancer timeout is set', () => {
      assert.deepStrictEqual(lines(defaultServer, 'js-lb-keepalive-timeout'), []);
      assert.deepStrictEqual(lines(defaultServer, 'js-lb-keepalive-timeout', 60), [2]);
    });
    it('compares an explicit keepAliveTimeout with the setting', () => {
      const explicit = (ms: string) => `${defaultServer}server.keepAliveTimeout = ${ms};\nserver.headersTimeout = 200000;\n`;
      assert.deepStrictEqual(lines(explicit('65000'), 'js-lb-keepalive-timeout', 60), []);
      assert.deepStrictEqual(lines(explicit('60 * 1000'), 'js-lb-keepalive-timeout', 60), [4]);
      assert.deepStrictEqual(lines(explicit('30000'), 'js-lb-keepalive-timeout', 20), []);
    });
    it("reports express app.listen and knows fastify's 72 s default", () => {
      const express = "const express = require('express');\nconst app = express();\napp.listen(3000);\n";
      assert.deepStrictEqual(lines(express, 'js-lb-keepalive-timeout', 60), [3]);
      const fastify = "const Fastify = require('fastify');\nconst app = Fastify();\napp.listen({ port: 3000 });\n";
      assert.deepStrictEqual(lines(fastify, 'js-lb-keepalive-timeout', 60), []);
      assert.deepStrictEqual(lines(fastify, 'js-lb-keepalive-timeout', 90), [2]);
    });
  });

  describe('js-per-request-client severity', () => {
    const handler = (body: string) =>
      `const express = require('express');\nconst { Client } = require('pg');\nconst app = express();\napp.get('/x', async (req, res) => {\n${body}\n});\n`;
    const findingsOf = (text: string) => analyzeJs('/w/a.js', text).filter((f) => f.rule === 'js-per-request-client');
    it('is a warning when the client is never closed', () => {
      const [f] = findingsOf(handler('  const c = new Client();\n  await c.connect();\n  res.json(await c.query("select 1"));'));
      assert.strictEqual(f?.severity, 'warning');
    });
    it('is lower (info) when the client is closed on every path', () => {
      const [f] = findingsOf(handler('  const c = new Client();\n  await c.connect();\n  try {\n    res.json(await c.query("select 1"));\n  } finally {\n    await c.end();\n  }'));
      assert.strictEqual(f?.severity, 'info');
      assert.match(f.message, /created and closed on every request/);
    });
    it('is lower (info) for an `await using` client, disposed on every path', () => {
      const [f] = findingsOf(handler("  await using c = new Client();\n  res.json(await c.query('select 1'));"));
      assert.strictEqual(f?.severity, 'info');
    });
    it('stays a warning when the client is closed on one branch only', () => {
      const [f] = findingsOf(handler('  const c = new Client();\n  if (req.query.close) await c.end();'));
      assert.strictEqual(f?.severity, 'warning');
    });
  });
});
