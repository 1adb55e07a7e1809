import { TCP_STATES, type ListenerQueue, type PeerCount, type Sample, type SampleMeta } from './sample';

/** Per-second rates computed from counter deltas between two samples of the same boot and namespace. */
export const RATE_DEFINITIONS: Readonly<Record<string, readonly string[]>> = {
  newConnections: ['Tcp.ActiveOpens', 'Tcp.PassiveOpens'],
  activeOpens: ['Tcp.ActiveOpens'],
  passiveOpens: ['Tcp.PassiveOpens'],
  attemptFails: ['Tcp.AttemptFails'],
  estabResets: ['Tcp.EstabResets'],
  outRsts: ['Tcp.OutRsts'],
  retransSegs: ['Tcp.RetransSegs'],
  listenOverflows: ['TcpExt.ListenOverflows'],
  listenDrops: ['TcpExt.ListenDrops'],
  syncookiesSent: ['TcpExt.SyncookiesSent'],
  reqQFullDrop: ['TcpExt.TCPReqQFullDrop'],
  timeWaitOverflow: ['TcpExt.TCPTimeWaitOverflow'],
  abortOnTimeout: ['TcpExt.TCPAbortOnTimeout'],
  abortOnMemory: ['TcpExt.TCPAbortOnMemory'],
  memoryPressures: ['TcpExt.TCPMemoryPressures'],
};

export interface HistoryPoint {
  /** Host uptime clock, seconds. */
  clock: number;
  states: Record<string, number>;
}

export interface RatePoint {
  clock: number;
  rates: Record<string, number>;
}

export interface Trend {
  first: number;
  last: number;
  /** Number of table samples the trend spans. */
  samples: number;
  spanSeconds: number;
  /** True when no sample in the span was lower than the one before it. */
  nonDecreasing: boolean;
}

export interface Snapshot {
  host: string;
  /** Client wall clock (ms since epoch) of the newest sample. */
  takenAt: number;
  meta: SampleMeta;
  /** Per-state counts, every kernel state present (0 when none); undefined before the first table sample. */
  states: Record<string, number> | undefined;
  counters: Record<string, number>;
  /** Per-second rates from the last two counter samples; empty right after a connect or a reset. */
  rates: Record<string, number>;
  sysctl: Record<string, string>;
  peers: PeerCount[];
  listeners: ListenerQueue[];
  history: HistoryPoint[];
  rateHistory: RatePoint[];
  trends: { closeWait?: Trend; timeWait?: Trend; synRecv?: Trend };
  frameBytes: number;
  /** Size of the newest frame that carried the socket table (the largest kind of frame). */
  tableFrameBytes: number;
  /** The collector's own time for the newest socket-table sample, ms. */
  tableCollectMs: number | undefined;
  /** How many times rates and history were reset (reboot, namespace change, counter went backwards). */
  resets: number;
  lastResetReason: string | undefined;
}

export interface SnapshotStoreOptions {
  historyLength?: number;
  now?: () => number;
}

/**
 * Merges the tiers of successive samples into one current picture of a host and keeps short histories.
 * Rates come from counter deltas over the host's own uptime clock; a different boot id or network
 * namespace, or a clock that went backwards, resets rates and history.
 */
export class SnapshotStore {
  private readonly historyLength: number;
  private readonly now: () => number;
  private previousCounters: { clock: number; counters: Record<string, number> } | undefined;
  private current: Snapshot;

  constructor(host: string, options: SnapshotStoreOptions = {}) {
    this.historyLength = options.historyLength ?? 60;
    this.now = options.now ?? Date.now;
    this.current = emptySnapshot(host);
  }

  get snapshot(): Snapshot {
    return this.current;
  }

  /** True once at least one sample of each tier arrived. */
  get complete(): boolean {
    return this.current.states !== undefined && Object.keys(this.current.sysctl).length > 0;
  }

  add(sample: Sample): Snapshot {
    const previous = this.current;
    let snap: Snapshot = { ...previous, takenAt: this.now() };
    const identityChanged =
      previous.meta.bootId !== 'unknown' &&
      (sample.meta.bootId !== previous.meta.bootId || sample.meta.netns !== previous.meta.netns);
    const clockWentBack =
      sample.meta.clock !== undefined && previous.meta.clock !== undefined && sample.meta.clock < previous.meta.clock;
    if (identityChanged || clockWentBack) {
      const reason = clockWentBack
        ? 'host clock went backwards (reboot)'
        : sample.meta.bootId !== previous.meta.bootId
          ? 'host rebooted (boot id changed)'
          : 'network namespace changed';
      snap = { ...emptySnapshot(previous.host), takenAt: snap.takenAt, resets: previous.resets + 1, lastResetReason: reason };
      this.previousCounters = undefined;
    }
    snap.meta = { ...sample.meta, source: sample.meta.source ?? snap.meta.source };
    snap.frameBytes = sample.frameBytes;

    if (sample.tiers.counters) {
      snap.counters = sample.counters;
      const clock = sample.meta.clock;
      if (clock !== undefined && this.previousCounters !== undefined && clock > this.previousCounters.clock) {
        const dt = clock - this.previousCounters.clock;
        const rates: Record<string, number> = {};
        for (const [name, keys] of Object.entries(RATE_DEFINITIONS)) {
          let delta = 0;
          let ok = true;
          for (const key of keys) {
            const now = sample.counters[key];
            const before = this.previousCounters.counters[key];
            if (now === undefined || before === undefined || now < before) {
              ok = false;
              break;
            }
            delta += now - before;
          }
          if (ok) rates[name] = delta / dt;
        }
        snap.rates = rates;
        snap.rateHistory = [...snap.rateHistory, { clock, rates }].slice(-this.historyLength);
      } else if (clock !== undefined && this.previousCounters !== undefined && clock <= this.previousCounters.clock) {
        snap.rates = {};
      }
      if (clock !== undefined) this.previousCounters = { clock, counters: sample.counters };
    }
    if (sample.tiers.table && sample.states) {
      const states: Record<string, number> = {};
      for (const state of TCP_STATES) states[state] = sample.states[state] ?? 0;
      for (const [state, count] of Object.entries(sample.states)) if (count !== undefined) states[state] = count;
      snap.states = states;
      snap.tableFrameBytes = sample.frameBytes;
      snap.tableCollectMs = sample.meta.collectMs;
      snap.peers = sample.peers ?? [];
      snap.listeners = sample.listeners ?? [];
      const clock = sample.meta.clock ?? (snap.history.at(-1)?.clock ?? 0) + 1;
      snap.history = [...snap.history, { clock, states }].slice(-this.historyLength);
      snap.trends = {
        closeWait: trend(snap.history, 'CLOSE_WAIT'),
        timeWait: trend(snap.history, 'TIME_WAIT'),
        synRecv: trend(snap.history, 'SYN_RECV'),
      };
    }
    if (sample.tiers.sysctl && sample.sysctl) snap.sysctl = sample.sysctl;
    this.current = snap;
    return snap;
  }
}

export function trend(history: HistoryPoint[], state: string): Trend | undefined {
  const window = history.slice(-10);
  if (window.length < 2) return undefined;
  let nonDecreasing = true;
  for (let i = 1; i < window.length; i++) {
    if ((window[i]!.states[state] ?? 0) < (window[i - 1]!.states[state] ?? 0)) nonDecreasing = false;
  }
  return {
    first: window[0]!.states[state] ?? 0,
    last: window.at(-1)!.states[state] ?? 0,
    samples: window.length,
    spanSeconds: window.at(-1)!.clock - window[0]!.clock,
    nonDecreasing,
  };
}

export function emptySnapshot(host: string): Snapshot {
  return {
    host,
    takenAt: 0,
    meta: { clock: undefined, bootId: 'unknown', netns: 'unknown', source: undefined, collectMs: undefined, listenerCount: undefined },
    states: undefined,
    counters: {},
    rates: {},
    sysctl: {},
    peers: [],
    listeners: [],
    history: [],
    rateHistory: [],
    trends: {},
    frameBytes: 0,
    tableFrameBytes: 0,
    tableCollectMs: undefined,
    resets: 0,
    lastResetReason: undefined,
  };
}
