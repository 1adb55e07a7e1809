/**
 * `npm run docs:rules`: writes docs/rules/<id>.md and the README's rule and snippet tables from the rule metadata
 * and snippets/, and deletes pages of rules that no longer exist. `--check` writes nothing and exits 1 when
 * anything is stale.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { generatedDocs, orphanRuleDocs } from './generatedDocs';

const ROOT = path.resolve(__dirname, '..', '..', '..');

function main(check: boolean): number {
  const stale: string[] = [];
  for (const [relative, content] of generatedDocs(ROOT)) {
    const file = path.join(ROOT, relative);
    if (fs.existsSync(file) && fs.readFileSync(file, 'utf8') === content) continue;
    stale.push(relative);
    if (check) continue;
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(file, content);
  }
  for (const relative of orphanRuleDocs(ROOT)) {
    stale.push(`${relative} (no such rule)`);
    if (!check) fs.rmSync(path.join(ROOT, relative));
  }
  for (const s of stale) console.log(`${check ? 'stale' : 'wrote'}: ${s}`);
  if (check && stale.length > 0) {
    console.error('the rule docs are out of date: run `npm run docs:rules`');
    return 1;
  }
  return 0;
}

process.exitCode = main(process.argv.includes('--check'));
