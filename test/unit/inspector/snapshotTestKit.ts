import { emptySnapshot, type Snapshot } from '$shared/inspector/snapshot';

/** Default sysctls of a stock Linux 6.x host (as read on the build machine). */
export const STOCK_SYSCTL: Record<string, string> = {
  'net.ipv4.tcp_tw_reuse': '2',
  'net.ipv4.tcp_max_tw_buckets': '131072',
  'net.ipv4.tcp_fin_timeout': '60',
  'net.ipv4.tcp_timestamps': '1',
  'net.ipv4.tcp_max_syn_backlog': '2048',
  'net.ipv4.tcp_syncookies': '1',
  'net.ipv4.ip_local_port_range': '32768 60999',
  'net.ipv4.ip_local_reserved_ports': '',
  'net.ipv4.tcp_keepalive_time': '7200',
  'net.ipv4.tcp_max_orphans': '131072',
  'net.ipv4.tcp_mem': '287901 383869 575802',
  'net.core.somaxconn': '4096',
  'net.netfilter.nf_conntrack_max': '262144',
  'fs.file-max': '2466183',
};

export function snapshotWith(parts: Partial<Snapshot>): Snapshot {
  const base = emptySnapshot('test-host');
  return {
    ...base,
    sysctl: { ...STOCK_SYSCTL },
    states: { ESTABLISHED: 0, TIME_WAIT: 0, CLOSE_WAIT: 0, SYN_RECV: 0, LISTEN: 1 },
    counters: { 'sockstat.TCP.tw': 0, 'sockstat.TCP.orphan': 0, 'sockstat.TCP.mem': 100, 'file.allocated': 1000, 'conntrack.count': 10 },
    ...parts,
  };
}
