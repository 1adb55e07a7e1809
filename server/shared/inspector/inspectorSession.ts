import { buildCollectorScript, type SocketTableSource } from './collectorScript';
import { startCollector, type RunningCollector } from './collectorProcess';
import type { Frame, FrameRejection } from './frameParser';
import { computeHints, type Hint } from './hints';
import type { InspectorTransport } from './inspectorTransport';
import { readPlatformTableSample } from './platformTable';
import { decodeFrame, type Sample } from './sample';
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
  transport: InspectorTransport;
  intervals?: InspectorIntervals;
  socketTableSource?: SocketTableSource;
  /** The collector reads every tier once and exits (one-shot runs that want a single sample). */
  once?: boolean;
  /** Reconnect after an error (default). Off for one-shot runs: the first error is final (retryInMs undefined). */
  reconnect?: boolean;
  /** Reconnect backoff: first delay, doubling up to max. */
  backoff?: { initialMs: number; maxMs: number };
  /** Also retry after permanent errors (host key, auth); off by default. */
  retryPermanentErrors?: boolean;
  /** Status becomes 'stale' when no frame arrived for this long (default 3 ticks, at least 5 s). */
  staleAfterMs?: number;
  /**
   * A connection that has not delivered its first complete frame after this long is ended and reported as
   * 'timed-out' ("no data"), then retried with backoff (default 3 ticks, at least 30 s). 0: no such limit
   * (a one-shot caller keeps its own deadline).
   */
  firstFrameTimeoutMs?: number;
  onStatus?(status: SessionStatus): void;
  onSnapshot?(snapshot: Snapshot, hints: Hint[]): void;
  /** Each complete frame, before it is decoded into the snapshot. */
  onFrame?(frame: Frame): void;
  onReject?(rejection: FrameRejection): void;
  /** Lines outside frames (login banners, shell noise). */
  onNoise?(line: string): void;
}

/**
 * The one host pipeline (transport → collector script → frames → Snapshot → hints), used in watch mode (the panel,
 * `inspect --watch`) and one-shot (collectSnapshot: `inspect`, `--once`). One long-lived collector per inspected
 * host, with status tracking (connecting / live / stale / error) and automatic reconnect with exponential backoff;
 * on a platform-table transport it polls the platform's socket table tool instead. stop() ends the ssh session.
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
  private pollTimer: NodeJS.Timeout | undefined;
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
    // The platform's socket table tool is polled at the socket table interval; the collector ticks with the counters.
    const tickSeconds = options.transport.kind === 'platform-table' ? this.intervals.socketTableIntervalSeconds : this.intervals.counterIntervalSeconds;
    this.staleAfterMs = options.staleAfterMs ?? Math.max(5000, tickSeconds * 3000);
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
    if (this.pollTimer) clearInterval(this.pollTimer);
    this.pollTimer = undefined;
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
    const transport = this.options.transport;
    if (transport.kind === 'platform-table') {
      this.pollPlatformTable(transport.platform);
      return;
    }
    const script = buildCollectorScript({
      once: this.options.once === true,
      ...this.intervals,
      socketTableSource: this.options.socketTableSource,
    });
    let collector: RunningCollector;
    const noise: string[] = [];
    try {
      collector = startCollector(transport, script, {
        onNoise: (line) => {
          if (noise.length < 20) noise.push(line);
          this.options.onNoise?.(line);
        },
        onFrame: (frame) => {
          if (this.collector !== collector) return;
          this.clearFirstFrameTimer();
          this.options.onFrame?.(frame);
          this.received(decodeFrame(frame));
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
    if (this.firstFrameTimeoutMs > 0) {
      this.firstFrameTimer = setTimeout(() => this.onFirstFrameTimeout(collector, noise), this.firstFrameTimeoutMs);
    }
  }

  /** A sample arrived (a collector frame or a platform table): the snapshot, its hints, and 'live'. */
  private received(sample: Sample): void {
    this.framesReceived++;
    this.lastFrameAt = Date.now();
    this.attempt = 0;
    this.delayMs = this.backoff.initialMs;
    const snap = this.store.add(sample);
    if (this.status.state !== 'live') this.setStatus({ state: 'live' });
    this.options.onSnapshot?.(snap, computeHints(snap));
  }

  /** macOS / Windows "This machine": poll the platform's socket table tool at the socket table interval. */
  private pollPlatformTable(platform: NodeJS.Platform): void {
    const everyMs = this.intervals.socketTableIntervalSeconds * 1000;
    if (this.pollTimer) clearInterval(this.pollTimer);
    this.pollTimer = undefined;
    const poll = async (): Promise<void> => {
      try {
        const sample = await readPlatformTableSample(platform, this.framesReceived);
        if (!this.stopped) this.received(sample);
      } catch (err) {
        if (this.stopped) return;
        const error: ConnectionError = { kind: 'collector-failed', reason: 'socket table tool failed', detail: (err as Error).message, permanent: false };
        this.setStatus({ state: 'error', error, retryInMs: this.options.reconnect === false ? undefined : everyMs });
        if (this.options.reconnect === false && this.pollTimer) clearInterval(this.pollTimer);
      }
    };
    void poll();
    if (this.options.once !== true) this.pollTimer = setInterval(() => void poll(), everyMs);
  }

  private scheduleRetry(error: ConnectionError): void {
    if (this.options.reconnect === false || (error.permanent && !this.options.retryPermanentErrors)) {
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
