/**
 * Edit-to-diagnostic latency over the protocol: a large file is opened (with its neighbours, so a
 * Go package is complete), then each edit is an incremental didChange followed at once by a
 * textDocument/diagnostic pull; the latency is from sending the change to receiving the report.
 * Edits alternate between inserting a comment line at a spread of positions and removing it again,
 * so the file keeps its size and every version differs.
 */
import { pathToFileURL } from 'node:url';
import { LanguageServerSession } from './languageServerSession';
import type { SourceText } from './parseOnly';
import { percentile } from './statistics';

export interface EditLatencyResult {
  file: string;
  lines: number;
  edits: number;
  p50Ms: number;
  p95Ms: number;
  maxMs: number;
  /** Diagnostics on the file before the first edit. */
  initialDiagnostics: number;
}

export async function measureEditLatency(
  bundle: string,
  rootDir: string,
  edited: SourceText,
  neighbours: readonly SourceText[],
  languageId: string,
  edits: number,
): Promise<EditLatencyResult> {
  const session = await LanguageServerSession.start(bundle, pathToFileURL(rootDir).href);
  try {
    for (const n of neighbours) await session.open(pathToFileURL(n.path).href, languageId, n.text);
    const uri = pathToFileURL(edited.path).href;
    await session.open(uri, languageId, edited.text);
    const initialDiagnostics = (await session.diagnostics(uri)).length;
    const lineCount = edited.text.split('\n').length - 1;
    const samples: number[] = [];
    let inserted: number | undefined;
    for (let i = 0; i < edits; i++) {
      const start = performance.now();
      if (inserted === undefined) {
        const line = 10 + ((i * 7919) % Math.max(1, lineCount - 20));
        await session.change(uri, [{ range: { start: { line, character: 0 }, end: { line, character: 0 } }, text: `// edit ${i}\n` }]);
        inserted = line;
      } else {
        const line = inserted;
        await session.change(uri, [{ range: { start: { line, character: 0 }, end: { line: line + 1, character: 0 } }, text: '' }]);
        inserted = undefined;
      }
      await session.diagnostics(uri);
      samples.push(performance.now() - start);
    }
    return {
      file: edited.path,
      lines: lineCount,
      edits,
      p50Ms: percentile(samples, 50),
      p95Ms: percentile(samples, 95),
      maxMs: Math.max(...samples),
      initialDiagnostics,
    };
  } finally {
    await session.stop();
  }
}
