import type { Frame, FrameRejection } from './frameParser';
import type { Hint } from './hints';
import { InspectorSession } from './inspectorSession';
import type { InspectorTransport } from './inspectorTransport';
import type { SocketTableSource } from './collectorScript';
import type { Snapshot } from './snapshot';
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

/** Far beyond any run: the one-shot collector reads the socket table and sysctls once, at its start. */
const NEVER_AGAIN_SECONDS = 100000;

/**
 * One snapshot of a host, through the same pipeline as watch mode (InspectorSession) without reconnecting: a full
 * sample (every tier), then — when a rate window is given — one more counters sample so that rates can be
 * computed. Ends the collector afterwards. On a platform-table transport: one socket table sample.
 */
export function collectSnapshot(transport: InspectorTransport, options: CollectOptions): Promise<CollectedSnapshot> {
  const window = options.rateWindowSeconds ?? 1;
  const once = window <= 0 || transport.kind === 'platform-table';
  const wanted = once ? 1 : 2;
  const timeoutMs = options.timeoutMs ?? 30000;
  const frames: Frame[] = [];
  const rejections: FrameRejection[] = [];
  const noise: string[] = [];
  const started = Date.now();
  return new Promise((resolve, reject) => {
    let settled = false;
    let samples = 0;
    const finish = (result: { snapshot: Snapshot; hints: Hint[] } | CollectError): void => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      options.signal?.removeEventListener('abort', onAbort);
      void session.stop().then(() => {
        if (result instanceof CollectError) reject(result);
        else resolve({ ...result, frames, rejections, noise, elapsedMs: Date.now() - started });
      });
    };
    const session = new InspectorSession({
      hostLabel: options.hostLabel,
      transport,
      once,
      reconnect: false,
      firstFrameTimeoutMs: 0,
      intervals: {
        counterIntervalSeconds: Math.max(1, window),
        socketTableIntervalSeconds: NEVER_AGAIN_SECONDS,
        sysctlIntervalSeconds: NEVER_AGAIN_SECONDS,
      },
      ...(options.socketTableSource !== undefined ? { socketTableSource: options.socketTableSource } : {}),
      onFrame: (frame) => frames.push(frame),
      onReject: (r) => rejections.push(r),
      onNoise: (line) => noise.push(line),
      onSnapshot: (snapshot, hints) => {
        if (++samples >= wanted) finish({ snapshot, hints });
      },
      onStatus: (status) => {
        if (status.state !== 'error' || samples >= wanted) return;
        // A collector that ended on its own before a complete snapshot: say what the frame parser refused.
        const ended = status.error.kind === 'connection-closed';
        const detail = rejections.map((r) => r.detail).join('; ') || 'the collector ended without output';
        finish(new CollectError(ended ? { kind: 'collector-failed', reason: 'no complete frame', detail, permanent: false } : status.error));
      },
    });
    const timer = setTimeout(
      () => finish(new CollectError({ kind: 'timed-out', reason: 'timed out', detail: `no complete snapshot within ${timeoutMs} ms`, permanent: false })),
      timeoutMs,
    );
    const onAbort = (): void =>
      finish(new CollectError({ kind: 'collector-failed', reason: 'interrupted', detail: 'stopped before a complete snapshot', permanent: true }));
    if (options.signal?.aborted) onAbort();
    else {
      options.signal?.addEventListener('abort', onAbort, { once: true });
      session.start();
    }
  });
}
