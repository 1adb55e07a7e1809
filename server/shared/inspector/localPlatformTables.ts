import type { ListenerQueue, PeerCount, Sample } from './sample';

/** Socket table read with the platform's own tool when the collector cannot run (macOS, Windows). */
export interface PlatformTable {
  states: Record<string, number>;
  peers: PeerCount[];
  listeners: ListenerQueue[];
}

const MAC_STATES: Record<string, string> = {
  ESTABLISHED: 'ESTABLISHED',
  SYN_SENT: 'SYN_SENT',
  SYN_RCVD: 'SYN_RECV',
  FIN_WAIT_1: 'FIN_WAIT1',
  FIN_WAIT_2: 'FIN_WAIT2',
  TIME_WAIT: 'TIME_WAIT',
  CLOSED: 'CLOSE',
  CLOSE_WAIT: 'CLOSE_WAIT',
  LAST_ACK: 'LAST_ACK',
  LISTEN: 'LISTEN',
  CLOSING: 'CLOSING',
};

const WINDOWS_STATES: Record<string, string> = {
  Established: 'ESTABLISHED',
  SynSent: 'SYN_SENT',
  SynReceived: 'SYN_RECV',
  FinWait1: 'FIN_WAIT1',
  FinWait2: 'FIN_WAIT2',
  TimeWait: 'TIME_WAIT',
  Closed: 'CLOSE',
  CloseWait: 'CLOSE_WAIT',
  LastAck: 'LAST_ACK',
  Listen: 'LISTEN',
  Closing: 'CLOSING',
  DeleteTCB: 'CLOSE',
};

const GROUPED = new Set(['TIME_WAIT', 'CLOSE_WAIT', 'SYN_RECV', 'FIN_WAIT2', 'LAST_ACK']);

function endpoint(host: string, port: string): string {
  return host.includes(':') ? `[${host}]:${port}` : `${host}:${port}`;
}

class TableBuilder {
  readonly states: Record<string, number> = {};
  readonly listeners: ListenerQueue[] = [];
  private readonly groups = new Map<string, PeerCount>();

  add(state: string, local: { host: string; port: string }, remote: { host: string; port: string }, queue?: number): void {
    this.states[state] = (this.states[state] ?? 0) + 1;
    if (state === 'LISTEN') {
      this.listeners.push({ local: endpoint(local.host, local.port), queue: queue ?? 0, limit: undefined });
      return;
    }
    if (!GROUPED.has(state)) return;
    const keys: Array<[PeerCount['grouping'], string]> = [
      ['remote', endpoint(remote.host, remote.port)],
      ['local', endpoint(local.host, local.port)],
      ['remoteHost', remote.host.includes(':') ? `[${remote.host}]` : remote.host],
    ];
    for (const [grouping, ep] of keys) {
      const k = `${state}\u0000${grouping}\u0000${ep}`;
      const entry = this.groups.get(k) ?? { state, grouping, endpoint: ep, count: 0 };
      entry.count++;
      this.groups.set(k, entry);
    }
  }

  build(top = 5): PlatformTable {
    const byKey = new Map<string, PeerCount[]>();
    for (const p of this.groups.values()) {
      const k = `${p.state}\u0000${p.grouping}`;
      byKey.set(k, [...(byKey.get(k) ?? []), p]);
    }
    const peers: PeerCount[] = [];
    for (const list of byKey.values()) peers.push(...list.sort((a, b) => b.count - a.count).slice(0, top));
    peers.sort((a, b) => b.count - a.count);
    return { states: this.states, peers, listeners: this.listeners };
  }
}

/** macOS / BSD `netstat -an -p tcp`: addresses are `host.port`, `*.port`, `*.*`. */
export function parseMacNetstat(text: string): PlatformTable {
  const table = new TableBuilder();
  const split = (addr: string, proto: string): { host: string; port: string } => {
    const dot = addr.lastIndexOf('.');
    if (dot < 0) return { host: addr, port: '*' };
    let host = addr.slice(0, dot);
    if (host === '*') host = proto === 'tcp4' ? '0.0.0.0' : '::';
    host = host.replace(/%.*$/, '');
    return { host, port: addr.slice(dot + 1) };
  };
  for (const line of text.split(/\r?\n/)) {
    const f = line.trim().split(/\s+/);
    if (f.length < 6 || !/^tcp(4|6|46)?$/.test(f[0]!)) continue;
    const state = MAC_STATES[f[5]!];
    if (!state) continue;
    table.add(state, split(f[3]!, f[0]!), split(f[4]!, f[0]!), Number(f[1]) || 0);
  }
  return table.build();
}

function parseCsvLine(line: string): string[] {
  const out: string[] = [];
  let cur = '';
  let quoted = false;
  for (let i = 0; i < line.length; i++) {
    const c = line[i]!;
    if (quoted) {
      if (c === '"' && line[i + 1] === '"') {
        cur += '"';
        i++;
      } else if (c === '"') quoted = false;
      else cur += c;
    } else if (c === '"') quoted = true;
    else if (c === ',') {
      out.push(cur);
      cur = '';
    } else cur += c;
  }
  out.push(cur);
  return out;
}

/** `Get-NetTCPConnection | Select-Object State,LocalAddress,LocalPort,RemoteAddress,RemotePort | ConvertTo-Csv -NoTypeInformation`. */
export function parseWindowsNetTcpCsv(text: string): PlatformTable {
  const table = new TableBuilder();
  const lines = text.split(/\r?\n/).filter((l) => l.trim() !== '' && !l.startsWith('#TYPE'));
  if (lines.length === 0) return table.build();
  const header = parseCsvLine(lines[0]!).map((h) => h.trim());
  const col = (name: string): number => header.indexOf(name);
  const [iState, iLA, iLP, iRA, iRP] = ['State', 'LocalAddress', 'LocalPort', 'RemoteAddress', 'RemotePort'].map(col);
  if ([iState, iLA, iLP, iRA, iRP].some((i) => i === undefined || i < 0)) {
    throw new Error('Get-NetTCPConnection CSV lacks State/LocalAddress/LocalPort/RemoteAddress/RemotePort columns');
  }
  for (const line of lines.slice(1)) {
    const f = parseCsvLine(line);
    const rawState = f[iState!]!;
    const state = WINDOWS_STATES[rawState] ?? (/^\d+$/.test(rawState) ? undefined : undefined);
    if (!state) continue;
    table.add(state, { host: f[iLA!]!, port: f[iLP!]! }, { host: f[iRA!]!, port: f[iRP!]! });
  }
  return table.build();
}

/** Wraps a platform table as a Sample (socket-table tier only; no kernel counters or sysctls there). */
export function platformTableToSample(table: PlatformTable, source: 'netstat' | 'Get-NetTCPConnection', seq: number, clockSeconds: number): Sample {
  return {
    seq,
    tiers: { counters: false, table: true, sysctl: false },
    frameBytes: 0,
    meta: { clock: clockSeconds, bootId: 'local', netns: 'local', source, collectMs: undefined, listenerCount: table.listeners.length },
    counters: {},
    states: table.states,
    peers: table.peers,
    listeners: table.listeners,
    sysctl: undefined,
  };
}
