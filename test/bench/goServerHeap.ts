/**
 * The Go share of the language server's memory, in process: the 5,000 generated Go files the bench's server row
 * opens, given to an Engine and analysed, with the heap read after forced collections (live data, not garbage).
 * Runs the server's Go tree budget and the engine's default side by side. Not part of `npm run bench` (it needs
 * --expose-gc): `node --expose-gc --import tsx test/bench/goServerHeap.ts`.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { Engine } from '../../server/src/engine/engine';
import { GO_TREE_BUDGET_CHARS as GO_SERVER_TREE_BUDGET_CHARS } from '../../server/src/lsp/createServer';
import { ensureCorpus } from './corpus/corpusCache';
import { GO_GENERATOR_VERSION, generateGoCorpus } from './corpus/goCorpus';

const SEED = 'socket-lens-bench-1';
const FILES = 5000;
const SCALE = FILES / 2 / 1000;

function liveHeapMb(): number {
  const gc = (globalThis as { gc?: () => void }).gc;
  if (!gc) throw new Error('run with node --expose-gc');
  gc();
  gc();
  return process.memoryUsage().heapUsed / 2 ** 20;
}

async function measure(label: string, files: readonly string[], texts: readonly string[], goTreeBudgetChars?: number): Promise<void> {
  const engine = await Engine.create({ roots: [path.dirname(files[0])], goTreeBudgetChars });
  const before = liveHeapMb();
  for (let i = 0; i < files.length; i++) engine.update(files[i], texts[i], 1);
  let findings = 0;
  for (const f of files) findings += engine.analyze(f).length;
  const after = liveHeapMb();
  console.log(`${label}: ${findings} findings; live heap ${before.toFixed(1)} -> ${after.toFixed(1)} MB (+${(after - before).toFixed(1)} MB)`);
  // Keep the engine alive until the figure is read.
  if (engine.textOf(files[0]) === undefined) throw new Error('engine dropped a file');
}

async function main(): Promise<void> {
  const root = path.join(__dirname, '..', '..', '.cache', 'bench', `go-corpus-scale${SCALE}`);
  const corpus = ensureCorpus(root, `go:v${GO_GENERATOR_VERSION}:${SEED}:${SCALE}`, () => generateGoCorpus({ scale: SCALE, seed: SEED }));
  const files = corpus.files.slice(0, FILES);
  const texts = files.map((f) => fs.readFileSync(f, 'utf8'));
  console.log(`${files.length} Go files, ${texts.reduce((n, t) => n + t.length, 0)} characters`);
  await measure(`server tree budget (${GO_SERVER_TREE_BUDGET_CHARS} chars)`, files, texts, GO_SERVER_TREE_BUDGET_CHARS);
  await measure('engine default tree budget', files, texts);
}

void main();
