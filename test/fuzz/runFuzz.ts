/**
 * The fuzz tier. `npm run fuzz` runs it long (default 600 s, a random seed, printed); `npm run test:fuzz`
 * (part of `npm test`) runs a bounded slice with a fixed seed. Options: --seed N, --seconds N.
 * Every structured worst case runs first, then mutated seed files until the time is up.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { Engine } from '../../server/src/engine/engine';
import { checkInput, KNOWN_SUPERLINEAR, TIME_BOUND } from './fuzzCheck';
import { mutatedInputs, seededRandom, structuredInputs, type FuzzInput } from './fuzzInputs';

export interface FuzzSummary {
  seed: number;
  inputs: number;
  structured: number;
  mutated: number;
  notAnalysed: number;
  bytes: number;
  seconds: number;
  /** Worst analysis time per KB among inputs of at least 16 KB (smaller ones are dominated by the constant). */
  worstMsPerKb: { msPerKb: number; label: string; kb: number };
  slowest: { ms: number; label: string; kb: number };
  failures: { label: string; problems: string[]; savedAs: string }[];
  /** Known superlinear inputs (see KNOWN_SUPERLINEAR) with their figures. */
  known: { label: string; ms: number; kb: number; overBound: boolean; why: string }[];
}

/** Runs every structured input, then mutated ones until `seconds` have passed since the start. */
export async function runFuzz(seed: number, seconds: number, log: (line: string) => void = () => undefined, manyFindings = 3000): Promise<FuzzSummary> {
  const random = seededRandom(seed);
  const engine = await Engine.create();
  const deadline = Date.now() + seconds * 1000;
  const started = Date.now();
  const summary: FuzzSummary = {
    seed, inputs: 0, structured: 0, mutated: 0, notAnalysed: 0, bytes: 0, seconds: 0,
    worstMsPerKb: { msPerKb: 0, label: '', kb: 0 }, slowest: { ms: 0, label: '', kb: 0 }, failures: [], known: [],
  };
  const run = (input: FuzzInput, kind: 'structured' | 'mutated') => {
    const result = checkInput(engine, input);
    if (kind === 'structured') log(`  ${input.label}: ${result.ms.toFixed(0)} ms, ${result.kb.toFixed(0)} KB, ${result.findings} findings${result.notAnalysed ? `, ${result.notAnalysed}` : ''}`);
    summary.inputs++;
    summary[kind]++;
    summary.bytes += input.text.length;
    if (result.notAnalysed) summary.notAnalysed++;
    const known = KNOWN_SUPERLINEAR.find((k) => input.label.startsWith(k.labelPrefix));
    if (known) summary.known.push({ label: input.label, ms: result.ms, kb: result.kb, overBound: result.overTime, why: known.why });
    else if (result.kb >= 16 && result.ms / result.kb > summary.worstMsPerKb.msPerKb) {
      summary.worstMsPerKb = { msPerKb: result.ms / result.kb, label: input.label, kb: result.kb };
    }
    if (!known && result.ms > summary.slowest.ms) summary.slowest = { ms: result.ms, label: input.label, kb: result.kb };
    if (result.problems.length > 0) {
      const savedAs = path.join(os.tmpdir(), `socket-lens-fuzz-${seed}-${summary.inputs}${path.extname(input.path)}`);
      fs.writeFileSync(savedAs, input.text);
      summary.failures.push({ label: input.label, problems: result.problems, savedAs });
      log(`FAIL ${input.label} (${result.kb.toFixed(1)} KB): ${result.problems.join('; ').slice(0, 2000)}`);
    }
  };
  for (const input of structuredInputs(random, 1, manyFindings)) run(input, 'structured');
  for (const input of mutatedInputs(random, Number.MAX_SAFE_INTEGER)) {
    if (Date.now() >= deadline) break;
    run(input, 'mutated');
  }
  summary.seconds = (Date.now() - started) / 1000;
  return summary;
}

export function describeSummary(s: FuzzSummary): string {
  return [
    `fuzz seed ${s.seed}: ${s.inputs} inputs (${s.structured} structured, ${s.mutated} mutated), ${(s.bytes / 1e6).toFixed(1)} MB in ${s.seconds.toFixed(0)} s`,
    `  not analysed (size, nesting, budget): ${s.notAnalysed}; failures: ${s.failures.length}`,
    `  worst CPU time per KB (inputs >= 16 KB): ${s.worstMsPerKb.msPerKb.toFixed(2)} ms/KB (${s.worstMsPerKb.label}, ${s.worstMsPerKb.kb.toFixed(0)} KB)`,
    `  slowest input (CPU): ${s.slowest.ms.toFixed(0)} ms (${s.slowest.label}, ${s.slowest.kb.toFixed(0)} KB); bound ${TIME_BOUND.constantMs} ms + ${TIME_BOUND.msPerKb} ms/KB`,
    ...s.known.map((k) => `  known superlinear: ${k.label} ${k.ms.toFixed(0)} ms for ${k.kb.toFixed(0)} KB${k.overBound ? ', over the bound' : ''} (${k.why})`),
  ].join('\n');
}

function argument(name: string): string | undefined {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? process.argv[i + 1] : undefined;
}

if (require.main === module) {
  const seed = Number(argument('seed') ?? Math.floor(Math.random() * 2 ** 31));
  const seconds = Number(argument('seconds') ?? 600);
  void runFuzz(seed, seconds, (line) => process.stdout.write(`${line}\n`)).then((summary) => {
    process.stdout.write(`${describeSummary(summary)}\n`);
    for (const f of summary.failures) process.stdout.write(`failure: ${f.label} (saved as ${f.savedAs})\n`);
    process.exitCode = summary.failures.length > 0 ? 1 : 0;
  });
}
