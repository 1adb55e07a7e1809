import { buildCollectorScript, type SocketTableSource } from './collectorScript';
import { startCollector, type CollectorTransport, type RunningCollector } from './collectorProcess';
import type { FrameRejection } from './frameParser';
import { computeHints, type Hint } from './hints';
import { decodeFrame } from './sample';
import { SnapshotStore, type Snapshot } from './snapshot';
import type { ConnectionError } from './sshErrors';

export type SessionStatus =
  | { state: 'connecting'; attempt: number }
  | { state: 'live' }
  | { state: 'stale'; lastFrameAgoMs: number }
  | { state: 'error'; error: ConnectionError; retryInMs: number | undefined }
  | { state: 'stopped' };

export interface InspectorIntervals {
  counterIntervalSeconds: number;
  socketTableIntervalSeconds: number;
  sysctlIntervalSeconds: number;
}

export const DEFAULT_INTERVALS: InspectorIntervals = {
  counterIntervalSeconds: 2,
  socketTableIntervalSeconds: 10,
  sysctlIntervalSeconds: 60,
};

export interface InspectorSessionOptions {
  /** Display name ("This machine", the alias, user@host:port). */
  hostLabel: string;
  transport: CollectorTransport;
  intervals?: InspectorIntervals;
  socketTableSource?: SocketTableSource;
  /** Reconnect backoff: first delay, doubling up to max. */
  backoff?: { initialMs: number; maxMs: number };
  /** Also retry after permanent errors (host key, auth); off by default. */
  retryPermanentErrors?: boolean;
  /** Status becomes 'stale' when no frame arrived for this long (default 3 ticks, at least 5 s). */
  staleAfterMs?: number;
  /**
   * A connection that has not delivered its first complete frame after this long is ended and reported as
   * 'timed-out' ("no data"), then retried with backoff (default 3 ticks, at least 30 s).
   */
  firstFrameTimeoutMs?: number;
  onStatus?(status: SessionStatus): void;
  onSnapshot?(snapshot: Snapshot, hints: Hint[]): void;
  onReject?(rejection: FrameRejection): void;
}

/**
 * One long-lived collector per inspected host, with status tracking (connecting / live / stale / error)
 * and automatic reconnect with exponential backoff. stop() ends the ssh session.
 */
export class InspectorSession {
  readonly store: SnapshotStore;
  private collector: RunningCollector | undefined;
  private status: SessionStatus = { state: 'connecting', attempt: 0 };
  private stopped = false;
  private attempt = 0;
  private delayMs: number;
  private retryTimer: NodeJS.Timeout | undefined;
  private staleTimer: NodeJS.Timeout | undefined;
  private firstFrameTimer: NodeJS.Timeout | undefined;
  private lastFrameAt = 0;
  private readonly intervals: InspectorIntervals;
  private readonly backoff: { initialMs: number; maxMs: number };
  private readonly staleAfterMs: number;
  private readonly firstFrameTimeoutMs: number;
  /** Frames received since start (all connections). */
  framesReceived = 0;
  /** Connections started since start. */
  connections = 0;

  constructor(private readonly options: InspectorSessionOptions) {
    this.store = new SnapshotStore(options.hostLabel);
    this.intervals = options.intervals ?? DEFAULT_INTERVALS;
    this.backoff = options.backoff ?? { initialMs: 1000, maxMs: 30000 };
    this.delayMs = this.backoff.initialMs;
    this.staleAfterMs = options.staleAfterMs ?? Math.max(5000, this.intervals.counterIntervalSeconds * 3000);
    this.firstFrameTimeoutMs = options.firstFrameTimeoutMs ?? Math.max(30000, this.intervals.counterIntervalSeconds * 3000);
  }

  get currentStatus(): SessionStatus {
    return this.status;
  }

  get collectorPid(): number | undefined {
    return this.collector?.pid;
  }

  start(): void {
    this.stopped = false;
    this.connect();
    this.staleTimer = setInterval(() => this.checkStale(), Math.min(1000, this.staleAfterMs / 2));
    this.staleTimer.unref?.();
  }

  /** Reconnect now (e.g. the user pressed Retry after fixing known_hosts). */
  retryNow(): void {
    if (this.stopped) return;
    if (this.retryTimer) clearTimeout(this.retryTimer);
    this.retryTimer = undefined;
    this.delayMs = this.backoff.initialMs;
    if (this.collector === undefined) this.connect();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    if (this.retryTimer) clearTimeout(this.retryTimer);
    if (this.staleTimer) clearInterval(this.staleTimer);
    this.clearFirstFrameTimer();
    this.retryTimer = undefined;
    this.staleTimer = undefined;
    const collector = this.collector;
    this.collector = undefined;
    if (collector) await collector.stop();
    this.setStatus({ state: 'stopped' });
  }

  private clearFirstFrameTimer(): void {
    if (this.firstFrameTimer) clearTimeout(this.firstFrameTimer);
    this.firstFrameTimer = undefined;
  }

  /** The connection logged in (or not) but no complete frame came: end it and retry with backoff. */
  private onFirstFrameTimeout(collector: RunningCollector, noise: string[]): void {
    this.firstFrameTimer = undefined;
    if (this.collector !== collector || this.stopped) return;
    this.collector = undefined;
    const seconds = Math.round(this.firstFrameTimeoutMs / 100) / 10;
    const printed = noise.length > 0 ? `; it printed: ${noise.at(-1)!.slice(0, 200)}` : '';
    void collector.stop().then(() => {
      if (this.stopped) return;
      this.scheduleRetry({
        kind: 'timed-out',
        reason: 'no data',
        detail: `no complete sample within ${seconds} s after starting the collector${printed}`,
        permanent: false,
      });
    });
  }

  private setStatus(status: SessionStatus): void {
    this.status = status;
    this.options.onStatus?.(status);
  }

  private connect(): void {
    if (this.stopped) return;
    this.attempt++;
    this.connections++;
    this.setStatus({ state: 'connecting', attempt: this.attempt });
    const script = buildCollectorScript({
      once: false,
      ...this.intervals,
      socketTableSource: this.options.socketTableSource,
    });
    let collector: RunningCollector;
    const noise: string[] = [];
    try {
      collector = startCollector(this.options.transport, script, {
        onNoise: (line) => {
          if (noise.length < 20) noise.push(line);
        },
        onFrame: (frame) => {
          if (this.collector !== collector) return;
          this.clearFirstFrameTimer();
          this.framesReceived++;
          this.lastFrameAt = Date.now();
          this.attempt = 0;
          this.delayMs = this.backoff.initialMs;
          const snap = this.store.add(decodeFrame(frame));
          if (this.status.state !== 'live') this.setStatus({ state: 'live' });
          this.options.onSnapshot?.(snap, computeHints(snap));
        },
        onReject: (r) => this.options.onReject?.(r),
        onExit: (error) => {
          if (this.collector !== collector) return;
          this.clearFirstFrameTimer();
          this.collector = undefined;
          if (this.stopped) return;
          const failure: ConnectionError = error ?? {
            kind: 'connection-closed',
            reason: 'connection closed',
            detail: 'the collector ended',
            permanent: false,
          };
          this.scheduleRetry(failure);
        },
      });
    } catch (err) {
      this.setStatus({
        state: 'error',
        error: { kind: 'collector-failed', reason: 'refused', detail: (err as Error).message, permanent: true },
        retryInMs: undefined,
      });
      return;
    }
    this.collector = collector;
    this.clearFirstFrameTimer();
    this.firstFrameTimer = setTimeout(() => this.onFirstFrameTimeout(collector, noise), this.firstFrameTimeoutMs);
  }

  private scheduleRetry(error: ConnectionError): void {
    if (error.permanent && !this.options.retryPermanentErrors) {
      this.setStatus({ state: 'error', error, retryInMs: undefined });
      return;
    }
    const delay = this.delayMs;
    this.delayMs = Math.min(this.delayMs * 2, this.backoff.maxMs);
    this.setStatus({ state: 'error', error, retryInMs: delay });
    this.retryTimer = setTimeout(() => {
      this.retryTimer = undefined;
      this.connect();
    }, delay);
  }

  private checkStale(): void {
    if (this.status.state !== 'live' || this.lastFrameAt === 0) return;
    const ago = Date.now() - this.lastFrameAt;
    if (ago > this.staleAfterMs) this.setStatus({ state: 'stale', lastFrameAgoMs: ago });
  }
}
