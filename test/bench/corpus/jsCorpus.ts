/**
 * Generates a Node.js corpus: service folders of about ten modules mixing `.js` (CommonJS),
 * `.mjs` (ESM), `.ts` (ESM with types) and `.tsx` (React components that fetch), with express
 * handlers, outbound HTTP (http/https.get, fetch, undici), pg pools, servers and plain logic, and a
 * mix of leaking and clean patterns: per-request agents/pools/clients, bodies read / only checked
 * for status / consumed on one path, agents without keep-alive, `agent: false`, server timeouts.
 */
import { type CorpusOptions, type GeneratedFile, countLines } from './generatedCorpus';
import { SeededRandom } from './seededRandom';
import { DOMAINS, ENTITIES, FILE_TOPICS, HOSTS, NameRegistry, VERBS, lowerFirst } from './vocabulary';

/** Bump when the generated text changes, so cached corpora are regenerated. */
export const JS_GENERATOR_VERSION = 1;

const FULL_FILES = 2100;

type Flavor = 'cjs' | 'mjs' | 'ts' | 'tsx';

/** Module bindings a block needs: `http`, `https`, `express`, `pg` (Pool/Client), `undici` (request/Agent/Pool), `react`. */
type Need = 'http' | 'https' | 'express' | 'pg' | 'undici' | 'react';

interface Block {
  code: string;
  needs: Need[];
}

interface ModuleContext {
  r: SeededRandom;
  flavor: Flavor;
  names: NameRegistry;
  entities: string[];
  service: string;
}

const typed = (ctx: ModuleContext) => ctx.flavor === 'ts' || ctx.flavor === 'tsx';
/** A type annotation in TS modules, nothing in JS ones. */
const t = (ctx: ModuleContext, annotation: string) => (typed(ctx) ? annotation : '');

function entityOf(ctx: ModuleContext): string {
  return ctx.r.pick(ctx.entities);
}

function urlOf(ctx: ModuleContext, entity: string): string {
  return `${ctx.r.pick(HOSTS)}/v${ctx.r.int(1, 3)}/${entity.toLowerCase()}s`;
}

function exported(ctx: ModuleContext, declaration: string): string {
  // CommonJS modules collect exports at the end; ESM/TS export inline.
  return ctx.flavor === 'cjs' ? declaration : `export ${declaration}`;
}

// ---------------------------------------------------------------- blocks

function typesBlock(ctx: ModuleContext): Block {
  const e = entityOf(ctx);
  const name = ctx.names.unique(`${e}${ctx.r.pick(['', 'Dto', 'View', 'Event'])}`);
  if (!typed(ctx)) {
    return {
      code: `/**
 * @typedef {object} ${name}
 * @property {string} id
 * @property {number} amount
 * @property {string} currency
 * @property {string[]} tags
 */

function normalize${name}(raw) {
  return {
    id: String(raw.id),
    amount: Number(raw.amount ?? 0),
    currency: (raw.currency || 'EUR').toUpperCase(),
    tags: Array.isArray(raw.tags) ? raw.tags.filter(Boolean) : [],
  };
}
`,
      needs: [],
    };
  }
  return {
    code: `${exported(ctx, `interface ${name} {`)}
  id: string;
  amount: number;
  currency: string;
  tags: string[];
  status?: 'open' | 'closed' | 'pending';
  updatedAt?: string;
}

function normalize${name}(raw: Record<string, unknown>): ${name} {
  return {
    id: String(raw.id),
    amount: Number(raw.amount ?? 0),
    currency: String(raw.currency || 'EUR').toUpperCase(),
    tags: Array.isArray(raw.tags) ? (raw.tags as unknown[]).filter(Boolean).map(String) : [],
  };
}
`,
    needs: [],
  };
}

function logicBlock(ctx: ModuleContext): Block {
  const e = entityOf(ctx);
  const name = ctx.names.unique(`summarize${e}s`);
  const chunk = ctx.names.unique(`chunk${e}s`);
  return {
    code: `${exported(ctx, `function ${name}(items${t(ctx, ': Array<{ key: string; amount: number }>')}, limit = 10)${t(ctx, ': string[]')} {`)}
  const totals = new Map${t(ctx, '<string, number>')}();
  for (const item of items) {
    if (!item || item.amount < 0) {
      continue;
    }
    totals.set(item.key, (totals.get(item.key) ?? 0) + item.amount);
  }
  return [...totals.entries()]
    .sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))
    .slice(0, limit)
    .map(([key]) => key);
}

function ${chunk}${t(ctx, '<T>')}(list${t(ctx, ': T[]')}, size${t(ctx, ': number')})${t(ctx, ': T[][]')} {
  const out${t(ctx, ': T[][]')} = [];
  for (let i = 0; i < list.length; i += size) {
    out.push(list.slice(i, i + size));
  }
  return out;
}
`,
    needs: [],
  };
}

/** Clean: fetch whose body is read, or cancelled on the error path. */
function fetchCleanBlock(ctx: ModuleContext): Block {
  const e = entityOf(ctx);
  const name = ctx.names.unique(`${ctx.r.pick(VERBS)}${e}`);
  return {
    code: `${exported(ctx, `async function ${name}(id${t(ctx, ': string')})${t(ctx, ': Promise<unknown>')} {`)}
  const res = await fetch(\`${urlOf(ctx, e)}/\${encodeURIComponent(id)}\`, {
    headers: { accept: 'application/json' },
    signal: AbortSignal.timeout(${ctx.r.int(2, 15) * 1000}),
  });
  if (!res.ok) {
    await res.body?.cancel();
    throw new Error(\`${name}: upstream answered \${res.status}\`);
  }
  return res.json();
}
`,
    needs: [],
  };
}

/** Leak: a fetch whose body is never read; only the status is used. */
function fetchStatusOnlyBlock(ctx: ModuleContext): Block {
  const e = entityOf(ctx);
  const name = ctx.names.unique(`is${e}Available`);
  return {
    code: `${exported(ctx, `async function ${name}(id${t(ctx, ': string')})${t(ctx, ': Promise<boolean>')} {`)}
  const res = await fetch('${urlOf(ctx, e)}/' + id, { method: 'GET' });
  if (res.status === 404) {
    return false;
  }
  return res.ok;
}
`,
    needs: [],
  };
}

/** Leak / clean: http(s).get whose response is consumed on every path or not. */
function httpGetBlock(ctx: ModuleContext): Block {
  const e = entityOf(ctx);
  const mod = ctx.r.pick(['http', 'https'] as const);
  const leak = ctx.r.chance(0.4);
  const name = ctx.names.unique(`get${e}Json`);
  const early = leak
    ? `      if (res.statusCode !== 200) {
        reject(new Error('${name}: status ' + res.statusCode));
        return;
      }`
    : `      if (res.statusCode !== 200) {
        res.resume();
        reject(new Error('${name}: status ' + res.statusCode));
        return;
      }`;
  return {
    code: `${exported(ctx, `function ${name}(path${t(ctx, ': string')})${t(ctx, ': Promise<unknown>')} {`)}
  return new Promise((resolve, reject) => {
    const req = ${mod}.get('${urlOf(ctx, e).replace(/^http:/, `${mod}:`)}' + path, { agent: ${mod}Agent, timeout: 5000 }, (res) => {
${early}
      let raw = '';
      res.setEncoding('utf8');
      res.on('data', (chunk) => {
        raw += chunk;
      });
      res.on('end', () => {
        try {
          resolve(JSON.parse(raw));
        } catch (err) {
          reject(err);
        }
      });
    });
    req.on('timeout', () => req.destroy(new Error('${name}: timeout')));
    req.on('error', reject);
  });
}
`,
    needs: [mod],
  };
}

/** Leak: a new agent per request inside an express handler. */
function perRequestAgentBlock(ctx: ModuleContext): Block {
  const e = entityOf(ctx);
  const path = `/${e.toLowerCase()}s/:id/preview`;
  return {
    code: `app.get('${path}', (req${t(ctx, ': Request')}, res${t(ctx, ': Response')}) => {
  const agent = new https.Agent({ keepAlive: true, maxSockets: ${ctx.r.int(4, 32)} });
  https
    .get('${urlOf(ctx, e).replace(/^http:/, 'https:')}/' + req.params.id, { agent }, (upstream) => {
      res.status(upstream.statusCode ?? 502);
      upstream.pipe(res);
    })
    .on('error', (err) => res.status(502).json({ error: String(err) }));
});
`,
    needs: ['express', 'https'],
  };
}

/** Leak: a pg Pool per request; clean: the module-level pool. */
function databaseBlock(ctx: ModuleContext): Block {
  const e = entityOf(ctx);
  const table = `${e.toLowerCase()}s`;
  if (ctx.r.chance(0.4)) {
    return {
      code: `app.get('/${table}/count', async (req${t(ctx, ': Request')}, res${t(ctx, ': Response')}) => {
  const pool = new Pool({ connectionString: process.env.DATABASE_URL, max: 5 });
  const { rows } = await pool.query('SELECT count(*) AS n FROM ${table} WHERE owner = $1', [req.query.owner]);
  res.json({ count: Number(rows[0].n) });
});
`,
      needs: ['express', 'pg'],
    };
  }
  if (ctx.r.chance(0.3)) {
    const name = ctx.names.unique(`archive${e}s`);
    return {
      code: `${exported(ctx, `async function ${name}(ids${t(ctx, ': string[]')})${t(ctx, ': Promise<number>')} {`)}
  let archived = 0;
  for (const id of ids) {
    const client = new Client({ connectionString: process.env.DATABASE_URL });
    await client.connect();
    try {
      const result = await client.query('UPDATE ${table} SET archived = true WHERE id = $1', [id]);
      archived += result.rowCount ?? 0;
    } finally {
      await client.end();
    }
  }
  return archived;
}
`,
      needs: ['pg'],
    };
  }
  const name = ctx.names.unique(`list${e}s`);
  return {
    code: `app.get('/${table}', async (req${t(ctx, ': Request')}, res${t(ctx, ': Response')}, next${t(ctx, ': NextFunction')}) => {
  try {
    const limit = Math.min(Number(req.query.limit) || 50, 500);
    const { rows } = await db.query('SELECT * FROM ${table} ORDER BY created_at DESC LIMIT $1', [limit]);
    res.json(rows);
  } catch (err) {
    next(err);
  }
});

${exported(ctx, `async function ${name}(owner${t(ctx, ': string')}) {`)}
  const { rows } = await db.query('SELECT id, amount FROM ${table} WHERE owner = $1', [owner]);
  return rows;
}
`,
    needs: ['express', 'pg'],
  };
}

/** undici request: body dumped on the error path (clean) or not (leak). */
function undiciBlock(ctx: ModuleContext): Block {
  const e = entityOf(ctx);
  const leak = ctx.r.chance(0.4);
  const name = ctx.names.unique(`${ctx.r.pick(VERBS)}${e}Undici`);
  return {
    code: `${exported(ctx, `async function ${name}(id${t(ctx, ': string')}) {`)}
  const { statusCode, body } = await request('${urlOf(ctx, e)}/' + id, { dispatcher: upstreamPool });
  if (statusCode >= 400) {
${leak ? '' : '    await body.dump();\n'}    throw new Error('${name}: status ' + statusCode);
  }
  return body.json();
}
`,
    needs: ['undici'],
  };
}

/** Keep-alive problems: an agent without keepAlive, agent: false, Connection: close. */
function keepAliveBlock(ctx: ModuleContext): Block {
  const e = entityOf(ctx);
  const kind = ctx.r.int(0, 2);
  if (kind === 0) {
    const v = ctx.names.unique(`${lowerFirst(e)}Agent`);
    return { code: `const ${v} = new http.Agent({ maxSockets: ${ctx.r.int(10, 100)} });\n`, needs: ['http'] };
  }
  const name = ctx.names.unique(`post${e}Event`);
  const option = kind === 1 ? 'agent: false,' : "headers: { 'content-type': 'application/json', connection: 'close' },";
  return {
    code: `${exported(ctx, `function ${name}(payload${t(ctx, ': unknown')})${t(ctx, ': Promise<number>')} {`)}
  return new Promise((resolve, reject) => {
    const req = http.request(
      {
        host: '127.0.0.1',
        port: ${ctx.r.int(3000, 9000)},
        method: 'POST',
        path: '/events/${e.toLowerCase()}',
        ${option}
      },
      (res) => {
        res.resume();
        res.on('end', () => resolve(res.statusCode ?? 0));
      },
    );
    req.on('error', reject);
    req.end(JSON.stringify(payload));
  });
}
`,
    needs: ['http'],
  };
}

/** A server with keep-alive/headers timeouts, consistent or not. */
function serverBlock(ctx: ModuleContext): Block {
  const keepAlive = ctx.r.pick([5000, 61000, 65000, 75000]);
  const headers = ctx.r.chance(0.6) ? keepAlive + 1000 : keepAlive - 1000;
  const name = ctx.names.unique('startServer');
  return {
    code: `${exported(ctx, `function ${name}(port = ${ctx.r.int(3000, 9000)}) {`)}
  const server = http.createServer(app);
  server.keepAliveTimeout = ${keepAlive};
  server.headersTimeout = ${headers};
  server.listen(port, () => console.log('${ctx.service} listening on ' + port));
  return server;
}
`,
    needs: ['http', 'express'],
  };
}

/** Clean handler that uses the shared agent and reads the body. */
function handlerCleanBlock(ctx: ModuleContext): Block {
  const e = entityOf(ctx);
  const table = `${e.toLowerCase()}s`;
  return {
    code: `app.post('/${table}/:id/refresh', async (req${t(ctx, ': Request')}, res${t(ctx, ': Response')}) => {
  const started = Date.now();
  try {
    const upstream = await fetch('${urlOf(ctx, e)}/' + req.params.id + '/refresh', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(req.body ?? {}),
    });
    const text = await upstream.text();
    res.status(upstream.status).type('application/json').send(text);
  } catch (err) {
    res.status(502).json({ error: String(err), ms: Date.now() - started });
  }
});
`,
    needs: ['express'],
  };
}

/** A React component that fetches (tsx only). */
function componentBlock(ctx: ModuleContext): Block {
  const e = entityOf(ctx);
  const name = ctx.names.unique(`${e}Panel`);
  const leak = ctx.r.chance(0.3);
  const load = leak
    ? `    fetch('/api/${e.toLowerCase()}s/' + id).then((res) => setStatus(res.ok ? 'ok' : 'error'));`
    : `    fetch('/api/${e.toLowerCase()}s/' + id)
      .then((res) => res.json())
      .then((data: { name?: string }) => setStatus(data.name ?? 'unknown'))
      .catch(() => setStatus('error'));`;
  return {
    code: `export function ${name}({ id, title }: { id: string; title: string }) {
  const [status, setStatus] = useState<string>('loading');
  useEffect(() => {
${load}
  }, [id]);
  return (
    <section className="${e.toLowerCase()}-panel">
      <h2>{title}</h2>
      <p data-id={id}>{status}</p>
      {status === 'error' ? <button onClick={() => setStatus('loading')}>Retry</button> : null}
    </section>
  );
}
`,
    needs: ['react'],
  };
}

const BLOCKS: ReadonlyArray<readonly [(ctx: ModuleContext) => Block, number]> = [
  [typesBlock, 8],
  [logicBlock, 10],
  [fetchCleanBlock, 10],
  [fetchStatusOnlyBlock, 4],
  [httpGetBlock, 7],
  [perRequestAgentBlock, 3],
  [databaseBlock, 7],
  [undiciBlock, 6],
  [keepAliveBlock, 4],
  [serverBlock, 2],
  [handlerCleanBlock, 8],
];

const TSX_BLOCKS: ReadonlyArray<readonly [(ctx: ModuleContext) => Block, number]> = [
  [componentBlock, 10],
  [typesBlock, 4],
  [logicBlock, 4],
  [fetchCleanBlock, 4],
  [fetchStatusOnlyBlock, 2],
];

/** Import/require lines and module-level shared instances for what the blocks use. */
function prologue(ctx: ModuleContext, needs: Set<Need>): string {
  const esm = ctx.flavor !== 'cjs';
  const lines: string[] = [];
  const imp = (esmLine: string, cjsLine: string) => lines.push(esm ? esmLine : cjsLine);
  if (needs.has('react')) imp("import { useEffect, useState } from 'react';", '');
  if (needs.has('http')) imp("import http from 'node:http';", "const http = require('node:http');");
  if (needs.has('https')) imp("import https from 'node:https';", "const https = require('node:https');");
  if (needs.has('express')) {
    imp("import express from 'express';", "const express = require('express');");
    if (typed(ctx)) lines.push("import type { NextFunction, Request, Response } from 'express';");
  }
  if (needs.has('pg')) imp("import pg from 'pg';", "const { Pool, Client } = require('pg');");
  if (needs.has('undici')) imp("import { Pool as UndiciPool, request } from 'undici';", "const { Pool: UndiciPool, request } = require('undici');");
  if (esm && needs.has('pg')) lines.push('', 'const { Pool, Client } = pg;');
  lines.push('');
  if (needs.has('express')) lines.push(`const app${typed(ctx) ? ': express.Express' : ''} = express();`, 'app.use(express.json());');
  if (needs.has('http')) lines.push('const httpAgent = new http.Agent({ keepAlive: true, maxSockets: 64 });');
  if (needs.has('https')) lines.push('const httpsAgent = new https.Agent({ keepAlive: true, maxSockets: 64 });');
  if (needs.has('pg')) lines.push('const db = new Pool({ connectionString: process.env.DATABASE_URL, max: 20, idleTimeoutMillis: 30000 });');
  if (needs.has('undici')) lines.push(`const upstreamPool = new UndiciPool('${ctx.r.pick(HOSTS)}', { connections: 32, keepAliveTimeout: 30000 });`);
  return `${lines.filter((l, i, all) => !(l === '' && all[i - 1] === '')).join('\n').trimEnd()}\n`;
}

function exportedNames(code: string): string[] {
  return [...code.matchAll(/^(?:async )?function ([A-Za-z0-9_]+)/gm)].map((m) => m[1]);
}

function renderModule(ctx: ModuleContext, targetLines: number): string {
  const table = ctx.flavor === 'tsx' ? TSX_BLOCKS : BLOCKS;
  const blocks: Block[] = [];
  let lines = 14;
  while (lines < targetLines) {
    const block = ctx.r.weighted(table)(ctx);
    blocks.push(block);
    lines += countLines(block.code) + 1;
  }
  const needs = new Set(blocks.flatMap((b) => b.needs));
  // The http(s).get blocks use the module's shared agent.
  const header = `// Code generated for the Socket Lens benchmark: ${ctx.service} service (${ctx.flavor}).\n${ctx.flavor === 'cjs' ? "'use strict';\n\n" : ''}`;
  const body = blocks.map((b) => b.code).join('\n');
  let footer = '';
  if (ctx.flavor === 'cjs') {
    const names = exportedNames(body);
    if (needs.has('express')) names.unshift('app');
    footer = `\nmodule.exports = { ${names.join(', ')} };\n`;
  } else if (needs.has('express')) {
    footer = '\nexport default app;\n';
  }
  return `${header}${prologue(ctx, needs)}\n${body}${footer}`;
}

const EXTENSION: Record<Flavor, string> = { cjs: '.js', mjs: '.mjs', ts: '.ts', tsx: '.tsx' };

export function generateJsCorpus(options: CorpusOptions): GeneratedFile[] {
  const r = new SeededRandom(`js:${options.seed}`);
  const targetFiles = Math.max(2, Math.round(FULL_FILES * options.scale));
  const files: GeneratedFile[] = [];
  for (let d = 0; files.length < targetFiles; d++) {
    const domain = DOMAINS[d % DOMAINS.length];
    const service = d < DOMAINS.length ? domain : `${domain}${Math.floor(d / DOMAINS.length) + 1}`;
    const entities = [...new Set([r.pick(ENTITIES), r.pick(ENTITIES), r.pick(ENTITIES)])];
    // A service folder is mostly TypeScript or mostly JavaScript, as real repositories are.
    const typescriptService = r.chance(0.5);
    const count = Math.min(r.int(8, 12), targetFiles - files.length);
    const topics = new NameRegistry();
    for (let i = 0; i < count; i++) {
      const flavor: Flavor = typescriptService
        ? r.weighted<Flavor>([['ts', 7], ['tsx', 3], ['mjs', 0.5], ['cjs', 0.5]])
        : r.weighted<Flavor>([['cjs', 7], ['mjs', 3], ['ts', 0.5], ['tsx', 0]]);
      const ctx: ModuleContext = { r, flavor, names: new NameRegistry(), entities, service };
      const topic = topics.unique(r.pick(FILE_TOPICS));
      const dir = flavor === 'tsx' ? `apps/${service}/ui` : `apps/${service}/src`;
      files.push({ path: `${dir}/${topic}${EXTENSION[flavor]}`, text: renderModule(ctx, r.int(105, 215)) });
    }
  }
  return files;
}

/** A single TypeScript module of about `lines` lines for latency runs. */
export function generateLargeTsFile(seed: string, lines: number): GeneratedFile {
  const r = new SeededRandom(`ts-large:${seed}`);
  const ctx: ModuleContext = { r, flavor: 'ts', names: new NameRegistry(), entities: ['Order', 'Invoice', 'Customer', 'Payment'], service: 'latency' };
  return { path: 'large.ts', text: renderModule(ctx, lines) };
}
