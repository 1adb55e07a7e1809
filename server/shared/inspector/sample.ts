import type { Frame } from './frameParser';

/** Kernel TCP state names, in the order of /proc/net/tcp's hex codes 01..0B. */
export const TCP_STATES = [
  'ESTABLISHED',
  'SYN_SENT',
  'SYN_RECV',
  'FIN_WAIT1',
  'FIN_WAIT2',
  'TIME_WAIT',
  'CLOSE',
  'CLOSE_WAIT',
  'LAST_ACK',
  'LISTEN',
  'CLOSING',
] as const;
export type TcpState = (typeof TCP_STATES)[number];

/** r = remote ip:port, l = local ip:port, h = remote ip. */
export type PeerGrouping = 'remote' | 'local' | 'remoteHost';

export interface PeerCount {
  state: string;
  grouping: PeerGrouping;
  endpoint: string;
  count: number;
}

export interface ListenerQueue {
  local: string;
  /** Current accept-queue length. */
  queue: number;
  /** Accept-queue limit (effective backlog), or undefined when unknown (/proc fallback). */
  limit: number | undefined;
}

export interface SampleMeta {
  /** Host uptime in seconds at the start of the sample (monotonic clock for rates). */
  clock: number | undefined;
  bootId: string;
  netns: string;
  /** Where the socket table came from. */
  source: 'ss' | 'proc' | 'netstat' | 'Get-NetTCPConnection' | undefined;
  /** The collector's own wall time for this sample, in ms (10 ms resolution). */
  collectMs: number | undefined;
  listenerCount: number | undefined;
}

/** One decoded frame. Tiers not in the frame are left undefined. */
export interface Sample {
  seq: number;
  tiers: { counters: boolean; table: boolean; sysctl: boolean };
  frameBytes: number;
  meta: SampleMeta;
  counters: Record<string, number>;
  states: Partial<Record<string, number>> | undefined;
  peers: PeerCount[] | undefined;
  listeners: ListenerQueue[] | undefined;
  sysctl: Record<string, string> | undefined;
}

const GROUPING: Record<string, PeerGrouping> = { r: 'remote', l: 'local', h: 'remoteHost' };

function num(text: string | undefined): number | undefined {
  if (text === undefined || text === '') return undefined;
  const n = Number(text);
  return Number.isFinite(n) ? n : undefined;
}

/** Decodes a validated frame's records. Unknown record types are ignored (forward compatibility). */
export function decodeFrame(frame: Frame): Sample {
  const tiers = {
    counters: frame.tiers.includes('k'),
    table: frame.tiers.includes('t'),
    sysctl: frame.tiers.includes('y'),
  };
  const meta: SampleMeta = {
    clock: undefined,
    bootId: 'unknown',
    netns: 'unknown',
    source: undefined,
    collectMs: undefined,
    listenerCount: undefined,
  };
  const counters: Record<string, number> = {};
  const states: Record<string, number> | undefined = tiers.table ? {} : undefined;
  const peers: PeerCount[] | undefined = tiers.table ? [] : undefined;
  const listeners: ListenerQueue[] | undefined = tiers.table ? [] : undefined;
  const sysctl: Record<string, string> | undefined = tiers.sysctl ? {} : undefined;

  for (const record of frame.records) {
    const space = record.indexOf(' ');
    const type = space < 0 ? record : record.slice(0, space);
    const rest = space < 0 ? '' : record.slice(space + 1);
    const fields = rest.split(' ');
    switch (type) {
      case 'm': {
        const [key, value = ''] = fields;
        if (key === 'clock') meta.clock = num(value);
        else if (key === 'boot') meta.bootId = value;
        else if (key === 'netns') meta.netns = value;
        else if (key === 'source') meta.source = value === 'ss' || value === 'proc' ? value : undefined;
        else if (key === 'collect_ms') meta.collectMs = num(value);
        else if (key === 'listeners') meta.listenerCount = num(value);
        break;
      }
      case 'k': {
        const value = num(fields[1]);
        if (fields[0] && value !== undefined) counters[fields[0]] = value;
        break;
      }
      case 's': {
        const value = num(fields[1]);
        if (states && fields[0] && value !== undefined) states[fields[0]] = value;
        break;
      }
      case 'p': {
        const [state, kind, endpoint, countText] = fields;
        const count = num(countText);
        const grouping = kind ? GROUPING[kind] : undefined;
        if (peers && state && grouping && endpoint && count !== undefined) peers.push({ state, grouping, endpoint, count });
        break;
      }
      case 'l': {
        const [local, queueText, limitText] = fields;
        const queue = num(queueText);
        const limit = num(limitText);
        if (listeners && local && queue !== undefined) {
          listeners.push({ local, queue, limit: limit === undefined || limit < 0 ? undefined : limit });
        }
        break;
      }
      case 'y': {
        const [key] = fields;
        if (sysctl && key) sysctl[key] = fields.slice(1).join(' ').trim();
        break;
      }
      default:
        break;
    }
  }
  if (peers) peers.sort((a, b) => b.count - a.count);
  if (listeners) listeners.sort((a, b) => fill(b) - fill(a));
  return { seq: frame.seq, tiers, frameBytes: frame.bytes, meta, counters, states, peers, listeners, sysctl };
}

export function fill(listener: ListenerQueue): number {
  return listener.limit ? listener.queue / listener.limit : 0;
}
