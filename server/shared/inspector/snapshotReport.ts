import type { Hint } from './hints';
import type { Snapshot } from './snapshot';
import { TCP_STATES } from './sample';
import { escapeControl } from './terminalText';

/** The JSON shape of `socket-lens inspect --json` (also what the panel receives). */
export interface SnapshotReport {
  host: string;
  takenAt: string;
  source: string | undefined;
  frameBytes: number;
  collectMs: number | undefined;
  tableFrameBytes: number;
  tableCollectMs: number | undefined;
  bootId: string;
  netns: string;
  states: Record<string, number>;
  counters: Record<string, number>;
  rates: Record<string, number>;
  sysctl: Record<string, string>;
  peers: Array<{ state: string; grouping: string; endpoint: string; count: number }>;
  listeners: Array<{ local: string; queue: number; limit: number | null }>;
  hints: Array<{ id: string; severity: string; title: string; detail: string; evidence: string[]; arithmetic?: string; fix: string; sysctl?: Array<{ key: string; value: string; comment: string }> }>;
}

export function toReport(snapshot: Snapshot, hints: Hint[]): SnapshotReport {
  const states: Record<string, number> = {};
  if (snapshot.states) for (const s of TCP_STATES) states[s] = snapshot.states[s] ?? 0;
  if (snapshot.states) for (const [k, v] of Object.entries(snapshot.states)) states[k] = v;
  const rates: Record<string, number> = {};
  for (const [k, v] of Object.entries(snapshot.rates)) rates[k] = Math.round(v * 1000) / 1000;
  return {
    host: snapshot.host,
    takenAt: new Date(snapshot.takenAt || Date.now()).toISOString(),
    source: snapshot.meta.source,
    frameBytes: snapshot.frameBytes,
    collectMs: snapshot.meta.collectMs,
    tableFrameBytes: snapshot.tableFrameBytes,
    tableCollectMs: snapshot.tableCollectMs,
    bootId: snapshot.meta.bootId,
    netns: snapshot.meta.netns,
    states,
    counters: snapshot.counters,
    rates,
    sysctl: snapshot.sysctl,
    peers: snapshot.peers.map((p) => ({ state: p.state, grouping: p.grouping, endpoint: p.endpoint, count: p.count })),
    listeners: snapshot.listeners.map((l) => ({ local: l.local, queue: l.queue, limit: l.limit ?? null })),
    hints: hints.map((h) => ({
      id: h.id,
      severity: h.severity,
      title: h.title,
      detail: h.detail,
      evidence: h.evidence,
      ...(h.arithmetic ? { arithmetic: h.arithmetic } : {}),
      fix: h.fix,
      ...(h.sysctl?.length ? { sysctl: h.sysctl } : {}),
    })),
  };
}

const KEY_SYSCTLS = [
  'net.ipv4.ip_local_port_range',
  'net.ipv4.tcp_tw_reuse',
  'net.ipv4.tcp_max_tw_buckets',
  'net.ipv4.tcp_fin_timeout',
  'net.core.somaxconn',
  'net.ipv4.tcp_max_syn_backlog',
  'net.ipv4.tcp_keepalive_time',
];

/** Plain-text table of a snapshot (CLI). Every line is escaped: peers, listeners and sysctls are the host's text. */
export function formatSnapshotText(report: SnapshotReport): string {
  const out: string[] = [];
  out.push(`Host ${report.host}  ·  ${report.takenAt}  ·  source ${report.source ?? '-'}  ·  full frame ${report.tableFrameBytes} B  ·  collector ${report.tableCollectMs ?? '-'} ms per full sample`);
  out.push('');
  out.push('States');
  const states = Object.entries(report.states).filter(([, v]) => v > 0);
  if (states.length === 0) out.push('  (no sockets)');
  for (const [k, v] of states.sort((a, b) => b[1] - a[1])) out.push(`  ${k.padEnd(12)} ${String(v).padStart(8)}`);
  const r = report.rates;
  if (Object.keys(r).length > 0) {
    out.push('');
    out.push(
      `Rates  new conns ${fmtRate(r.newConnections)}/s  ·  listen overflows ${fmtRate(r.listenOverflows)}/s  ·  SYN cookies ${fmtRate(r.syncookiesSent)}/s  ·  retransmits ${fmtRate(r.retransSegs)}/s`,
    );
  }
  const peers = report.peers.filter((p) => p.grouping !== 'remoteHost' && p.count > 1).slice(0, 6);
  if (peers.length > 0) {
    out.push('');
    out.push('Top peers');
    for (const p of peers) out.push(`  ${p.state.padEnd(11)} ${p.grouping === 'remote' ? 'remote' : 'local '} ${p.endpoint.padEnd(40)} ${String(p.count).padStart(7)}`);
  }
  const listeners = report.listeners.filter((l) => l.queue > 0).slice(0, 6);
  if (listeners.length > 0) {
    out.push('');
    out.push('Listener accept queues (non-empty)');
    for (const l of listeners) out.push(`  ${l.local.padEnd(40)} ${l.queue} / ${l.limit ?? '?'}`);
  }
  const sys = KEY_SYSCTLS.filter((k) => report.sysctl[k] !== undefined);
  if (sys.length > 0) {
    out.push('');
    out.push('Sysctls');
    for (const k of sys) out.push(`  ${k.padEnd(32)} ${report.sysctl[k]}`);
  }
  out.push('');
  out.push(report.hints.length === 0 ? 'Hints: none' : 'Hints');
  for (const h of report.hints) {
    out.push(`  [${h.severity}] ${h.title}`);
    out.push(`      ${h.detail}`);
    for (const e of h.evidence) out.push(`      · ${e}`);
    if (h.arithmetic) out.push(`      = ${h.arithmetic}`);
    out.push(`      → ${h.fix}`);
  }
  return `${out.map(escapeControl).join('\n')}\n`;
}

function fmtRate(v: number | undefined): string {
  return v === undefined ? '-' : v.toFixed(v < 10 ? 1 : 0);
}
