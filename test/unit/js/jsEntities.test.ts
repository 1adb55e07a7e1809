import * as assert from 'node:assert';
import ts = require('typescript');
import { JsFile } from '../../../server/src/engine/js/jsFile';

/** Entity of the callee of every `new X(...)` / `x(...)` whose line ends with `// ?`, in order. */
function entities(path: string, source: string): (string | undefined)[] {
  const file = new JsFile(path, source);
  const out: (string | undefined)[] = [];
  const visit = (n: ts.Node): void => {
    if ((ts.isNewExpression(n) || ts.isCallExpression(n)) && file.lines.lineText(file.lineOf(n)).trimEnd().endsWith('// ?')) {
      out.push(file.entities.entityOf(n.expression));
      return;
    }
    ts.forEachChild(n, visit);
  };
  visit(file.sourceFile);
  return out;
}

describe('JS entity resolution (imports, requires, aliases)', () => {
  it('follows ESM imports with renames, namespaces and node: specifiers', () => {
    const src = [
      "import { Agent as KeepAlive } from 'node:http';",
      "import * as undici from 'undici';",
      "import https from 'https';",
      "import pg, { Pool as PgPool } from 'pg';",
      'new KeepAlive(); // ?',
      'new undici.Pool(url); // ?',
      'new https.Agent(); // ?',
      'new pg.Client(); // ?',
      'new PgPool(); // ?',
    ].join('\n');
    assert.deepStrictEqual(entities('/w/a.mjs', src), ['http.Agent', 'undici.Pool', 'https.Agent', 'pg.Client', 'pg.Pool']);
  });

  it('follows require with aliases, destructuring, member access and import = require', () => {
    const src = [
      "const h = require('https');",
      "const { Agent, request: send } = require('node:http');",
      "const Pool = require('pg').Pool;",
      "import undici = require('undici');",
      'const A = h.Agent;',
      'new A(); // ?',
      'new Agent(); // ?',
      'send(opts); // ?',
      'new Pool(); // ?',
      'undici.request(url); // ?',
      "new (require('ioredis'))(); // ?",
    ].join('\n');
    assert.deepStrictEqual(entities('/w/a.ts', src), ['https.Agent', 'http.Agent', 'http.request', 'pg.Pool', 'undici.request', 'ioredis']);
  });

  it('does not mistake local classes, shadowing parameters or type-only imports for the real APIs', () => {
    const src = [
      "import type { Agent as AgentType } from 'http';",
      "const http = require('http');",
      'class Agent {}',
      'new Agent(); // ?',
      'function f(http) {',
      '  return new http.Agent(); // ?',
      '}',
      'new AgentType(); // ?',
      'fetch(url); // ?',
      'function g(fetch) { return fetch(url); // ?',
      '}',
    ].join('\n');
    assert.deepStrictEqual(entities('/w/a.ts', src), [undefined, undefined, 'global.AgentType', 'global.fetch', undefined]);
  });
});
