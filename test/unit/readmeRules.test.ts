import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import { RULES, ruleDocUrl } from '../../server/src/engine/rules';

/** Every finding links to `README.md#<rule id>`: the README must document each rule under that anchor. */
describe('README rule documentation', () => {
  const readme = fs.readFileSync(path.join(__dirname, '..', '..', 'README.md'), 'utf8');
  const headings = [...readme.matchAll(/^### ([\w-]+)$/gm)].map((m) => m[1]);

  it('has a section for every rule, with its title, under the anchor its findings link to', () => {
    for (const rule of RULES) {
      assert.ok(headings.includes(rule.id), `README has no "### ${rule.id}" section`);
      const section = readme.slice(readme.indexOf(`### ${rule.id}\n`)).split(/^### /m)[1];
      assert.ok(section.includes(rule.title), `the ${rule.id} section does not name its title "${rule.title}"`);
      assert.ok(section.includes(`socketlens:ignore ${rule.id}`), `the ${rule.id} section does not say how to silence it`);
      assert.ok(ruleDocUrl(rule.id).endsWith(`README.md#${rule.id}`));
    }
  });

  it('documents no rule that does not exist', () => {
    const known = new Set(RULES.map((r) => r.id));
    for (const h of headings.filter((h) => /^(go|js)-/.test(h))) assert.ok(known.has(h), `README documents unknown rule ${h}`);
  });
});
