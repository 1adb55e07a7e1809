import * as fs from 'node:fs';
import * as path from 'node:path';
import { README_TABLE_END, README_TABLE_START, renderRuleDocs, renderRulesTable } from './ruleDocs';
import { replaceBlock } from './markdownBlocks';
import { withRulesSettingSchema } from './rulesSettingSchema';
import { renderSnippetTable, SNIPPETS_TABLE_END, SNIPPETS_TABLE_START, type SnippetFile } from './snippetTable';

const LANGUAGE_NAMES: Record<string, string> = {
  go: 'Go',
  javascript: 'JavaScript',
  javascriptreact: 'JSX',
  typescript: 'TypeScript',
  typescriptreact: 'TSX',
};

/** The snippet files package.json contributes, grouped by file, with the languages each one serves. */
function contributedSnippets(root: string): SnippetFile[] {
  const manifest = JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8')) as {
    contributes: { snippets?: Array<{ language: string; path: string }> };
  };
  const byPath = new Map<string, string[]>();
  for (const s of manifest.contributes.snippets ?? []) byPath.set(s.path, [...(byPath.get(s.path) ?? []), LANGUAGE_NAMES[s.language] ?? s.language]);
  return [...byPath].map(([file, languages]) => ({ languages, snippets: JSON.parse(fs.readFileSync(path.join(root, file), 'utf8')) }));
}

/**
 * Every file the docs generator owns, relative to the repository root, with the content it must have:
 * docs/rules/<id>.md, README.md with its generated rule and snippet tables, and package.json with the rule ids
 * of the `socketLens.rules` setting.
 */
export function generatedDocs(root: string): Map<string, string> {
  const files = renderRuleDocs();
  let readme = fs.readFileSync(path.join(root, 'README.md'), 'utf8');
  readme = replaceBlock(readme, README_TABLE_START, README_TABLE_END, renderRulesTable());
  readme = replaceBlock(readme, SNIPPETS_TABLE_START, SNIPPETS_TABLE_END, renderSnippetTable(contributedSnippets(root)));
  files.set('README.md', readme);
  files.set('package.json', withRulesSettingSchema(fs.readFileSync(path.join(root, 'package.json'), 'utf8')));
  return files;
}

/** Files under docs/rules/ that no rule generates (left over from a removed or renamed rule). */
export function orphanRuleDocs(root: string): string[] {
  const dir = path.join(root, 'docs', 'rules');
  const wanted = renderRuleDocs();
  return (fs.existsSync(dir) ? fs.readdirSync(dir) : []).map((name) => `docs/rules/${name}`).filter((rel) => !wanted.has(rel));
}
