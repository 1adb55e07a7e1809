import type { PeerCount } from './sample';
import type { Snapshot } from './snapshot';

export type HintSeverity = 'critical' | 'warning' | 'info';

export interface SysctlChange {
  key: string;
  value: string;
  /** Why, in one line (goes into the sysctl.d proposal as a comment). */
  comment: string;
}

export interface Hint {
  id: string;
  severity: HintSeverity;
  title: string;
  /** The reasoning in plain words. */
  detail: string;
  /** Observed facts the hint rests on. */
  evidence: string[];
  /** The arithmetic, when there is some. */
  arithmetic?: string;
  /** The code or sysctl change to make. */
  fix: string;
  sysctl?: SysctlChange[];
  /** Ranking within a severity (higher first). */
  score: number;
}

/** TIME_WAIT lasts a fixed 60 s on Linux (TCP_TIMEWAIT_LEN), whatever tcp_fin_timeout says. */
export const TIME_WAIT_SECONDS = 60;
/** Idle timeout of common NAT gateways (AWS NAT gateway: 350 s). */
export const NAT_IDLE_TIMEOUT_SECONDS = 350;

const SEVERITY_ORDER: Record<HintSeverity, number> = { critical: 0, warning: 1, info: 2 };

const fmt = (n: number): string => (Number.isInteger(n) ? n.toLocaleString('en-US') : n.toLocaleString('en-US', { maximumFractionDigits: 1 }));
const pct = (f: number): string => `${(f * 100).toFixed(f < 0.1 ? 1 : 0)} %`;

function sysctlNumber(snap: Snapshot, key: string): number | undefined {
  const raw = snap.sysctl[key];
  if (raw === undefined || raw.trim() === '') return undefined;
  const n = Number(raw.trim().split(/\s+/)[0]);
  return Number.isFinite(n) ? n : undefined;
}

function sysctlNumbers(snap: Snapshot, key: string): number[] | undefined {
  const raw = snap.sysctl[key];
  if (raw === undefined) return undefined;
  const parts = raw.trim().split(/\s+/).map(Number);
  return parts.length > 0 && parts.every(Number.isFinite) ? parts : undefined;
}

/** Counts reserved ports (e.g. "8000-8100,9000") that fall inside [lo, hi]. */
export function countReservedPorts(spec: string | undefined, lo: number, hi: number): number {
  if (!spec) return 0;
  let total = 0;
  for (const part of spec.split(',')) {
    const m = /^\s*(\d+)(?:-(\d+))?\s*$/.exec(part);
    if (!m) continue;
    const a = Math.max(lo, Number(m[1]));
    const b = Math.min(hi, Number(m[2] ?? m[1]));
    if (b >= a) total += b - a + 1;
  }
  return total;
}

export interface PortBudget {
  low: number;
  high: number;
  reserved: number;
  ports: number;
  /** New connections per second to one destination ip:port that the budget sustains. */
  ceilingPerSecond: number;
}

export function portBudget(snap: Snapshot): PortBudget | undefined {
  const range = sysctlNumbers(snap, 'net.ipv4.ip_local_port_range');
  if (!range || range.length < 2) return undefined;
  const [low, high] = range as [number, number];
  const reserved = countReservedPorts(snap.sysctl['net.ipv4.ip_local_reserved_ports'], low, high);
  const ports = high - low + 1 - reserved;
  return { low, high, reserved, ports, ceilingPerSecond: ports / TIME_WAIT_SECONDS };
}

function topPeer(snap: Snapshot, state: string, grouping: PeerCount['grouping']): PeerCount | undefined {
  return snap.peers.filter((p) => p.state === state && p.grouping === grouping).sort((a, b) => b.count - a.count)[0];
}

function isLoopback(endpoint: string): boolean {
  return /^127\.|^\[::1\]|^localhost/.test(endpoint);
}

type Rule = (snap: Snapshot) => Hint | Hint[] | undefined;

/** One hint per destination (up to 5) whose TIME_WAIT sockets use a notable share of the port budget. */
const timeWaitPortBudget: Rule = (snap) => {
  const budget = portBudget(snap);
  if (!budget || budget.ports <= 0) return undefined;
  return snap.peers
    .filter((p) => p.state === 'TIME_WAIT' && p.grouping === 'remote' && p.count >= 100 && p.count / budget.ports >= 0.05)
    .sort((a, b) => b.count - a.count)
    .slice(0, 5)
    .map((peer) => timeWaitPortBudgetFor(snap, budget, peer));
};

function timeWaitPortBudgetFor(snap: Snapshot, budget: PortBudget, peer: PeerCount): Hint {
  const fraction = peer.count / budget.ports;
  const severity: HintSeverity = fraction >= 0.6 ? 'critical' : fraction >= 0.25 ? 'warning' : 'info';
  const rate = peer.count / TIME_WAIT_SECONDS;
  const reuse = snap.sysctl['net.ipv4.tcp_tw_reuse'];
  const loopbackNote =
    isLoopback(peer.endpoint) && reuse === '2'
      ? ' The destination is loopback and tcp_tw_reuse = 2 already lets new loopback connections reuse these ports, so this host will not run out on this destination; a remote destination would.'
      : '';
  const sysctl: SysctlChange[] = [];
  if (budget.low > 10240) {
    sysctl.push({ key: 'net.ipv4.ip_local_port_range', value: `10240 ${Math.max(budget.high, 65535)}`, comment: 'more ephemeral ports per destination' });
  }
  if (reuse === '0' || (reuse === '2' && !isLoopback(peer.endpoint))) {
    sysctl.push({ key: 'net.ipv4.tcp_tw_reuse', value: '1', comment: 'let outgoing connections reuse TIME_WAIT ports (needs tcp_timestamps = 1)' });
  }
  return {
    id: 'time-wait-port-budget',
    severity,
    title: `${fmt(peer.count)} connections to ${peer.endpoint} in TIME_WAIT use ${pct(fraction)} of the ephemeral ports`,
    detail:
      'Each connection this host closes first stays in TIME_WAIT for 60 s and keeps its local port for that destination ip:port. ' +
      'A client that opens a new connection per request instead of reusing one churns through the ephemeral port range; when it is used up, connect() fails with EADDRNOTAVAIL.' +
      loopbackNote,
    evidence: [
      `${fmt(peer.count)} sockets in TIME_WAIT towards ${peer.endpoint}`,
      `ip_local_port_range = ${budget.low} ${budget.high}${budget.reserved ? `, ${fmt(budget.reserved)} reserved` : ''}`,
      `tcp_tw_reuse = ${reuse ?? 'unknown'}`,
    ],
    arithmetic:
      `${budget.high} − ${budget.low} + 1${budget.reserved ? ` − ${budget.reserved}` : ''} = ${fmt(budget.ports)} ports; ` +
      `${fmt(budget.ports)} / 60 s ≈ ${fmt(Math.floor(budget.ceilingPerSecond))} new connections/s to one destination at most. ` +
      `Now: ${fmt(peer.count)} / 60 s ≈ ${fmt(rate)} connections/s, ${pct(fraction)} of the budget.`,
    fix:
      'Reuse connections: one shared HTTP client / connection pool with keep-alive (Go: one http.Client, MaxIdleConnsPerHost ≥ your concurrency, read and close every body; ' +
      'Node: an http.Agent with keepAlive: true, consume every response). Then, if still needed, widen ip_local_port_range and set tcp_tw_reuse = 1 (outgoing connections only).',
    sysctl,
    score: fraction,
  };
}

const twReuse: Rule = (snap) => {
  const reuse = snap.sysctl['net.ipv4.tcp_tw_reuse'];
  const timestamps = snap.sysctl['net.ipv4.tcp_timestamps'];
  const tw = snap.states?.TIME_WAIT ?? snap.counters['sockstat.TCP.tw'] ?? 0;
  if (reuse === undefined) return undefined;
  if (reuse !== '0' && timestamps === '0') {
    return {
      id: 'tcp-tw-reuse-needs-timestamps',
      severity: 'warning',
      title: 'tcp_tw_reuse is on but TCP timestamps are off, so it does nothing',
      detail: 'TIME_WAIT reuse relies on TCP timestamps to tell old segments from new ones; with tcp_timestamps = 0 the kernel never reuses.',
      evidence: [`tcp_tw_reuse = ${reuse}`, 'tcp_timestamps = 0'],
      fix: 'Turn timestamps back on (the default).',
      sysctl: [{ key: 'net.ipv4.tcp_timestamps', value: '1', comment: 'required by tcp_tw_reuse' }],
      score: 1,
    };
  }
  if (reuse === '0' && tw >= 1000) {
    return {
      id: 'tcp-tw-reuse',
      severity: 'info',
      title: `tcp_tw_reuse is 0 with ${fmt(tw)} sockets in TIME_WAIT`,
      detail:
        'tcp_tw_reuse = 1 lets new outgoing connections take a port still in TIME_WAIT when timestamps prove it safe. It does nothing for connections this host accepts, and it is not a substitute for connection reuse.',
      evidence: ["tcp_tw_reuse = 0", `TIME_WAIT = ${fmt(tw)}`, `tcp_timestamps = ${timestamps ?? 'unknown'}`],
      fix: 'Set tcp_tw_reuse = 1 if this host is the client side of the churn (default since Linux 4.x is 2 = loopback only).',
      sysctl: [{ key: 'net.ipv4.tcp_tw_reuse', value: '1', comment: 'reuse TIME_WAIT ports for outgoing connections' }],
      score: tw,
    };
  }
  return undefined;
};

const twRecycle: Rule = (snap) => {
  const recycle = snap.sysctl['net.ipv4.tcp_tw_recycle'];
  if (recycle === undefined) return undefined;
  if (recycle.trim() !== '0') {
    return {
      id: 'tcp-tw-recycle',
      severity: 'critical',
      title: 'tcp_tw_recycle is on: clients behind NAT will fail to connect',
      detail:
        'tcp_tw_recycle drops SYNs whose timestamps go backwards per source IP; many clients behind one NAT address have unrelated timestamps, so their connections are silently dropped. The option was removed in Linux 4.12 for this reason.',
      evidence: [`tcp_tw_recycle = ${recycle}`],
      fix: 'Turn it off; use connection reuse and tcp_tw_reuse instead.',
      sysctl: [{ key: 'net.ipv4.tcp_tw_recycle', value: '0', comment: 'breaks clients behind NAT; removed in Linux 4.12' }],
      score: 1,
    };
  }
  return {
    id: 'tcp-tw-recycle',
    severity: 'info',
    title: 'Kernel older than 4.12 (tcp_tw_recycle exists); keep it at 0',
    detail: 'tcp_tw_recycle breaks clients behind NAT and was removed in Linux 4.12. It is off here; leave it off.',
    evidence: ['tcp_tw_recycle = 0'],
    fix: 'Nothing to change.',
    score: 0,
  };
};

const twBuckets: Rule = (snap) => {
  const max = sysctlNumber(snap, 'net.ipv4.tcp_max_tw_buckets');
  const tw = snap.counters['sockstat.TCP.tw'];
  const overflowRate = snap.rates.timeWaitOverflow ?? 0;
  const overflowTotal = snap.counters['TcpExt.TCPTimeWaitOverflow'] ?? 0;
  if (max === undefined || tw === undefined || max <= 0) return undefined;
  const fraction = tw / max;
  if (fraction < 0.9 && overflowRate <= 0) return undefined;
  return {
    id: 'time-wait-buckets',
    severity: overflowRate > 0 ? 'critical' : 'warning',
    title: overflowRate > 0 ? 'TIME_WAIT table is overflowing' : `TIME_WAIT table ${pct(fraction)} full`,
    detail:
      'When tcp_max_tw_buckets is reached the kernel closes connections without TIME_WAIT ("time wait bucket table overflow"), which risks late segments corrupting new connections. sockstat tw also counts orphaned FIN_WAIT2 mini-sockets.',
    evidence: [`sockstat tw = ${fmt(tw)}`, `tcp_max_tw_buckets = ${fmt(max)}`, `TCPTimeWaitOverflow = ${fmt(overflowTotal)}${overflowRate > 0 ? ` (${fmt(overflowRate)}/s now)` : ''}`],
    arithmetic: `${fmt(tw)} / ${fmt(max)} = ${pct(fraction)}`,
    fix: 'Reduce connection churn (reuse connections). Do not lower tcp_max_tw_buckets; raise it if memory allows (each bucket is a few hundred bytes).',
    sysctl: [{ key: 'net.ipv4.tcp_max_tw_buckets', value: String(Math.max(max * 2, 262144)), comment: 'room for TIME_WAIT sockets; never lower this' }],
    score: fraction,
  };
};

/** Table samples needed before a rising count is called growing. */
const MIN_TREND_SAMPLES = 3;

const closeWait: Rule = (snap) => {
  const count = snap.states?.CLOSE_WAIT ?? 0;
  const trend = snap.trends.closeWait;
  // Two samples are noise (a burst of closes in flight); three rising ones (20 s at the default interval) are a trend.
  const growing = trend !== undefined && trend.samples >= MIN_TREND_SAMPLES && trend.nonDecreasing && trend.last > trend.first;
  if (count < 10 && !(growing && count >= 5)) return undefined;
  const local = topPeer(snap, 'CLOSE_WAIT', 'local');
  const remoteHost = topPeer(snap, 'CLOSE_WAIT', 'remoteHost');
  const remote = topPeer(snap, 'CLOSE_WAIT', 'remote');
  const severity: HintSeverity = count >= 1000 || (growing && count >= 100) ? 'critical' : growing || count >= 50 ? 'warning' : 'info';
  const where = local ? ` on ${local.endpoint}` : '';
  const peerText = remoteHost ? ` (peer ${remoteHost.endpoint})` : '';
  const evidence = [`CLOSE_WAIT = ${fmt(count)}`];
  if (growing && trend) evidence.push(`grew from ${fmt(trend.first)} to ${fmt(trend.last)} over ${fmt(trend.spanSeconds)} s`);
  const locals = snap.peers.filter((p) => p.state === 'CLOSE_WAIT' && p.grouping === 'local').sort((a, b) => b.count - a.count).slice(0, 3);
  for (const l of locals.filter((l, i) => i === 0 || l.count > 1)) evidence.push(`${fmt(l.count)} of them on local ${l.endpoint}`);
  if (remoteHost) evidence.push(`${fmt(remoteHost.count)} of them from peer ${remoteHost.endpoint}`);
  if (remote && remote.count > 1) evidence.push(`${fmt(remote.count)} of them with peer ${remote.endpoint}`);
  return {
    id: 'close-wait',
    severity,
    title: `${fmt(count)} sockets in CLOSE_WAIT${where}${peerText}${growing ? ', growing' : ''}`,
    detail:
      'CLOSE_WAIT means the peer closed the connection and this host\'s application never called close(). The kernel waits for the application forever; this is an application bug (a leaked socket or an unclosed response body), and no sysctl fixes it.',
    evidence,
    arithmetic: growing && trend && trend.spanSeconds > 0 ? `(${fmt(trend.last)} − ${fmt(trend.first)}) / ${fmt(trend.spanSeconds)} s ≈ ${fmt((trend.last - trend.first) / trend.spanSeconds)} leaked sockets/s` : undefined,
    fix:
      `Find the process holding${where || ' them'} (ss -tanp state close-wait) and close the socket when a read returns EOF; for HTTP clients read and close every response body (Go: defer resp.Body.Close(); Node: consume or resume() every response).`,
    score: count,
  };
};

const listenOverflows: Rule = (snap) => {
  const overflows = snap.rates.listenOverflows ?? 0;
  const drops = snap.rates.listenDrops ?? 0;
  if (overflows * 60 <= 1 && drops * 60 <= 1) return undefined;
  const somaxconn = sysctlNumber(snap, 'net.core.somaxconn');
  const full = snap.listeners.filter((l) => l.limit !== undefined && l.queue >= l.limit);
  return {
    id: 'listen-overflows',
    severity: overflows >= 1 ? 'critical' : 'warning',
    title: `Accept queues overflowing: ${fmt(overflows * 60)} overflows/min`,
    detail:
      'A connection completed the handshake but the listening socket\'s accept queue was full, so the kernel dropped it (the client retries or times out). The application is not calling accept() fast enough, or its backlog is too small.',
    evidence: [
      `ListenOverflows ${fmt(overflows)}/s, ListenDrops ${fmt(drops)}/s`,
      ...full.map((l) => `${l.local}: ${l.queue} queued, limit ${l.limit}`),
      `somaxconn = ${somaxconn ?? 'unknown'}`,
    ],
    arithmetic: `threshold 1 overflow/min; now ${fmt(overflows * 60)}/min. Effective backlog = min(listen backlog, somaxconn${somaxconn !== undefined ? ` = ${somaxconn}` : ''}).`,
    fix: 'Make the accept loop keep up (more workers, no blocking work on the accepting thread/event loop); raise the listen backlog in the application and somaxconn if it is the limit.',
    score: overflows,
  };
};

const synBacklog: Rule = (snap) => {
  const synRecv = snap.states?.SYN_RECV ?? 0;
  const maxSyn = sysctlNumber(snap, 'net.ipv4.tcp_max_syn_backlog');
  const cookies = snap.rates.syncookiesSent ?? 0;
  const qfull = snap.rates.reqQFullDrop ?? 0;
  const fraction = maxSyn ? synRecv / maxSyn : 0;
  if (fraction < 0.5 && cookies <= 0 && qfull <= 0) return undefined;
  const peer = topPeer(snap, 'SYN_RECV', 'remoteHost');
  return {
    id: 'syn-backlog',
    severity: qfull > 0 || fraction >= 0.9 ? 'critical' : 'warning',
    title: cookies > 0 ? 'SYN queue overflowing: SYN cookies are being sent' : `${fmt(synRecv)} half-open connections (SYN_RECV)`,
    detail:
      'Half-open connections fill the SYN queue (bounded by tcp_max_syn_backlog and the listen backlog). SYN cookies keep accepting when it is full but lose TCP options; drops mean clients see timeouts. A burst, a SYN flood or a slow client network can cause it.',
    evidence: [
      `SYN_RECV = ${fmt(synRecv)}`,
      `tcp_max_syn_backlog = ${maxSyn ?? 'unknown'}`,
      `SyncookiesSent ${fmt(cookies)}/s, TCPReqQFullDrop ${fmt(qfull)}/s`,
      ...(peer ? [`most from ${peer.endpoint} (${fmt(peer.count)})`] : []),
    ],
    arithmetic: maxSyn ? `${fmt(synRecv)} / ${fmt(maxSyn)} = ${pct(fraction)}` : undefined,
    fix: 'If the traffic is legitimate, raise tcp_max_syn_backlog and the listen backlog (and somaxconn); keep tcp_syncookies = 1. If one source dominates, filter it upstream.',
    sysctl: maxSyn ? [{ key: 'net.ipv4.tcp_max_syn_backlog', value: String(Math.max(maxSyn * 2, 4096)), comment: 'more room for half-open connections' }] : undefined,
    score: fraction + cookies,
  };
};

const acceptQueues: Rule = (snap) => {
  const somaxconn = sysctlNumber(snap, 'net.core.somaxconn');
  const hints: Hint[] = [];
  for (const listener of snap.listeners) {
    if (listener.limit === undefined) continue;
    const fraction = listener.limit > 0 ? listener.queue / listener.limit : listener.queue > 0 ? 1 : 0;
    if (fraction < 0.8 || listener.queue === 0) continue;
    const limitedBySomaxconn = somaxconn !== undefined && listener.limit >= somaxconn;
    hints.push({
      id: 'accept-queue-full',
      severity: fraction >= 1 ? 'critical' : 'warning',
      title: `Accept queue of ${listener.local} ${fraction >= 1 ? 'is full' : `is ${pct(fraction)} full`} (${listener.queue} of ${listener.limit})`,
      detail:
        'Connections wait in the accept queue until the application calls accept(). A full queue means new connections are dropped or delayed. The application behind this port is stuck or too slow to accept.',
      evidence: [`${listener.local}: ${listener.queue} waiting, limit ${listener.limit}`, `somaxconn = ${somaxconn ?? 'unknown'}`],
      arithmetic: `limit = min(listen backlog, somaxconn) = ${listener.limit}${somaxconn !== undefined ? ` (${limitedBySomaxconn ? 'somaxconn is the limit' : `the application's backlog; somaxconn is ${somaxconn}`})` : ''}`,
      fix: limitedBySomaxconn
        ? 'Make the application accept faster; raise somaxconn and the application\'s listen backlog together.'
        : 'Make the application accept faster (is its accept loop or event loop blocked?); raise the backlog it passes to listen() if bursts are expected.',
      sysctl: limitedBySomaxconn && somaxconn !== undefined ? [{ key: 'net.core.somaxconn', value: String(Math.max(somaxconn * 2, 4096)), comment: `accept queue of ${listener.local} is at somaxconn` }] : undefined,
      score: fraction,
    });
  }
  return hints;
};

const keepaliveVsNat: Rule = (snap) => {
  const keepalive = sysctlNumber(snap, 'net.ipv4.tcp_keepalive_time');
  const established = snap.states?.ESTABLISHED ?? snap.counters['Tcp.CurrEstab'] ?? 0;
  if (keepalive === undefined || keepalive <= NAT_IDLE_TIMEOUT_SECONDS || established === 0) return undefined;
  return {
    id: 'keepalive-vs-nat',
    severity: 'info',
    title: `TCP keep-alive starts after ${fmt(keepalive)} s, longer than NAT/firewall idle timeouts`,
    detail:
      'Idle connections through a NAT gateway or stateful firewall are forgotten after its idle timeout (AWS NAT gateway: 350 s); the next packet gets a reset or disappears. Kernel keep-alive probes only help sockets that enable SO_KEEPALIVE, and only if they start before that timeout.',
    evidence: [`tcp_keepalive_time = ${keepalive}`, `ESTABLISHED = ${fmt(established)}`],
    arithmetic: `${fmt(keepalive)} s > ${NAT_IDLE_TIMEOUT_SECONDS} s`,
    fix: 'Enable keep-alive with a shorter idle time in the application (Go net.Dialer.KeepAlive, Node socket.setKeepAlive(true, 60000)) or lower tcp_keepalive_time for every socket that enables SO_KEEPALIVE.',
    sysctl: [{ key: 'net.ipv4.tcp_keepalive_time', value: '300', comment: 'probe idle connections before NAT gateways forget them' }],
    score: keepalive,
  };
};

const finTimeoutMisconception: Rule = (snap) => {
  const fin = sysctlNumber(snap, 'net.ipv4.tcp_fin_timeout');
  const tw = snap.states?.TIME_WAIT ?? snap.counters['sockstat.TCP.tw'] ?? 0;
  if (fin === undefined) return undefined;
  if (fin === 60 && tw < 5000) return undefined;
  return {
    id: 'fin-timeout-misconception',
    severity: 'info',
    title: fin !== 60 ? `tcp_fin_timeout = ${fin} does not shorten TIME_WAIT` : 'Lowering tcp_fin_timeout will not reduce TIME_WAIT',
    detail:
      'TIME_WAIT lasts a fixed 60 s on Linux (compiled in). tcp_fin_timeout only limits how long an orphaned connection waits in FIN_WAIT2 for the peer\'s FIN.',
    evidence: [`tcp_fin_timeout = ${fin}`, `TIME_WAIT = ${fmt(tw)}`],
    fix: 'Reduce TIME_WAIT by reusing connections; leave tcp_fin_timeout alone unless FIN_WAIT2 orphans pile up.',
    score: 0,
  };
};

function ratioRule(
  id: string,
  title: (used: number, max: number, f: number) => string,
  used: (s: Snapshot) => number | undefined,
  max: (s: Snapshot) => number | undefined,
  warnAt: number,
  critAt: number,
  detail: string,
  fix: string,
  sysctl?: (max: number) => SysctlChange[],
): Rule {
  return (snap) => {
    const u = used(snap);
    const m = max(snap);
    if (u === undefined || m === undefined || m <= 0) return undefined;
    const f = u / m;
    if (f < warnAt) return undefined;
    return {
      id,
      severity: f >= critAt ? 'critical' : 'warning',
      title: title(u, m, f),
      detail,
      evidence: [`used ${fmt(u)}`, `limit ${fmt(m)}`],
      arithmetic: `${fmt(u)} / ${fmt(m)} = ${pct(f)} (warning at ${pct(warnAt)}, critical at ${pct(critAt)})`,
      fix,
      sysctl: sysctl?.(m),
      score: f,
    };
  };
}

const fileHandles = ratioRule(
  'file-handles',
  (u, m, f) => `File handles ${pct(f)} used (${fmt(u)} of ${fmt(m)})`,
  (s) => s.counters['file.allocated'],
  (s) => sysctlNumber(s, 'fs.file-max') ?? s.counters['file.max'],
  0.7,
  0.9,
  'Every socket is a file handle. When fs.file-max is reached, accept() and connect() fail with ENFILE.',
  'Find the process holding the most descriptors (ls /proc/*/fd | wc -l); leaked sockets show up here first. Raise fs.file-max only when the usage is legitimate.',
  (m) => [{ key: 'fs.file-max', value: String(m * 2), comment: 'more file handles system-wide' }],
);

const conntrack = ratioRule(
  'conntrack',
  (u, m, f) => `Connection tracking table ${pct(f)} full (${fmt(u)} of ${fmt(m)})`,
  (s) => s.counters['conntrack.count'],
  (s) => sysctlNumber(s, 'net.netfilter.nf_conntrack_max'),
  0.75,
  0.9,
  'When the conntrack table is full the kernel drops new connections ("nf_conntrack: table full, dropping packet"). TIME_WAIT churn also churns conntrack entries.',
  'Reduce connection churn, shorten nf_conntrack_tcp_timeout_time_wait if appropriate, or raise nf_conntrack_max (memory permitting).',
  (m) => [{ key: 'net.netfilter.nf_conntrack_max', value: String(m * 2), comment: 'conntrack table is filling up' }],
);

const orphans = ratioRule(
  'orphans',
  (u, _max, f) => `${fmt(u)} orphaned sockets, ${pct(f)} of tcp_max_orphans`,
  (s) => s.counters['sockstat.TCP.orphan'],
  (s) => sysctlNumber(s, 'net.ipv4.tcp_max_orphans'),
  0.25,
  0.8,
  'Orphans are sockets closed by the application that still have data to send or are waiting for the peer. Past tcp_max_orphans the kernel resets them ("too many orphaned sockets"). Each can hold up to ~64 KB of send buffer.',
  'Look for peers that stop reading (slow clients) and for abrupt closes of busy connections; raise tcp_max_orphans only with memory to spare.',
);

const socketMemory: Rule = (snap) => {
  const mem = snap.counters['sockstat.TCP.mem'];
  const limits = sysctlNumbers(snap, 'net.ipv4.tcp_mem');
  const pressures = snap.rates.memoryPressures ?? 0;
  if (mem === undefined || !limits || limits.length < 3) return undefined;
  const [, pressure, max] = limits as [number, number, number];
  if (mem < pressure && pressures <= 0) return undefined;
  return {
    id: 'socket-memory',
    severity: mem >= max * 0.9 ? 'critical' : 'warning',
    title: mem >= pressure ? 'TCP socket memory is in pressure mode' : 'TCP memory pressure events',
    detail:
      'Above the tcp_mem pressure threshold the kernel shrinks socket buffers; at the maximum it drops data and aborts connections (TCPAbortOnMemory). Queued data in slow or stuck connections is the usual cause.',
    evidence: [`sockstat TCP mem = ${fmt(mem)} pages`, `tcp_mem = ${limits.join(' ')} pages`, `TCPMemoryPressures ${fmt(pressures)}/s`],
    arithmetic: `${fmt(mem)} / ${fmt(max)} pages = ${pct(mem / max)} of the maximum (pages are usually 4 KB: ${fmt(Math.round((mem * 4) / 1024))} MB)`,
    fix: 'Find connections with large Send-Q/Recv-Q (ss -tmn) — often peers that stopped reading; raise tcp_mem only if memory allows.',
    score: mem / max,
  };
};

export const HINT_RULES: readonly Rule[] = [
  timeWaitPortBudget,
  twReuse,
  twRecycle,
  twBuckets,
  closeWait,
  listenOverflows,
  synBacklog,
  acceptQueues,
  keepaliveVsNat,
  finTimeoutMisconception,
  fileHandles,
  conntrack,
  orphans,
  socketMemory,
];

/** Pure: snapshot in, ranked hints out (critical first, then by score). */
export function computeHints(snap: Snapshot): Hint[] {
  const hints: Hint[] = [];
  for (const rule of HINT_RULES) {
    const result = rule(snap);
    if (Array.isArray(result)) hints.push(...result);
    else if (result) hints.push(result);
  }
  return hints.sort((a, b) => SEVERITY_ORDER[a.severity] - SEVERITY_ORDER[b.severity] || b.score - a.score);
}
