/**
 * The plain data of a fleet refresh: what `socket-lens fleet --json` prints and what the fleet panel
 * receives. Unknown stays visible: `states` is null without tcpstat, absent counters are absent.
 */
import { toReport, type SnapshotReport } from '../snapshotReport';
import { hostRisk, type HostRisk, type HostStatus } from './fleetRanking';
import type { FleetReport } from './fleetSource';

export interface FleetHostView {
  rank: number;
  instance: string;
  job: string;
  labels: Record<string, string>;
  status: HostStatus;
  statusDetail: string;
  risk: HostRisk;
  /** Per-state counts, or null when the host exports no tcpstat series (unknown, not zero). */
  states: Record<string, number> | null;
  counters: Record<string, number>;
  rates: Record<string, number>;
  sysctl: Record<string, string>;
  hints: SnapshotReport['hints'];
  unknown: string[];
  trendLines: Record<string, number[]>;
}

export interface FleetView {
  prometheus: string;
  match: string;
  evaluatedAt: string;
  queries: number;
  elapsedMs: number;
  notes: string[];
  hosts: FleetHostView[];
}

export function toFleetView(report: FleetReport): FleetView {
  return {
    prometheus: report.prometheus,
    match: report.match,
    evaluatedAt: report.evaluatedAt,
    queries: report.queries,
    elapsedMs: report.elapsedMs,
    notes: report.notes,
    hosts: report.hosts.map((host, i) => {
      const single = toReport(host.snapshot, host.hints);
      return {
        rank: i + 1,
        instance: host.instance,
        job: host.job,
        labels: host.labels,
        status: host.status,
        statusDetail: host.statusDetail,
        risk: hostRisk(host),
        states: host.snapshot.states ? single.states : null,
        counters: single.counters,
        rates: single.rates,
        sysctl: single.sysctl,
        hints: single.hints,
        unknown: host.unknown,
        trendLines: host.trendLines,
      };
    }),
  };
}
