/**
 * The rule documentation is generated from the rule metadata (server/src/engine/{go,js}/*Rules.ts): the pages under
 * docs/rules/, the README's rule and snippet tables. This test fails when any of them drifts, when a rule's
 * example does not show what it claims (the engine runs on it), or when the hover-sized texts grow too long.
 */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { generatedDocs, orphanRuleDocs } from '../../server/src/docs/generatedDocs';
import { Engine } from '../../server/src/engine/engine';
import { RULES } from '../../server/src/engine/rules';

const ROOT = path.resolve(__dirname, '..', '..');

/** Sentences in a short Markdown text: code spans and abbreviations such as "e.g." do not end one. */
export function sentenceCount(text: string): number {
  const prose = text.replace(/`[^`]*`/g, 'CODE').replace(/\b(e\.g|i\.e|etc|vs)\./g, '$1');
  return (prose.match(/[.!?](?=\s|$)/g) ?? []).length;
}

describe('rule documentation generated from the metadata', () => {
  it('docs/rules/<id>.md and the README tables match what `npm run docs:rules` writes', () => {
    const stale: string[] = [];
    for (const [relative, content] of generatedDocs(ROOT)) {
      const file = path.join(ROOT, relative);
      if (!fs.existsSync(file) || fs.readFileSync(file, 'utf8') !== content) stale.push(relative);
    }
    assert.deepEqual(stale, [], `stale generated docs (run \`npm run docs:rules\`): ${stale.join(', ')}`);
    assert.deepEqual(orphanRuleDocs(ROOT), [], 'pages under docs/rules/ for rules that do not exist');
  });

  it('has one page per rule, each with what, why, fix, silence and an example', () => {
    for (const rule of RULES) {
      const page = fs.readFileSync(path.join(ROOT, 'docs', 'rules', `${rule.id}.md`), 'utf8');
      for (const heading of ['## What it reports', '## Why it matters', '## How to fix it', '## How to silence it', '## Example']) {
        assert.ok(page.includes(`\n${heading}\n`), `${rule.id}.md lacks "${heading}"`);
      }
      assert.ok(page.includes(`socketlens:ignore ${rule.id}`), `${rule.id}.md does not say how to silence it`);
      assert.ok(page.includes(rule.title));
    }
  });

  it('keeps the hover texts short: the fix in one sentence, why it matters in at most three', () => {
    for (const rule of RULES) {
      assert.equal(sentenceCount(rule.fix), 1, `${rule.id}: fix "${rule.fix}"`);
      const why = sentenceCount(rule.why);
      assert.ok(why >= 1 && why <= 3, `${rule.id}: "why" has ${why} sentences`);
    }
  });

  it('quotes the port arithmetic from leakFacts instead of typing the figures', () => {
    const ruleFiles = ['go', 'js'].flatMap((lang) => {
      const dir = path.join('server', 'src', 'engine', lang, 'rules');
      return fs.existsSync(path.join(ROOT, dir)) ? fs.readdirSync(path.join(ROOT, dir)).map((id) => path.join(dir, id, 'rule.ts')) : [];
    });
    assert.ok(ruleFiles.length >= 7, 'the rule folders are where the metadata lives');
    for (const file of [...ruleFiles, 'server/src/engine/js/jsRules.ts', 'server/src/docs/ruleDocs.ts'].filter((f) => fs.existsSync(path.join(ROOT, f)))) {
      const source = fs.readFileSync(path.join(ROOT, file), 'utf8');
      assert.doesNotMatch(source, /\b(470|28,?232|32768|60999)\b/, `${file} types a figure that leakFacts.ts holds`);
    }
    const perRequest = RULES.find((r) => r.id === 'go-per-request-client')!;
    assert.match(perRequest.background ?? '', /28,232 ephemeral ports .*about 470 new connections per second/);
  });

  it('counts sentences as a reader would', () => {
    assert.equal(sentenceCount('Use `a.b()` here, e.g. in `main`.'), 1);
    assert.equal(sentenceCount('One. Two! Three?'), 3);
  });

  it("each rule's example is reported by that rule, and its fixed version is not", async () => {
    const engine = await Engine.create();
    const dir = path.join(ROOT, '.cache', 'rule-doc-examples-not-on-disk');
    let version = 0;
    for (const rule of RULES) {
      const { fileName, leaks, fixed, options } = rule.example;
      const file = path.join(dir, rule.id, fileName);
      const rulesOf = (text: string) => {
        engine.update(file, text, ++version);
        return engine.analyze(file, {}, options).map((f) => f.rule);
      };
      assert.ok(rulesOf(leaks).includes(rule.id), `${rule.id}: its example is not reported (${rulesOf(leaks).join(', ') || 'no findings'})`);
      assert.deepEqual(rulesOf(fixed), [], `${rule.id}: its fixed example still has findings`);
      engine.remove(file);
    }
  });
});
