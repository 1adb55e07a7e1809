import { execFile } from 'node:child_process';
import { buildCollectorScript, type SocketTableSource } from './collectorScript';
import { startCollector, type CollectorTransport } from './collectorProcess';
import type { Frame, FrameRejection } from './frameParser';
import { computeHints, type Hint } from './hints';
import { type PlatformTable, parseMacNetstat, parseWindowsNetTcpCsv, platformTableToSample } from './localPlatformTables';
import { decodeFrame } from './sample';
import { SnapshotStore, type Snapshot } from './snapshot';
import type { ConnectionError } from './sshErrors';

export interface CollectedSnapshot {
  snapshot: Snapshot;
  hints: Hint[];
  frames: Frame[];
  rejections: FrameRejection[];
  noise: string[];
  /** Wall time of the whole run on this side, ms. */
  elapsedMs: number;
}

export class CollectError extends Error {
  constructor(readonly error: ConnectionError) {
    super(`${error.reason}: ${error.detail}`);
  }
}

export interface CollectOptions {
  hostLabel: string;
  /** Seconds between the two counter samples used for rates; 0 = a single sample, no rates. */
  rateWindowSeconds?: number;
  socketTableSource?: SocketTableSource;
  timeoutMs?: number;
  /** Ends the run early (the collector is stopped; the promise rejects with an 'interrupted' error). */
  signal?: AbortSignal;
}

/**
 * One snapshot of a host: a full sample (every tier), then — when a rate window is given — one more
 * counters sample so that rates can be computed. Ends the collector afterwards.
 */
export function collectSnapshot(transport: CollectorTransport, options: CollectOptions): Promise<CollectedSnapshot> {
  const window = options.rateWindowSeconds ?? 1;
  const once = window <= 0;
  const script = buildCollectorScript({
    once,
    counterIntervalSeconds: Math.max(1, window),
    socketTableIntervalSeconds: 100000,
    sysctlIntervalSeconds: 100000,
    socketTableSource: options.socketTableSource,
  });
  const wanted = once ? 1 : 2;
  const store = new SnapshotStore(options.hostLabel);
  const frames: Frame[] = [];
  const rejections: FrameRejection[] = [];
  const noise: string[] = [];
  const started = Date.now();
  return new Promise((resolve, reject) => {
    let settled = false;
    const finish = (err?: Error): void => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      void running.stop().then(() => {
        if (err) reject(err);
        else {
          const snapshot = store.snapshot;
          resolve({ snapshot, hints: computeHints(snapshot), frames, rejections, noise, elapsedMs: Date.now() - started });
        }
      });
    };
    const running = startCollector(transport, script, {
      onFrame: (frame) => {
        frames.push(frame);
        store.add(decodeFrame(frame));
        if (frames.length >= wanted) finish();
      },
      onReject: (r) => rejections.push(r),
      onNoise: (l) => noise.push(l),
      onExit: (error) => {
        if (frames.length >= wanted) finish();
        else if (error) finish(new CollectError(error));
        else finish(new CollectError({ kind: 'collector-failed', reason: 'no complete frame', detail: rejections.map((r) => r.detail).join('; ') || 'the collector ended without output', permanent: false }));
      },
    });
    const timer = setTimeout(
      () => finish(new CollectError({ kind: 'timed-out', reason: 'timed out', detail: `no complete snapshot within ${options.timeoutMs ?? 30000} ms`, permanent: false })),
      options.timeoutMs ?? 30000,
    );
    const onAbort = (): void =>
      finish(new CollectError({ kind: 'collector-failed', reason: 'interrupted', detail: 'stopped before a complete snapshot', permanent: true }));
    if (options.signal?.aborted) onAbort();
    else options.signal?.addEventListener('abort', onAbort, { once: true });
  });
}

/** "This machine" on macOS / Windows: the platform's own socket table tool (no kernel counters there). */
export async function collectPlatformSnapshot(platform: NodeJS.Platform, hostLabel: string): Promise<CollectedSnapshot> {
  const started = Date.now();
  let table: PlatformTable;
  let source: 'netstat' | 'Get-NetTCPConnection';
  if (platform === 'win32') {
    const csv = await run('powershell.exe', [
      '-NoProfile',
      '-NonInteractive',
      '-Command',
      'Get-NetTCPConnection | Select-Object State,LocalAddress,LocalPort,RemoteAddress,RemotePort | ConvertTo-Csv -NoTypeInformation',
    ]);
    table = parseWindowsNetTcpCsv(csv);
    source = 'Get-NetTCPConnection';
  } else {
    table = parseMacNetstat(await run('netstat', ['-an', '-p', 'tcp']));
    source = 'netstat';
  }
  const store = new SnapshotStore(hostLabel);
  const snapshot = store.add(platformTableToSample(table, source, 0, process.uptime()));
  return { snapshot, hints: computeHints(snapshot), frames: [], rejections: [], noise: [], elapsedMs: Date.now() - started };
}

function run(command: string, args: string[]): Promise<string> {
  return new Promise((resolve, reject) => {
    execFile(command, args, { maxBuffer: 256 * 1024 * 1024, windowsHide: true, shell: false }, (err, stdout) => {
      if (err) reject(err);
      else resolve(stdout);
    });
  });
}
