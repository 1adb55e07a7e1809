import * as assert from 'node:assert';
import { analyzeJs } from '../../../server/src/engine/js/jsAnalysis';
import { jsWork } from '../../../server/src/engine/js/jsWorkCounter';

/**
 * The JS/TS analysis is linear in the file: twice the code costs twice the work. Work is COUNTED (nodes walked,
 * scope and parent hops, characters of whole-text scans: see jsWorkCounter), never timed. Each unit of the module
 * has a finding of every kind, with its fix, so per-finding work that reads the whole file shows as quadratic.
 */
const HEADER = "const express = require('express');\nconst http = require('http');\nconst { Pool } = require('pg');\nconst app = express();\n";

function unit(i: number): string {
  return [
    `app.get('/orders/${i}', async (req, res) => {`,
    `  const pool${i} = new Pool({ max: ${i + 2} });`,
    `  const r${i} = await fetch(\`http://orders/\${req.params.id}/${i}\`);`,
    `  res.json({ rows: (await pool${i}.query('select ${i}')).rows, status: r${i}.status });`,
    '});',
    `const agent${i} = new http.Agent({ maxSockets: ${i + 10} });`,
    `const server${i} = http.createServer(app);`,
    `server${i}.keepAliveTimeout = 65000;`,
    `server${i}.headersTimeout = 60000;`,
    `server${i}.listen(${3000 + i});`,
    `function fetchStatus${i}(u) {`,
    '  return fetch(u).then((res) => res.status);',
    '}',
    `app.post('/status/${i}', async (req, res) => res.json({ s: await fetchStatus${i}(req.body.u), agent: agent${i} }));`,
    '',
  ].join('\n');
}

function moduleOf(units: number): string {
  let text = HEADER;
  for (let i = 0; i < units; i++) text += unit(i);
  return text;
}

function measure(units: number): { work: number; findings: number; fixes: number; rules: string[] } {
  const before = jsWork.units;
  const findings = analyzeJs('/w/app.js', moduleOf(units), { loadBalancerIdleTimeoutSeconds: 70 });
  return {
    work: jsWork.units - before,
    findings: findings.length,
    fixes: findings.reduce((n, f) => n + f.fixes.length, 0),
    rules: [...new Set(findings.map((f) => f.rule))].sort(),
  };
}

describe('JS/TS analysis is linear in the file (counted work)', () => {
  it('does twice the work for twice the code, findings and fixes included', () => {
    measure(5); // warm caches that do not depend on the file (none expected, but the first call is not compared)
    const n = measure(200);
    const twice = measure(400);
    // Every unit reports every kind of finding, with fixes: the work measured includes building them.
    assert.deepStrictEqual(n.rules, ['js-agent-without-keepalive', 'js-lb-keepalive-timeout', 'js-per-request-client', 'js-server-timeouts', 'js-unconsumed-body']);
    assert.strictEqual(twice.findings, 2 * n.findings);
    assert.strictEqual(twice.fixes, 2 * n.fixes);
    const ratio = twice.work / n.work;
    assert.ok(ratio > 1.9 && ratio < 2.1, `work ${n.work} for 200 units, ${twice.work} for 400: ${ratio.toFixed(3)}x`);
  });
});
