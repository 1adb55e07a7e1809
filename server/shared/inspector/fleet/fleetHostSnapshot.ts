/**
 * Builds one host's Snapshot (the model the SSH collector fills) from the fleet queries' series, and
 * lists what Prometheus cannot tell about it. Nothing unknown is filled in as zero: a missing gauge is
 * a missing counter key, missing tcpstat leaves `states` undefined, peers and listener queues stay empty
 * and are named as unknown.
 */
import { TCP_STATES } from '../sample';
import { emptySnapshot, trend, type HistoryPoint, type Snapshot } from '../snapshot';
import {
  GAUGE_COUNTERS,
  GAUGE_SYSCTLS,
  HINT_SYSCTLS,
  RATE_COUNTERS,
  SYSCTL_BY_METRIC,
  TCPSTAT_METRIC,
  tcpstatState,
} from './nodeExporterSeries';

/** The series of one host, as grouped by the source. */
export interface HostSeries {
  /** name → value for plain gauges (sysctls with an index come as name → index → value). */
  gauges: Map<string, number>;
  indexedSysctls: Map<string, Map<number, number>>;
  /** tcpstat state label → count; undefined when the host exports no tcpstat series. */
  tcpstat: Map<string, number> | undefined;
  /** counter metric name → per-second rate. */
  rates: Map<string, number>;
  /** Trend series: kernel state (or fallback metric) → points. */
  trends: Map<string, Array<{ t: number; v: number }>>;
}

export function emptyHostSeries(): HostSeries {
  return { gauges: new Map(), indexedSysctls: new Map(), tcpstat: undefined, rates: new Map(), trends: new Map() };
}

export interface HostSnapshot {
  snapshot: Snapshot;
  /** What this source could not know for this host, in plain words. */
  unknown: string[];
}

const fmtNumber = (n: number): string => (Number.isInteger(n) ? String(n) : String(Math.round(n * 1000) / 1000));

export function buildHostSnapshot(hostLabel: string, series: HostSeries, evaluatedAtMs: number): HostSnapshot {
  const snap = emptySnapshot(hostLabel);
  snap.takenAt = evaluatedAtMs;
  snap.meta = { ...snap.meta, bootId: 'unknown', netns: 'unknown', source: undefined };
  const unknown: string[] = [];

  for (const [metric, key] of Object.entries(GAUGE_COUNTERS)) {
    const value = series.gauges.get(metric);
    if (value !== undefined && Number.isFinite(value)) snap.counters[key] = value;
  }
  for (const [metric, key] of Object.entries(GAUGE_SYSCTLS)) {
    const value = series.gauges.get(metric);
    if (value !== undefined && Number.isFinite(value)) snap.sysctl[key] = fmtNumber(value);
  }
  for (const [metric, key] of Object.entries(SYSCTL_BY_METRIC)) {
    const value = series.gauges.get(metric);
    if (value !== undefined && Number.isFinite(value)) snap.sysctl[key] = fmtNumber(value);
    const indexed = series.indexedSysctls.get(metric);
    if (indexed && indexed.size > 0) {
      snap.sysctl[key] = [...indexed.entries()].sort((a, b) => a[0] - b[0]).map(([, v]) => fmtNumber(v)).join(' ');
    }
  }
  const missingSysctls = HINT_SYSCTLS.filter((k) => snap.sysctl[k] === undefined);
  if (missingSysctls.length > 0) {
    unknown.push(`sysctls ${missingSysctls.join(', ')} (node_exporter --collector.sysctl --collector.sysctl.include=KEY)`);
  }
  const missingGauges = Object.keys(GAUGE_COUNTERS).filter((m) => !series.gauges.has(m));
  if (missingGauges.length > 0) unknown.push(`series ${missingGauges.join(', ')}`);

  if (series.tcpstat) {
    const states: Record<string, number> = {};
    // tcpstat exports only the states that have sockets: an absent state of a host that has tcpstat is 0.
    for (const state of TCP_STATES) states[state] = 0;
    for (const [label, count] of series.tcpstat) {
      const state = tcpstatState(label);
      if (state) states[state] = count;
    }
    snap.states = states;
  } else {
    unknown.push(`per-state counts (${TCPSTAT_METRIC}: node_exporter --collector.tcpstat); CLOSE_WAIT and SYN_RECV rules cannot run`);
  }

  for (const [metric, key] of Object.entries(RATE_COUNTERS)) {
    const value = series.rates.get(metric);
    if (value !== undefined && Number.isFinite(value)) snap.rates[key] = value;
  }
  if (snap.rates.activeOpens !== undefined && snap.rates.passiveOpens !== undefined) {
    snap.rates.newConnections = snap.rates.activeOpens + snap.rates.passiveOpens;
  }

  snap.history = historyFromTrends(series);
  if (series.tcpstat) {
    snap.trends = {
      closeWait: trend(snap.history, 'CLOSE_WAIT'),
      timeWait: trend(snap.history, 'TIME_WAIT'),
      synRecv: trend(snap.history, 'SYN_RECV'),
    };
  }
  unknown.push(...peerUnknowns(snap));
  return { snapshot: snap, unknown };
}

/** History points (seconds since epoch as the clock) from the range query, tcpstat states only. */
function historyFromTrends(series: HostSeries): HistoryPoint[] {
  if (!series.tcpstat) return [];
  const byTime = new Map<number, Record<string, number>>();
  for (const [state, points] of series.trends) {
    if (!TCP_STATES.includes(state as (typeof TCP_STATES)[number])) continue;
    for (const { t, v } of points) {
      const entry = byTime.get(t) ?? {};
      entry[state] = v;
      byTime.set(t, entry);
    }
  }
  return [...byTime.entries()].sort((a, b) => a[0] - b[0]).map(([clock, states]) => ({ clock, states }));
}

/**
 * Rules that need per-peer or per-listener data, which node_exporter does not export. The per-destination
 * TIME_WAIT port budget is decided when it can be: if all of the host's TIME_WAIT sockets together stay
 * under the rule's threshold, no single destination can reach it, so that is known, not unknown.
 */
function peerUnknowns(snap: Snapshot): string[] {
  const out: string[] = ['accept queue per listener (the SSH drill-down shows it; listen overflows are counted)'];
  const tw = snap.states?.TIME_WAIT ?? snap.counters['sockstat.TCP.tw'];
  const range = snap.sysctl['net.ipv4.ip_local_port_range']?.split(' ').map(Number);
  const ports = range && range.length === 2 && range.every(Number.isFinite) ? range[1]! - range[0]! + 1 : undefined;
  if (tw === undefined || ports === undefined) {
    out.push('TIME_WAIT per destination (port budget): needs the TIME_WAIT count and ip_local_port_range');
  } else if (tw >= 100 && tw / ports >= 0.05) {
    out.push(
      `TIME_WAIT per destination (port budget): ${tw} TIME_WAIT sockets are ${((tw / ports) * 100).toFixed(1)} % of ${ports} ports ` +
        'if they all go to one destination; open the SSH drill-down to see the split',
    );
  }
  return out;
}
