import * as assert from 'node:assert';
import { analyzeJs } from '../../../server/src/engine/js/jsAnalysis';

/** Deeply nested code must be analysed, not crash the scan (issue 12, item 3): the JS walkers are iterative. */
describe('JS/TS analysis of deeply nested code', function () {
  this.timeout(60_000);

  it('1,400 `+` terms', () => {
    const src = `const total = ${Array.from({ length: 1400 }, (_, i) => `v${i}`).join(' + ')};\n`;
    assert.deepStrictEqual(analyzeJs('/w/plus.ts', src), []);
  });

  it('700 nested ifs, with the leak at the bottom still found', () => {
    const src = `export async function f(a: string) {\n${'if (a) {\n'.repeat(700)}const res = await fetch(a);\nif (!res.ok) return;\nawait res.text();\n${'}\n'.repeat(700)}}\n`;
    const rules = analyzeJs('/w/ifs.ts', src).map((f) => f.rule);
    assert.deepStrictEqual(rules, ['js-unconsumed-body']);
  });

  it('2,000 chained calls', () => {
    const src = `const y = builder${'.step()'.repeat(2000)};\n`;
    assert.deepStrictEqual(analyzeJs('/w/chain.js', src), []);
  });

  it('10,000 `+` terms and 10,000 chained calls', () => {
    assert.deepStrictEqual(analyzeJs('/w/plus.js', `const t = ${Array.from({ length: 10_000 }, (_, i) => `v${i}`).join(' + ')};\n`), []);
    assert.deepStrictEqual(analyzeJs('/w/chain.js', `const y = b${'.s()'.repeat(10_000)};\n`), []);
  });
});

describe('JS/TS fixes stay linear in the file', function () {
  this.timeout(60_000);

  const perRequestAgents = (n: number) => {
    const routes = Array.from(
      { length: n },
      (_, i) => `app.get('/r${i}', (req, res) => { const a${i} = new http.Agent({ keepAlive: true }); http.get('http://b/', { agent: a${i} }, (up) => up.pipe(res)); });`,
    );
    const src = `const express = require('express');\nconst http = require('http');\nconst app = express();\n${routes.join('\n')}\n`;
    const started = process.hrtime.bigint();
    const findings = analyzeJs('/w/many.js', src);
    const ms = Number(process.hrtime.bigint() - started) / 1e6;
    assert.strictEqual(findings.filter((f) => f.rule === 'js-per-request-client' && f.fixes.some((x) => x.preferred)).length, n);
    return ms;
  };

  it('4x the per-request agents (each with a hoist fix) cost well under 16x the time (quadratic before: 8,000 took 65 s)', () => {
    perRequestAgents(200); // warm-up
    const small = perRequestAgents(1500);
    const large = perRequestAgents(6000);
    assert.ok(large < 8 * small + 500, `1,500: ${small.toFixed(0)} ms, 6,000: ${large.toFixed(0)} ms`);
  });
});
