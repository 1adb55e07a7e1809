/**
 * Runs inside a network namespace of its own (started by collectorCost.ts with `unshare --net`), so its
 * TIME_WAIT sockets neither disturb nor are disturbed by anything else on the machine. It makes `count`
 * TIME_WAIT sockets on loopback, then times the collector's socket-table sample (`--once`, every tier)
 * against one bare `ss -tan`, side by side, and the floor of any sh + awk collector (ss's lines piped into an
 * awk that only counts them) against the same, and prints one JSON object on stdout.
 *
 * Usage: node --require tsx/cjs collectorCostInNamespace.ts COUNT PAIRS SAMPLES_PER_RUN
 */
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { buildCollectorScript } from '$shared/inspector/collectorScript';
import { parseFrames } from '$shared/inspector/frameParser';
import { decodeFrame } from '$shared/inspector/sample';
import { makeTimeWait } from '../../inspector/support/socketLoad';
import { sideBySide } from './wholeProcess';

function timeWaitCount(): number {
  // ss prints a header line first.
  return Number(execFileSync('/bin/sh', ['-c', 'ss -tan state time-wait | wc -l'], { encoding: 'utf8' }).trim()) - 1;
}

async function main(): Promise<void> {
  const [count, pairs, perRun] = process.argv.slice(2).map(Number);
  if (![count, pairs, perRun].every((n) => Number.isInteger(n) && n > 0)) throw new Error('usage: COUNT PAIRS SAMPLES_PER_RUN');
  const made = performance.now();
  const tw = await makeTimeWait(count, 200);
  const makeMs = performance.now() - made;
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sl-collector-cost-'));
  try {
    const script = path.join(dir, 'collector.sh');
    fs.writeFileSync(script, buildCollectorScript({ once: true, counterIntervalSeconds: 1, socketTableIntervalSeconds: 1, sysctlIntervalSeconds: 1 }));
    const frame = parseFrames(execFileSync('/bin/sh', [script], { encoding: 'utf8' })).frames[0];
    const sample = frame ? decodeFrame(frame) : undefined;
    const before = timeWaitCount();
    const loop = (body: string) => `i=0; while [ $i -lt ${perRun} ]; do ${body} >/dev/null; i=$((i+1)); done`;
    const bareSs = { label: 'one ss -tan', file: '/bin/sh', args: ['-c', loop('ss -tan')] };
    const result = sideBySide(
      { label: 'collector sample (sh + ss -tanH + awk, every tier)', file: '/bin/sh', args: ['-c', loop(`/bin/sh ${script}`)] },
      bareSs,
      pairs,
    );
    // The floor of any sh + awk collector: ss's lines piped into an awk that only counts them.
    const floor = sideBySide(
      { label: 'ss -tanH | awk counting lines', file: '/bin/sh', args: ['-c', loop("ss -tanH | awk 'END { print NR }'")] },
      bareSs,
      pairs,
    );
    const after = timeWaitCount();
    await tw.close();
    process.stdout.write(
      `${JSON.stringify({
        requested: count,
        makeMs,
        timeWaitBefore: before,
        timeWaitAfter: after,
        collectorSawTimeWait: sample?.states?.TIME_WAIT ?? null,
        collectorSource: sample?.meta.source ?? null,
        samplesPerRun: perRun,
        result,
        floor,
      })}\n`,
    );
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

main().catch((err) => {
  process.stderr.write(`${err?.stack ?? err}\n`);
  process.exit(1);
});
