/**
 * Peak memory of the language server after indexing a corpus: every file opened (didOpen) and its
 * diagnostics pulled, then the server's VmHWM read from /proc.
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
}

export async function measureServerMemory(bundle: string, rootDir: string, sources: readonly SourceText[], languageId: (p: string) => string): Promise<ServerMemoryResult> {
  const session = await LanguageServerSession.start(bundle, pathToFileURL(rootDir).href);
  try {
    const rssAfterInitialize = session.memory().rss;
    const start = performance.now();
    const uris = sources.map((s) => pathToFileURL(s.path).href);
    for (let i = 0; i < sources.length; i++) await session.open(uris[i], languageId(sources[i].path), sources[i].text);
    let diagnostics = 0;
    for (const uri of uris) diagnostics += (await session.diagnostics(uri)).length;
    const indexMs = performance.now() - start;
    const memory = session.memory();
    return { files: sources.length, rssAfterInitialize, peakRss: memory.peakRss, rssAfterIndexing: memory.rss, indexMs, diagnostics };
  } finally {
    await session.stop();
  }
}
