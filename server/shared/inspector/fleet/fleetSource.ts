/**
 * One fleet refresh: the handful of queries of fleetQueries.ts against Prometheus, grouped per host
 * (job + instance), mapped to snapshots, run through the SSH inspector's hint rules and ranked.
 */
import { computeHints } from '../hints';
import { buildFleetQueries, parseMatch, RATE_LABEL, TREND_FALLBACK_METRICS } from './fleetQueries';
import { buildHostSnapshot, emptyHostSeries, type HostSeries } from './fleetHostSnapshot';
import { rankFleet, type FleetHost, type HostStatus } from './fleetRanking';
import { SYSCTL_BY_METRIC, TCPSTAT_METRIC, tcpstatState } from './nodeExporterSeries';
import type { InstantSeries, PrometheusClient } from './prometheusClient';

export interface FleetOptions {
  /** Label matchers, e.g. `{job="node"}` (see parseMatch). */
  match?: string;
  /** Evaluation time, unix seconds (default: Prometheus's now, from the first query). All queries use the same instant. */
  at?: number;
  /** rate() window (default 5m). */
  rateWindow?: string;
  /** Trend window and step, seconds (default 600 and 30). */
  trendSeconds?: number;
  trendStepSeconds?: number;
  /** A target whose newest `up` sample is older than this is stale (default 120 s). */
  staleAfterSeconds?: number;
}

export interface FleetReport {
  prometheus: string;
  match: string;
  evaluatedAt: string;
  /** HTTP requests this refresh made. */
  queries: number;
  elapsedMs: number;
  hosts: FleetHost[];
  /** Fleet-wide notes: series no host exports. */
  notes: string[];
}

const hostKey = (labels: Record<string, string>): string => `${labels.job ?? ''}\u0000${labels.instance ?? ''}`;

export async function readFleet(client: PrometheusClient, options: FleetOptions = {}): Promise<FleetReport> {
  const started = Date.now();
  const requestsBefore = client.requests;
  const match = parseMatch(options.match);
  const trendSeconds = options.trendSeconds ?? 600;
  const step = options.trendStepSeconds ?? 30;
  const staleAfter = options.staleAfterSeconds ?? 120;
  const q = buildFleetQueries(match, options.rateWindow ?? '5m');

  // `up` first: a wrong URL, a refused token or a bad selector fails after one request, not five. Its
  // evaluation time (Prometheus's clock, not this machine's) is the instant of the other four queries.
  const up = await client.query(q.up, options.at);
  const at = options.at ?? (up[0] && Number.isFinite(up[0].t) ? up[0].t : Math.round(Date.now()) / 1000);
  const [upTimestamp, gauges, rates, trends] = await Promise.all([
    client.query(q.upTimestamp, at),
    client.query(q.gauges, at),
    client.query(q.rates, at),
    client.queryRange(q.trends, at - trendSeconds, at, step),
  ]);

  const hosts = new Map<string, { labels: Record<string, string>; up?: number; upAge?: number; series: HostSeries }>();
  const entry = (labels: Record<string, string>) => {
    const key = hostKey(labels);
    let e = hosts.get(key);
    if (!e) {
      e = { labels: { job: labels.job ?? '', instance: labels.instance ?? '' }, series: emptyHostSeries() };
      hosts.set(key, e);
    }
    return e;
  };
  for (const s of up) {
    const e = entry(s.labels);
    e.labels = withoutName(s.labels);
    e.up = s.value;
  }
  for (const s of upTimestamp) entry(s.labels).upAge = at - s.value;
  for (const s of gauges) addGauge(entry(s.labels).series, s);
  for (const s of rates) {
    const counter = s.labels[RATE_LABEL];
    if (counter) entry(s.labels).series.rates.set(counter, s.value);
  }
  for (const s of trends) {
    const name = s.labels.__name__;
    const state = name === TCPSTAT_METRIC ? tcpstatState(s.labels.state) : name;
    if (state) entry(s.labels).series.trends.set(state, s.points);
  }

  const evaluatedAtMs = at * 1000;
  // Targets of other exporters (Prometheus itself, blackbox, applications) are not hosts: a target is one
  // when it has node_exporter series now, or when it is down in a job whose other targets have them.
  const hasNodeSeries = (e: { series: HostSeries }) => e.series.gauges.size > 0 || e.series.tcpstat !== undefined;
  const nodeJobs = new Set([...hosts.values()].filter(hasNodeSeries).map((e) => e.labels.job ?? ''));
  const leftOutJobs = new Map<string, number>();
  const fleet: FleetHost[] = [];
  for (const e of hosts.values()) {
    const job = e.labels.job ?? '';
    if (!hasNodeSeries(e) && !nodeJobs.has(job)) {
      leftOutJobs.set(job, (leftOutJobs.get(job) ?? 0) + 1);
      continue;
    }
    const label = e.labels.instance || '(no instance label)';
    // A failing target's last values are not its current state (a real Prometheus marks them stale anyway).
    const hasData = e.up !== 0 && hasNodeSeries(e);
    const { snapshot, unknown } = buildHostSnapshot(label, hasData ? e.series : emptyHostSeries(), evaluatedAtMs);
    const { status, statusDetail } = hostStatus(e.up, e.upAge, staleAfter);
    const hints = hasData ? computeHints(snapshot) : [];
    fleet.push({
      instance: e.labels.instance ?? '',
      job: e.labels.job ?? '',
      labels: e.labels,
      status,
      statusDetail,
      hasData,
      snapshot,
      hints,
      unknown: hasData ? unknown : ['every series: Prometheus has no current node_exporter data for this target'],
      trendLines: trendLines(e.series),
    });
  }
  const notes: string[] = [];
  if (fleet.length > 0 && fleet.every((h) => h.snapshot.states === undefined)) {
    notes.push(`no host exports ${TCPSTAT_METRIC}: per-state counts are unknown (start node_exporter with --collector.tcpstat)`);
  }
  if (fleet.length > 0 && fleet.every((h) => Object.keys(h.snapshot.sysctl).length <= 1)) {
    notes.push(
      'no host exports node_sysctl_* series: the sysctl rules cannot run (node_exporter --collector.sysctl --collector.sysctl.include=…)',
    );
  }
  if (leftOutJobs.size > 0) {
    const jobs = [...leftOutJobs.entries()].map(([job, n]) => `${job || '(no job)'}: ${n}`);
    const count = [...leftOutJobs.values()].reduce((a, b) => a + b, 0);
    notes.push(`left out ${count} targets without node_exporter series (${jobs.slice(0, 5).join(', ')}${jobs.length > 5 ? ', …' : ''})`);
  }
  if (fleet.length === 0 && hosts.size === 0) {
    notes.push(`no targets match ${match ? `{${match}}` : 'any selector'}: Prometheus has no up series for them`);
  }
  return {
    prometheus: client.baseUrl,
    match,
    evaluatedAt: new Date(evaluatedAtMs).toISOString(),
    queries: client.requests - requestsBefore,
    elapsedMs: Date.now() - started,
    hosts: rankFleet(fleet),
    notes,
  };
}

function withoutName(labels: Record<string, string>): Record<string, string> {
  const { __name__: _name, ...rest } = labels;
  return rest;
}

function addGauge(series: HostSeries, s: InstantSeries): void {
  const name = s.labels.__name__;
  if (!name) return;
  if (name === TCPSTAT_METRIC) {
    series.tcpstat ??= new Map();
    const state = s.labels.state;
    if (state !== undefined) series.tcpstat.set(state, s.value);
    return;
  }
  const index = s.labels.index;
  if (index !== undefined && SYSCTL_BY_METRIC[name]) {
    const byIndex = series.indexedSysctls.get(name) ?? new Map<number, number>();
    byIndex.set(Number(index), s.value);
    series.indexedSysctls.set(name, byIndex);
    return;
  }
  series.gauges.set(name, s.value);
}

function hostStatus(up: number | undefined, age: number | undefined, staleAfter: number): { status: HostStatus; statusDetail: string } {
  if (up === undefined) {
    return { status: 'unknown', statusDetail: 'no up series for this instance (data without a scrape target, e.g. federated)' };
  }
  if (age !== undefined && age > staleAfter) {
    return { status: 'stale', statusDetail: `last scrape ${Math.round(age)} s ago (stale after ${staleAfter} s)` };
  }
  if (up === 0) return { status: 'down', statusDetail: 'the last scrape failed (up = 0); Prometheus has no current data for it' };
  return { status: 'up', statusDetail: age !== undefined ? `scraped ${Math.max(0, Math.round(age))} s ago` : 'up' };
}

/** Fallback trend metrics → the state they stand for, used only when the host has no tcpstat. */
const FALLBACK_STATE: Record<string, string> = { node_sockstat_TCP_tw: 'TIME_WAIT', node_netstat_Tcp_CurrEstab: 'ESTABLISHED' };

/** Up to the last 20 points per state, for sparklines. */
function trendLines(series: HostSeries): Record<string, number[]> {
  const out: Record<string, number[]> = {};
  for (const [name, points] of series.trends) {
    const isFallback = (TREND_FALLBACK_METRICS as readonly string[]).includes(name);
    if (isFallback && series.tcpstat !== undefined) continue;
    out[isFallback ? FALLBACK_STATE[name]! : name] = points.slice(-20).map((p) => p.v);
  }
  return out;
}
