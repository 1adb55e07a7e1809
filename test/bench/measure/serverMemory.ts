/**
 * Peak memory of the language server after indexing a corpus: every file opened (didOpen) and its
 * diagnostics pulled, then the server's VmHWM read from /proc. Files are opened and pulled one language at a
 * time (in the order given), and the RSS after each is recorded, so each language's share is seen.
 */
import { pathToFileURL } from 'node:url';
import { LanguageServerSession } from './languageServerSession';
import type { SourceText } from './parseOnly';

export interface ServerMemoryResult {
  files: number;
  /** RSS right after initialize, bytes. */
  rssAfterInitialize: number;
  /** VmHWM after every file was opened and its diagnostics pulled, bytes. */
  peakRss: number;
  /** VmRSS at that point, bytes. */
  rssAfterIndexing: number;
  /** Wall time from the first didOpen to the last diagnostic response. */
  indexMs: number;
  diagnostics: number;
  /** Per language, in the order opened: files, and VmRSS / VmHWM once they were all opened and pulled, bytes. */
  byLanguage?: { language: string; files: number; rssAfter: number; peakRssAfter: number }[];
}

export async function measureServerMemory(bundle: string, rootDir: string, sources: readonly SourceText[], languageId: (p: string) => string): Promise<ServerMemoryResult> {
  const session = await LanguageServerSession.start(bundle, pathToFileURL(rootDir).href);
  try {
    const rssAfterInitialize = session.memory().rss;
    const start = performance.now();
    const groups = new Map<string, SourceText[]>();
    for (const s of sources) {
      const language = languageGroup(languageId(s.path));
      groups.set(language, [...(groups.get(language) ?? []), s]);
    }
    let diagnostics = 0;
    const byLanguage: NonNullable<ServerMemoryResult['byLanguage']> = [];
    for (const [language, group] of groups) {
      const uris = group.map((s) => pathToFileURL(s.path).href);
      for (let i = 0; i < group.length; i++) await session.open(uris[i], languageId(group[i].path), group[i].text);
      for (const uri of uris) diagnostics += (await session.diagnostics(uri)).length;
      const after = session.memory();
      byLanguage.push({ language, files: group.length, rssAfter: after.rss, peakRssAfter: after.peakRss });
    }
    const indexMs = performance.now() - start;
    const memory = session.memory();
    return { files: sources.length, rssAfterInitialize, peakRss: memory.peakRss, rssAfterIndexing: memory.rss, indexMs, diagnostics, byLanguage };
  } finally {
    await session.stop();
  }
}

/** `go`, or `js/ts` for every JavaScript and TypeScript language id. */
function languageGroup(languageId: string): string {
  return languageId === 'go' ? 'go' : 'js/ts';
}
