/**
 * Orders hosts by risk: the severity of their worst hint (critical, warning), then hosts Prometheus
 * cannot currently read (down or stale: their risk is unknown), then info-only hosts, then quiet ones.
 * Within a rank: more hints at the worst severity first, then the instance name. Hint scores are not
 * compared across hosts: each rule scores on its own scale.
 */
import type { Hint, HintSeverity } from '../hints';
import type { Snapshot } from '../snapshot';

export type HostStatus = 'up' | 'down' | 'stale' | 'unknown';
export type HostRisk = HintSeverity | 'unreadable' | 'ok';

export interface FleetHost {
  instance: string;
  job: string;
  /** The target's labels (from its `up` series). */
  labels: Record<string, string>;
  status: HostStatus;
  statusDetail: string;
  /** False when Prometheus has no node_exporter series for this target now. */
  hasData: boolean;
  snapshot: Snapshot;
  hints: Hint[];
  unknown: string[];
  /** Recent values per state (oldest first) for trend lines. */
  trendLines: Record<string, number[]>;
}

const RISK_ORDER: Record<HostRisk, number> = { critical: 0, warning: 1, unreadable: 2, info: 3, ok: 4 };

export function hostRisk(host: FleetHost): HostRisk {
  const worst = host.hints[0]?.severity;
  if (worst === 'critical' || worst === 'warning') return worst;
  if (host.status === 'down' || host.status === 'stale' || !host.hasData) return 'unreadable';
  return worst ?? 'ok';
}

function hintsAtWorst(host: FleetHost): number {
  const worst = host.hints[0]?.severity;
  return worst === undefined ? 0 : host.hints.filter((h) => h.severity === worst).length;
}

export function rankFleet(hosts: FleetHost[]): FleetHost[] {
  return [...hosts].sort(
    (a, b) =>
      RISK_ORDER[hostRisk(a)] - RISK_ORDER[hostRisk(b)] ||
      hintsAtWorst(b) - hintsAtWorst(a) ||
      a.instance.localeCompare(b.instance) ||
      a.job.localeCompare(b.job),
  );
}
