/**
 * The bounded slice of the fuzz tier run by `npm test` (`npm run test:fuzz`): a fixed seed and about 60 s.
 * `npm run fuzz` runs the same checks longer, with 3,000-call functions and a new seed each time.
 */
import * as assert from 'node:assert';
import { describeSummary, runFuzz } from './runFuzz';

const SEED = Number(process.env.SOCKET_LENS_FUZZ_SEED ?? 1);
const SECONDS = Number(process.env.SOCKET_LENS_FUZZ_SECONDS ?? 60);

describe('fuzz tier (bounded slice)', function () {
  this.timeout((SECONDS + 240) * 1000);

  it(`engine and fixAllText on structured and mutated Go and JS/TS sources (seed ${SEED}, ${SECONDS} s)`, async () => {
    const summary = await runFuzz(SEED, SECONDS, () => undefined, 500);
    process.stdout.write(`${describeSummary(summary).replace(/^/gm, '      ')}\n`);
    assert.deepStrictEqual(summary.failures.map((f) => `${f.label}: ${f.problems.join('; ')} (saved as ${f.savedAs})`), []);
    assert.ok(summary.structured >= 50, `${summary.structured} structured inputs`);
    assert.ok(summary.mutated >= 100, `${summary.mutated} mutated inputs ran in the time left`);
    assert.ok(summary.notAnalysed > 0 && summary.notAnalysed < summary.inputs / 2, `${summary.notAnalysed} inputs not analysed`);
  });
});
