/**
 * The node_exporter series the fleet view reads, and how each maps onto the snapshot model the SSH
 * collector produces (counter and sysctl keys of server/shared/inspector/collectorScript.ts).
 */

/** Gauges of the default collectors → snapshot counter keys. */
export const GAUGE_COUNTERS: Readonly<Record<string, string>> = {
  node_sockstat_TCP_tw: 'sockstat.TCP.tw',
  node_sockstat_TCP_inuse: 'sockstat.TCP.inuse',
  node_sockstat_TCP_orphan: 'sockstat.TCP.orphan',
  node_sockstat_TCP_alloc: 'sockstat.TCP.alloc',
  node_sockstat_TCP_mem: 'sockstat.TCP.mem',
  node_netstat_Tcp_CurrEstab: 'Tcp.CurrEstab',
  node_filefd_allocated: 'file.allocated',
  node_filefd_maximum: 'file.max',
  node_nf_conntrack_entries: 'conntrack.count',
};

/** Gauges that are really a sysctl's value (the conntrack collector reads nf_conntrack_max). */
export const GAUGE_SYSCTLS: Readonly<Record<string, string>> = {
  node_nf_conntrack_entries_limit: 'net.netfilter.nf_conntrack_max',
};

/**
 * Sysctls the hint rules read. node_exporter exports them with `--collector.sysctl
 * --collector.sysctl.include=KEY` as `node_sysctl_<key with . and - as _>` (multi-value ones with an
 * `index` label). Absent means unknown: the rules that need one stay silent.
 */
export const HINT_SYSCTLS = [
  'net.ipv4.ip_local_port_range',
  'net.ipv4.tcp_tw_reuse',
  'net.ipv4.tcp_timestamps',
  'net.ipv4.tcp_max_tw_buckets',
  'net.ipv4.tcp_fin_timeout',
  'net.ipv4.tcp_max_syn_backlog',
  'net.ipv4.tcp_keepalive_time',
  'net.ipv4.tcp_max_orphans',
  'net.ipv4.tcp_mem',
  'net.core.somaxconn',
  'fs.file-max',
] as const;

export function sysctlMetricName(key: string): string {
  return `node_sysctl_${key.replace(/[.-]/g, '_')}`;
}

export const SYSCTL_BY_METRIC: Readonly<Record<string, string>> = Object.fromEntries(HINT_SYSCTLS.map((k) => [sysctlMetricName(k), k]));

/** Counters whose per-second rate() the rules read → snapshot rate keys (as in RATE_DEFINITIONS). */
export const RATE_COUNTERS: Readonly<Record<string, string>> = {
  node_netstat_TcpExt_ListenOverflows: 'listenOverflows',
  node_netstat_TcpExt_ListenDrops: 'listenDrops',
  node_netstat_TcpExt_SyncookiesSent: 'syncookiesSent',
  node_netstat_Tcp_ActiveOpens: 'activeOpens',
  node_netstat_Tcp_PassiveOpens: 'passiveOpens',
  node_netstat_Tcp_RetransSegs: 'retransSegs',
  node_netstat_Tcp_OutRsts: 'outRsts',
  // Not in node_exporter's default --collector.netstat.fields; read when a site adds them.
  node_netstat_TcpExt_TCPTimeWaitOverflow: 'timeWaitOverflow',
  node_netstat_TcpExt_TCPReqQFullDrop: 'reqQFullDrop',
  node_netstat_TcpExt_TCPMemoryPressures: 'memoryPressures',
};

/** Per-state counts from the opt-in tcpstat collector (`--collector.tcpstat`). */
export const TCPSTAT_METRIC = 'node_tcp_connection_states';

/** tcpstat's state label → kernel state name; its queue-byte pseudo states are not states. */
export function tcpstatState(label: string | undefined): string | undefined {
  if (!label || label.endsWith('_queued_bytes')) return undefined;
  return label.toUpperCase();
}
