/**
 * The README's snippet list, generated from the contributed snippet files so that prefixes cannot drift.
 */

export const SNIPPETS_TABLE_START = '<!-- snippets-table:start -->';
export const SNIPPETS_TABLE_END = '<!-- snippets-table:end -->';

export interface SnippetFile {
  /** Language names the file is contributed for, e.g. `['JavaScript', 'JSX']`. */
  languages: string[];
  /** The parsed JSON: snippet name → { prefix, description }. */
  snippets: Record<string, { prefix: string | string[]; description?: string }>;
}

function firstSentence(text: string): string {
  const match = /^(.*?[.!?])(\s|$)/.exec(text);
  return (match ? match[1] : text).replace(/\|/g, '\\|');
}

export function renderSnippetTable(files: readonly SnippetFile[]): string {
  const rows = new Map<string, { prefixes: string; languages: string[]; name: string; description: string }>();
  for (const file of files) {
    for (const [name, snippet] of Object.entries(file.snippets)) {
      const prefixes = (Array.isArray(snippet.prefix) ? snippet.prefix : [snippet.prefix]).map((p) => `\`${p}\``).join(', ');
      const key = `${prefixes} ${name}`;
      const row = rows.get(key) ?? { prefixes, languages: [], name, description: firstSentence(snippet.description ?? '') };
      for (const language of file.languages) if (!row.languages.includes(language)) row.languages.push(language);
      rows.set(key, row);
    }
  }
  return [
    SNIPPETS_TABLE_START,
    '| Prefix | Languages | Inserts |',
    '| --- | --- | --- |',
    ...[...rows.values()].map((r) => `| ${r.prefixes} | ${r.languages.join(', ')} | **${r.name}.** ${r.description} |`),
    SNIPPETS_TABLE_END,
  ].join('\n');
}
