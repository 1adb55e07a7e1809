/** Issue 12 items 3 and 4: one deep, huge or broken file is reported by name and never costs the others their findings. */
import * as assert from 'node:assert';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { MAX_ANALYSED_CHARS, MAX_NESTING_DEPTH } from '../../../server/src/engine/analysisBudget';
import { Engine, type EngineNote } from '../../../server/src/engine/engine';
import { estimateNestingDepth } from '../../../server/src/engine/nestingDepth';

const SERVER_FIXTURES = path.join(__dirname, '..', '..', 'fixtures', 'server');

/** Pathological sources of the sizes the adversarial pass used (issue 12 item 3). */
export const DEEP_SOURCES: Record<string, string> = {
  'plus.js': `async function h(req, res) { const x = ${Array.from({ length: 1400 }, (_, i) => `a${i % 10}`).join(' + ')}; }\n`,
  'ifs.ts': `export async function h(req: unknown) { ${'if (a) { '.repeat(700)} await fetch('http://x'); ${'}'.repeat(700)} }\n`,
  'chain.mjs': `export function h(req, res) { a${'.b()'.repeat(2000)}; }\n`,
  'nested.js': `const x = ${'['.repeat(10000)}${']'.repeat(10000)};\n`,
  'nested.go': `package api\n\nvar x = ${'('.repeat(10000)}1${')'.repeat(10000)}\n`,
};

describe('analysis bounds and per-file isolation', () => {
  it('scans pathological files next to good ones: the deep ones are named, the others keep their findings', async () => {
    const notes: EngineNote[] = [];
    const engine = await Engine.create({ onNote: (n) => notes.push(n) });
    const good = [path.join(SERVER_FIXTURES, 'agent.js'), path.join(SERVER_FIXTURES, 'gopkg', 'handler.go')];
    const deep = Object.entries(DEEP_SOURCES).map(([name, text]) => ({ path: path.join(SERVER_FIXTURES, 'gopkg', name), text }));
    const sources = [...deep, ...good.map((p) => ({ path: p, text: fs.readFileSync(p, 'utf8') }))];
    const results = engine.scan(sources);
    assert.deepStrictEqual(results.get(good[0])!.map((f) => f.rule).sort(), ['js-agent-without-keepalive', 'js-per-request-client']);
    assert.deepStrictEqual(results.get(good[1])!.map((f) => f.rule), ['go-unclosed-body']);
    for (const { path: p } of deep) {
      assert.deepStrictEqual(results.get(p), [], p);
      assert.match(engine.notAnalysed(p) ?? '', /^not analysed: nesting too deep \(about \d+ levels, limit 500\)$/, p);
      assert.ok(!engine.analysisFailed(p), 'a limit is not a failure');
    }
    assert.deepStrictEqual(notes.map((n) => path.basename(n.path)).sort(), Object.keys(DEEP_SOURCES).sort());
  });

  it('refuses a file over the size limit at once, and analyses it again once it is back under', async () => {
    const notes: EngineNote[] = [];
    const engine = await Engine.create({ onNote: (n) => notes.push(n) });
    const file = '/nonexistent/socket-lens/big.js';
    const line = "const agent = new (require('http').Agent)(); // filler to make the file big enough\n";
    const big = line.repeat(Math.ceil((20 * 1024 * 1024) / line.length));
    const started = Date.now();
    engine.update(file, big, 1);
    assert.deepStrictEqual(engine.analyze(file), []);
    assert.ok(Date.now() - started < 2000, `a 20 MB document is refused quickly (${Date.now() - started} ms)`);
    assert.match(engine.notAnalysed(file)!, /^not analysed: too large \(20\.0 MB of text, limit 512\.0 KB\)$/);
    engine.update(file, line, 2);
    assert.strictEqual(engine.notAnalysed(file), undefined);
    assert.ok(engine.analyze(file).length > 0);
    assert.strictEqual(notes.length, 1);
    assert.ok(big.length > MAX_ANALYSED_CHARS);
  });

  it('analyses a larger file only when the size limit is raised (the benchmark does, for its large-file rows)', async () => {
    const line = "const agent = new (require('http').Agent)(); // filler to make the file big enough\n";
    const big = line.repeat(Math.ceil((MAX_ANALYSED_CHARS + 1) / line.length));
    const file = '/nonexistent/socket-lens/big.js';
    const byDefault = await Engine.create();
    byDefault.update(file, big, 1);
    assert.match(byDefault.notAnalysed(file)!, /too large/);
    const raised = await Engine.create({ maxAnalysedChars: big.length });
    raised.update(file, big, 1);
    assert.strictEqual(raised.notAnalysed(file), undefined);
    assert.strictEqual(raised.analyze(file).length, Math.ceil((MAX_ANALYSED_CHARS + 1) / line.length));
  });

  it('isolates a front-end that throws: the file is reported, the server goes on', async () => {
    const engine = await Engine.create();
    const file = '/nonexistent/socket-lens/ok.js';
    // Deeper than the parser takes, but not by the estimate's measure (keyword operators are not counted).
    const hidden = `const x = ${'void '.repeat(20000)}0;\n`;
    engine.update(file, hidden, 1);
    assert.deepStrictEqual(engine.analyze(file), []);
    assert.strictEqual(engine.notAnalysed(file), 'not analysed: nesting too deep (the analysis ran out of stack)');
    assert.ok(!engine.analysisFailed(file), 'a stack overflow is nesting too deep, a limit, not a failed analysis');
    engine.update(file, "const h = require('http'); h.createServer((q, r) => { new h.Agent(); });\n", 2);
    assert.ok(engine.analyze(file).length > 0, 'the next version is analysed');
  });

  it('names a file over its time budget, keeps its findings, and skips later versions as large', async () => {
    const notes: EngineNote[] = [];
    // A budget of -1 ms: every analysis is over it, so the test does not depend on this machine's speed.
    const engine = await Engine.create({ onNote: (n) => notes.push(n), analysisBudgetMs: -1 });
    const file = path.join(SERVER_FIXTURES, 'agent.js');
    const text = fs.readFileSync(file, 'utf8');
    engine.update(file, text, 1);
    assert.strictEqual(engine.analyze(file).length, 2, 'the slow version keeps its findings');
    assert.match(notes[0].reason, /^analysed in \d+\.\d s, over the -0\.001 s budget$/);
    engine.update(file, `${text}// edited\n`, 2);
    assert.deepStrictEqual(engine.analyze(file), []);
    assert.match(engine.notAnalysed(file)!, /^not analysed: an earlier version took \d+\.\d s, over the -0\.001 s budget$/);
    engine.update(file, text.slice(0, text.length >> 1), 3);
    assert.strictEqual(engine.notAnalysed(file), undefined, 'a smaller version is analysed again');
  });

  it('estimates depth linearly and stays under the limit for ordinary code', () => {
    assert.strictEqual(estimateNestingDepth('f(a, [b, {c: d}])', 'js'), 3);
    assert.strictEqual(estimateNestingDepth('x = "((((" + `${"{{{"}` + /[(]/.source // ((((\n', 'js'), 4);
    assert.strictEqual(estimateNestingDepth('a := 1 + 2\nb := c.d(e).f\n', 'go'), 3);
    for (const [name, text] of Object.entries(DEEP_SOURCES)) {
      assert.ok(estimateNestingDepth(text, name.endsWith('.go') ? 'go' : 'js') > MAX_NESTING_DEPTH, name);
    }
    const big = 'function f(a) {\n  return g(a.b + c.d, [e]);\n}\n'.repeat(40000);
    const started = Date.now();
    assert.ok(estimateNestingDepth(big, 'js') < 10);
    assert.ok(Date.now() - started < 1000, `${big.length} chars in ${Date.now() - started} ms`);
  });
});
