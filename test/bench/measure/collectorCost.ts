/**
 * Collector CPU per socket-table sample against one bare `ss -tan`, with `count` TIME_WAIT sockets made on
 * loopback inside a network namespace created for the purpose (`unshare --net`, root only; tcp_tw_reuse is
 * turned off and the local port range widened in that namespace only, so new connections neither recycle the
 * TIME_WAIT ports nor search long for a free one). Returns `{ skipped }` with the reason when that cannot run.
 */
import { spawnSync } from 'node:child_process';
import * as path from 'node:path';
import type { SideBySide } from './wholeProcess';

export interface CollectorCost {
  requested: number;
  makeMs: number;
  timeWaitBefore: number;
  timeWaitAfter: number;
  collectorSawTimeWait: number | null;
  collectorSource: string | null;
  samplesPerRun: number;
  result: SideBySide;
  /** `ss -tanH | awk` that only counts lines, against the same bare `ss -tan`: what no awk collector goes below. */
  floor: SideBySide;
}

export function measureCollectorCost(count: number, pairs: number, samplesPerRun: number): CollectorCost | { skipped: string } {
  const inner = path.join(__dirname, 'collectorCostInNamespace.ts');
  const run = spawnSync(
    'unshare',
    [
      '--net',
      '--',
      '/bin/sh',
      '-c',
      'ip link set lo up && sysctl -qw net.ipv4.tcp_tw_reuse=0 && sysctl -qw net.ipv4.ip_local_port_range="1024 65535" && exec "$@"',
      'sh',
      process.execPath,
      '--require',
      'tsx/cjs',
      inner,
      String(count),
      String(pairs),
      String(samplesPerRun),
    ],
    { encoding: 'utf8', timeout: 300_000, maxBuffer: 1 << 20 },
  );
  if (run.error) return { skipped: `unshare --net could not run: ${run.error.message}` };
  if (run.status !== 0) return { skipped: `collector cost run failed (exit ${run.status}): ${run.stderr.slice(-2000)}` };
  return JSON.parse(run.stdout.trim().split('\n').pop() ?? '') as CollectorCost;
}
