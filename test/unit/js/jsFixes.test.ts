import * as assert from 'node:assert';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { applyEdits } from '../../../server/src/engine/applyEdits';
import type { Finding } from '../../../server/src/engine/finding';
import { fixAllText } from '../../../server/src/engine/fixAll';
import { diskFileSystem } from '../../../server/src/engine/engine';
import { createJsFrontEnd, isJsPath } from '../../../server/src/engine/js/jsFrontEnd';
import { listCorpusFiles } from '../../support/fixtureCorpus';
import { isTypeScript, syntaxErrors, typeCheckAll } from './typeCheckFixture';

/**
 * Applies every JS/TS fix on the whole fixture corpus and the Node examples: the TypeScript result
 * type-checks (tsc API, @types/node), the JavaScript result parses, a re-scan no longer reports
 * the finding, and fix-all applied again changes nothing.
 */
const ROOT = path.resolve(__dirname, '../../..');
const SOURCES = [...listCorpusFiles(path.join(ROOT, 'test/fixtures/js'), isJsPath), ...listCorpusFiles(path.join(ROOT, 'examples/node'), isJsPath)];
const OPTIONS = { loadBalancerIdleTimeoutSeconds: 60 };

/**
 * One front-end holding every file, so findings that depend on other files (a helper called from
 * a handler in another module) are fixed and re-scanned too. `analyzeJs` swaps one file's text.
 */
const frontEnd = createJsFrontEnd({ fileSystem: diskFileSystem });
let version = 0;
for (const file of SOURCES) frontEnd.update(file, fs.readFileSync(file, 'utf8'), ++version);
function analyzeJs(file: string, text: string, options: typeof OPTIONS): Finding[] {
  frontEnd.update(file, text, ++version);
  return frontEnd.analyze(file, options);
}

interface FixCase {
  file: string;
  /** Path the fixed text is checked under: next to the original, same extension. */
  checkPath: string;
  finding: Finding;
  title: string;
  before: Finding[];
  fixed: string;
}

const countByRule = (findings: readonly Finding[]) => {
  const m = new Map<string, number>();
  for (const f of findings) m.set(f.rule, (m.get(f.rule) ?? 0) + 1);
  return m;
};

describe('JS/TS fixes on the corpus', function () {
  this.timeout(300_000);
  const cases: FixCase[] = [];
  const unfixed: string[] = [];
  const originals = new Map<string, string>();

  before(() => {
    let n = 0;
    for (const file of SOURCES) {
      const text = fs.readFileSync(file, 'utf8');
      originals.set(file, text);
      const before = analyzeJs(file, text, OPTIONS);
      for (const finding of before) {
        if (finding.fixes.length === 0) unfixed.push(`${path.relative(ROOT, file)}:${finding.line} ${finding.rule}`);
        for (const fix of finding.fixes) {
          const ext = path.extname(file);
          const checkPath = path.join(path.dirname(file), `${path.basename(file, ext)}.fix${++n}${ext}`);
          cases.push({ file, checkPath, finding, title: fix.title, before, fixed: applyEdits(text, fix.edits) });
        }
      }
    }
    console.log(`${cases.length} fixes on ${SOURCES.length} files; findings without a fix:\n  ${unfixed.join('\n  ')}`);
  });

  it('offers a fix for most findings, a preferred one for each', () => {
    assert.ok(cases.length >= 60, `only ${cases.length} fixes`);
    for (const c of cases) assert.ok(c.finding.fixes.filter((f) => f.preferred).length === 1, `${c.file}:${c.finding.line} needs exactly one preferred fix`);
  });

  it('leaves TypeScript that type-checks', () => {
    const ts = cases.filter((c) => isTypeScript(c.file));
    assert.ok(ts.length > 20);
    const results = typeCheckAll(new Map(ts.map((c) => [c.checkPath, c.fixed])));
    const failures = ts.flatMap((c) => (results.get(c.checkPath)!.length ? [`${c.finding.rule} "${c.title}":\n    ${results.get(c.checkPath)!.join('\n    ')}\n${c.fixed}`] : []));
    assert.deepStrictEqual(failures, []);
  });

  it('leaves JavaScript that parses', () => {
    const js = cases.filter((c) => !isTypeScript(c.file));
    assert.ok(js.length > 20);
    const failures = js.flatMap((c) => syntaxErrors(c.checkPath, c.fixed).map((e) => `${c.finding.rule} "${c.title}": ${e}\n${c.fixed}`));
    assert.deepStrictEqual(failures, []);
  });

  it('removes the finding and adds no other', () => {
    const failures: string[] = [];
    for (const c of cases) {
      const after = countByRule(analyzeJs(c.file, c.fixed, OPTIONS));
      frontEnd.update(c.file, originals.get(c.file)!, ++version);
      const before = countByRule(c.before);
      if ((after.get(c.finding.rule) ?? 0) >= (before.get(c.finding.rule) ?? 0)) failures.push(`${path.relative(ROOT, c.file)}:${c.finding.line} ${c.finding.rule} still reported after "${c.title}"`);
      for (const [rule, n] of after) if (rule !== c.finding.rule && n > (before.get(rule) ?? 0)) failures.push(`${path.relative(ROOT, c.file)}: "${c.title}" introduced ${rule}`);
    }
    assert.deepStrictEqual(failures, []);
  });

  it('fix-all fixes every finding with a preferred fix, type-checks, and a second run changes nothing', () => {
    const fixedTs = new Map<string, string>();
    let changed = 0;
    for (const [file, text] of originals) {
      const analyze = (t: string) => analyzeJs(file, t, OPTIONS);
      const first = fixAllText(text, analyze);
      if (first.text !== text) changed++;
      const left = analyze(first.text).filter((f) => f.fixes.some((x) => x.preferred));
      assert.deepStrictEqual(left.map((f) => `${f.line} ${f.rule}`), [], `${file}: preferred fixes left after fix-all`);
      const second = fixAllText(first.text, analyze);
      frontEnd.update(file, text, ++version);
      assert.strictEqual(second.text, first.text, `${file}: fix-all is not idempotent`);
      assert.strictEqual(second.fixed.length, 0);
      const ext = path.extname(file);
      const checkPath = path.join(path.dirname(file), `${path.basename(file, ext)}.fixall${ext}`);
      if (isTypeScript(file)) fixedTs.set(checkPath, first.text);
      else assert.deepStrictEqual(syntaxErrors(checkPath, first.text), [], file);
    }
    assert.ok(changed > 30, `fix-all changed only ${changed} files`);
    const failures = [...typeCheckAll(fixedTs)].flatMap(([p, d]) => (d.length ? [`${p}\n    ${d.join('\n    ')}\n${fixedTs.get(p)}`] : []));
    assert.deepStrictEqual(failures, []);
  });
});
