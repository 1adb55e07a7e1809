/**
 * Inputs for the fuzz tier: the project's own Go and JS/TS sources (test/fixtures, examples/), mutated the
 * ways real files break, and structured worst cases (deep nesting, 1 MB lines, 200k-line files).
 * Deterministic for a seed.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';

export interface FuzzInput {
  /** What was done to which seed file, to reproduce a failure. */
  label: string;
  /** Engine path (in a folder that does not exist, so nothing is read from disk). */
  path: string;
  text: string;
}

export type Random = () => number;

/** mulberry32: a small seeded generator, enough to replay a run from its seed. */
export function seededRandom(seed: number): Random {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const REPO_ROOT = path.resolve(__dirname, '..', '..');
const SOURCE = /\.(go|[cm]?[jt]sx?)$/;

/** The seed corpus: every Go and JS/TS file of the fixtures and examples. */
export function seedFiles(): { name: string; text: string }[] {
  const out: { name: string; text: string }[] = [];
  const walk = (dir: string) => {
    for (const entry of fs.readdirSync(dir, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name))) {
      const p = path.join(dir, entry.name);
      if (entry.isDirectory()) walk(p);
      else if (entry.isFile() && SOURCE.test(entry.name) && !entry.name.endsWith('.d.ts')) {
        out.push({ name: path.relative(REPO_ROOT, p), text: fs.readFileSync(p, 'utf8') });
      }
    }
  };
  for (const dir of ['test/fixtures/go', 'test/fixtures/js', 'test/fixtures/server', 'examples']) walk(path.join(REPO_ROOT, dir));
  return out;
}

const pick = <T>(random: Random, items: readonly T[]): T => items[Math.floor(random() * items.length)];
const offset = (random: Random, text: string) => Math.floor(random() * (text.length + 1));

/** One mutation each: name and function. */
const MUTATIONS: [string, (text: string, random: Random, others: readonly string[]) => string][] = [
  ['truncate', (t, r) => t.slice(0, offset(r, t))],
  ['cut-span', (t, r) => {
    const a = offset(r, t);
    return t.slice(0, a) + t.slice(Math.min(t.length, a + 1 + Math.floor(r() * 200)));
  }],
  ['swap-tokens', (t, r) => {
    const tokens = t.split(/(\s+|[(){}[\];,.])/);
    for (let i = 0; i < 1 + Math.floor(r() * 8); i++) {
      const a = Math.floor(r() * tokens.length);
      const b = Math.floor(r() * tokens.length);
      [tokens[a], tokens[b]] = [tokens[b], tokens[a]];
    }
    return tokens.join('');
  }],
  ['swap-lines', (t, r) => {
    const lines = t.split('\n');
    const a = Math.floor(r() * lines.length);
    const b = Math.floor(r() * lines.length);
    [lines[a], lines[b]] = [lines[b], lines[a]];
    return lines.join('\n');
  }],
  ['duplicate-span', (t, r) => {
    const a = offset(r, t);
    const b = Math.min(t.length, a + Math.floor(r() * 400));
    return t.slice(0, b) + t.slice(a, b) + t.slice(b);
  }],
  ['splice-other-file', (t, r, others) => {
    const other = pick(r, others);
    const a = offset(r, other);
    return t.slice(0, offset(r, t)) + other.slice(a, a + Math.floor(r() * 600)) + t.slice(offset(r, t));
  }],
  ['crlf', (t) => t.replace(/\r?\n/g, '\r\n')],
  ['cr-only', (t) => t.replace(/\r?\n/g, '\r')],
  ['mixed-line-breaks', (t, r) => t.replace(/\n/g, () => pick(r, ['\n', '\r\n', '\r']))],
  ['bom', (t) => `\uFEFF${t}`],
  ['invalid-utf8', (t, r) => {
    const bytes = Buffer.from(t, 'utf8');
    for (let i = 0; i < 1 + Math.floor(r() * 10); i++) bytes[Math.floor(r() * bytes.length)] = 0x80 + Math.floor(r() * 0x80);
    return bytes.toString('utf8');
  }],
  ['latin1-read-as-utf8', (t) => Buffer.from(`${t.replace(/[^\x00-\xff]/g, '?')}// caf\xe9 \xe0 la cr\xe8me\n`, 'latin1').toString('utf8')],
  ['control-characters', (t, r) => {
    const a = offset(r, t);
    return t.slice(0, a) + pick(r, ['\0', '\x1b[31m', '\u2028', '\u2029', '\uD800', '\uDFFF', '\x7f']) + t.slice(a);
  }],
  ['unbalanced-brackets', (t, r) => {
    let out = t;
    for (let i = 0; i < 1 + Math.floor(r() * 20); i++) {
      const a = offset(r, out);
      out = out.slice(0, a) + pick(r, ['(', ')', '{', '}', '[', ']', '`', '"', "'", '/*', '*/', '${']) + out.slice(a);
    }
    return out;
  }],
];

/** Mutated seed files: `count` of them, each one to three mutations deep. */
export function* mutatedInputs(random: Random, count: number): Generator<FuzzInput> {
  const seeds = seedFiles();
  const texts = seeds.map((s) => s.text);
  for (let i = 0; i < count; i++) {
    const seed = pick(random, seeds);
    let text = seed.text;
    const applied: string[] = [];
    for (let k = 0; k < 1 + Math.floor(random() * 3); k++) {
      const [name, mutate] = pick(random, MUTATIONS);
      text = mutate(text, random, texts);
      applied.push(name);
    }
    const ext = path.extname(seed.name);
    yield { label: `${seed.name} ${applied.join('+')}`, path: `/nonexistent/socket-lens-fuzz/m${i}${ext}`, text };
  }
}

/**
 * Structured worst cases, scaled by `scale` (1 = the sizes the issue names); `manyFindings` response calls
 * in one function.
 */
export function* structuredInputs(random: Random, scale = 1, manyFindings = 3000): Generator<FuzzInput> {
  const n = (x: number) => Math.max(1, Math.round(x * scale));
  const go = (name: string, text: string): FuzzInput => ({ label: name, path: `/nonexistent/socket-lens-fuzz/${name}.go`, text });
  const js = (name: string, text: string, ext = '.js'): FuzzInput => ({
    label: name,
    path: `/nonexistent/socket-lens-fuzz/${name}${ext}`,
    text,
  });
  const handler = 'resp, err := http.Get("http://x")\n\tif err != nil {\n\t\treturn\n\t}\n\t_ = resp.StatusCode\n';
  for (const depth of [100, 400, 700, 1400, 10000].map(n)) {
    yield go(`go-nested-parens-${depth}`, `package p\n\nvar x = ${'('.repeat(depth)}1${')'.repeat(depth)}\n`);
    yield go(`go-nested-ifs-${depth}`, `package p\n\nimport "net/http"\n\nfunc f() {\n\t${'if a {\n'.repeat(depth)}${handler}${'}\n'.repeat(depth)}}\n`);
    yield go(`go-plus-${depth}`, `package p\n\nvar x = ${Array.from({ length: depth }, () => 'a').join(' + ')}\n`);
    yield js(`js-nested-arrays-${depth}`, `const x = ${'['.repeat(depth)}${']'.repeat(depth)};\n`);
    yield js(`js-nested-ifs-${depth}`, `async function h(req, res) { ${'if (a) { '.repeat(depth)}await fetch('http://x'); ${'}'.repeat(depth)} }\n`, '.ts');
    yield js(`js-plus-${depth}`, `const x = ${Array.from({ length: depth }, (_, i) => `a${i % 7}`).join(' + ')};\n`);
    yield js(`js-chain-${depth}`, `function h(req, res) { a${'.b()'.repeat(depth)}; }\n`, '.mjs');
    yield js(`js-arrows-${depth}`, `const f = ${'() => '.repeat(depth)}0;\n`);
  }
  // Lines of half a megabyte (the size limit is 512 KB) and of a full megabyte: a string, calls, a comment.
  const mb = n(500 * 1024);
  yield js('js-500kb-string-line', `const s = "${'x'.repeat(mb - 20)}";\n`);
  yield js('js-500kb-comment-line', `// ${'y'.repeat(mb - 10)}\nfetch('http://x');\n`);
  yield go('go-500kb-string-line', `package p\n\nvar s = "${'x'.repeat(mb - 30)}"\n`);
  yield go('go-500kb-call-line', `package p\n\nfunc f() { ${'g(); '.repeat(Math.floor((mb - 30) / 5))}}\n`);
  yield js('js-full-1mb-line', `const s = '${'z'.repeat(n(1024 * 1024))}';\n`);
  // 200,000-line files: one of blank lines and calls, under the size limit (analysed), one over it (refused).
  const lines = n(200000);
  yield go('go-200k-lines', `package p\n\nfunc f() {\n${'\tg()\n\n\n\n'.repeat(lines / 4)}}\n`);
  yield js('js-200k-lines', `function f() {\n${'g()\n\n\n\n'.repeat(lines / 4)}}\n`);
  yield js('js-200k-long-lines', `function f() {\n${'  g(a, b, c);\n'.repeat(lines)}}\n`);
  // Many findings in one function: the quadratic cases the issue measured (3,000 response calls).
  const calls = n(manyFindings);
  yield go(`go-many-responses-${calls}`, `package p\n\nimport "net/http"\n\nfunc f() {\n${Array.from({ length: calls }, (_, i) => `\tr${i}, _ := http.Get("http://x")\n\t_ = r${i}.StatusCode\n`).join('')}}\n`);
  yield js(`js-many-fetches-${calls}`, `async function h(req, res) {\n${Array.from({ length: calls }, (_, i) => `  const r${i} = await fetch('http://x'); r${i}.status;\n`).join('')}}\n`);
  // Random bytes as text.
  for (let i = 0; i < 4; i++) {
    const bytes = Buffer.alloc(n(64 * 1024));
    for (let k = 0; k < bytes.length; k++) bytes[k] = Math.floor(random() * 256);
    yield (i % 2 ? go : js)(`random-bytes-${i}`, bytes.toString(i < 2 ? 'utf8' : 'latin1'));
  }
}
