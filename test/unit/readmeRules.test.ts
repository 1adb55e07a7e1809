import * as assert from 'node:assert';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { RULES, ruleDocPath, ruleDocUrl } from '../../server/src/engine/rules';

const ROOT = path.join(__dirname, '..', '..');

/**
 * The README is what the Marketplace shows: what the extension does first, then settings, snippets and a short rule
 * table linking to docs/rules/<id>.md; the developer set-up comes after. The table itself is checked for drift by
 * ruleDocs.test.ts; this checks the shape a reader sees.
 */
describe('README', () => {
  const readme = fs.readFileSync(path.join(ROOT, 'README.md'), 'utf8');
  const sections = [...readme.matchAll(/^## (.+)$/gm)].map((m) => m[1]);

  it('links every rule to its page in a short table, and no longer pastes the rule text', () => {
    const rules = readme.slice(readme.indexOf('\n## Rules\n'), readme.indexOf('\n## ', readme.indexOf('\n## Rules\n') + 1));
    for (const rule of RULES) {
      assert.ok(rules.includes(`[\`${rule.id}\`](${ruleDocPath(rule.id)})`), `the Rules section does not link ${rule.id} to its page`);
      assert.ok(fs.existsSync(path.join(ROOT, ruleDocPath(rule.id))), `${ruleDocPath(rule.id)} does not exist`);
      assert.ok(ruleDocUrl(rule.id).endsWith(`/${ruleDocPath(rule.id)}`));
    }
    assert.ok(rules.split('\n').length <= 40, `the Rules section is ${rules.split('\n').length} lines: keep the depth in docs/rules/`);
    assert.deepEqual([...readme.matchAll(/^### ((go|js)-[\w-]+)$/gm)].map((m) => m[1]), [], 'per-rule sections belong in docs/rules/');
  });

  it('puts what a user needs first and the developer set-up last', () => {
    const developing = sections.indexOf('Developing');
    assert.ok(developing > 0, 'a "Developing" section');
    for (const userFacing of ['Screenshots', 'Install', 'Snippets', 'Settings', 'Rules']) {
      const at = sections.indexOf(userFacing);
      assert.ok(at >= 0 && at < developing, `"${userFacing}" comes before "Developing" (sections: ${sections.join(', ')})`);
    }
    const userPart = readme.slice(0, readme.indexOf('\n## Developing\n'));
    assert.doesNotMatch(userPart, /npm (ci|start|install)/, 'a user is not asked to run npm before the Developing section');
  });

  it('lists every snippet prefix', () => {
    const manifest = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as { contributes: { snippets: Array<{ path: string }> } };
    for (const file of new Set(manifest.contributes.snippets.map((s) => s.path))) {
      const snippets = JSON.parse(fs.readFileSync(path.join(ROOT, file), 'utf8')) as Record<string, { prefix: string | string[] }>;
      for (const { prefix } of Object.values(snippets)) {
        for (const p of Array.isArray(prefix) ? prefix : [prefix]) assert.ok(readme.includes(`\`${p}\``), `the README does not list the snippet prefix ${p}`);
      }
    }
  });

  it('shows only pictures that exist', () => {
    for (const [, target] of readme.matchAll(/!\[[^\]]*\]\(([^)]+)\)/g)) {
      assert.ok(fs.existsSync(path.join(ROOT, target)), `the README shows ${target}, which does not exist`);
    }
  });
});
