/**
 * OpenMetrics text for a synthetic fleet of node_exporter instances, for `promtool tsdb
 * create-blocks-from openmetrics` (the bench backfills a real Prometheus with it). Deterministic:
 * instance i's profile follows from i, so the bench knows which hosts must rank first.
 *  - every 97th instance: TIME_WAIT table 95 % full (warning);
 *  - every 89th: CLOSE_WAIT growing by 5 per 30 s from 100 (critical);
 *  - every 211th: down (up = 0, no node series in the last 3 minutes);
 *  - the rest: a few hundred ESTABLISHED, a little TIME_WAIT.
 */
import * as fs from 'node:fs';

export interface SyntheticFleetOptions {
  instances: number;
  /** Unix seconds of the last sample. */
  end: number;
  points: number;
  stepSeconds: number;
}

export type Profile = 'time-wait-full' | 'close-wait-growing' | 'down' | 'quiet';

export function profileOf(i: number): Profile {
  if (i % 211 === 7) return 'down';
  if (i % 89 === 3) return 'close-wait-growing';
  if (i % 97 === 5) return 'time-wait-full';
  return 'quiet';
}

export const instanceName = (i: number): string => `host-${String(i).padStart(4, '0')}.fleet.test:9100`;

interface Family {
  name: string;
  /** Extra labels (e.g. state, index) and the value at point k; undefined = no sample. */
  samples: (i: number, k: number) => Array<{ labels: string; value: number | undefined }>;
}

export function writeSyntheticFleet(file: string, options: SyntheticFleetOptions): { series: number; samples: number; bytes: number } {
  const { instances, end, points, stepSeconds } = options;
  const start = end - (points - 1) * stepSeconds;
  const downFrom = points - Math.ceil(180 / stepSeconds);
  const alive = (i: number, k: number) => profileOf(i) !== 'down' || k < downFrom;
  const tw = (i: number) => (profileOf(i) === 'time-wait-full' ? 950 : 20 + (i % 30));
  const closeWait = (i: number, k: number) => (profileOf(i) === 'close-wait-growing' ? 100 + 5 * k : i % 3);
  const counter = (i: number, k: number, perStep: number) => 1_000_000 + i * 1000 + k * perStep;
  const gauge =
    (value: (i: number, k: number) => number): Family['samples'] =>
    (i, k) => [{ labels: '', value: alive(i, k) ? value(i, k) : undefined }];
  const sysctl = (value: number) => gauge(() => value);
  const families: Family[] = [
    { name: 'up', samples: (i, k) => [{ labels: '', value: alive(i, k) ? 1 : 0 }] },
    { name: 'node_sockstat_TCP_tw', samples: gauge((i) => tw(i)) },
    { name: 'node_sockstat_TCP_inuse', samples: gauge((i) => 300 + (i % 50)) },
    { name: 'node_sockstat_TCP_orphan', samples: gauge(() => 0) },
    { name: 'node_sockstat_TCP_alloc', samples: gauge((i) => 320 + (i % 50)) },
    { name: 'node_sockstat_TCP_mem', samples: gauge(() => 40) },
    { name: 'node_netstat_Tcp_CurrEstab', samples: gauge((i) => 280 + (i % 40)) },
    { name: 'node_filefd_allocated', samples: gauge((i) => 2000 + (i % 500)) },
    { name: 'node_filefd_maximum', samples: gauge(() => 2 ** 63 - 1) },
    { name: 'node_nf_conntrack_entries', samples: gauge((i) => 500 + (i % 100)) },
    { name: 'node_nf_conntrack_entries_limit', samples: gauge(() => 262144) },
    { name: 'node_netstat_Tcp_ActiveOpens', samples: gauge((i, k) => counter(i, k, 300)) },
    { name: 'node_netstat_Tcp_PassiveOpens', samples: gauge((i, k) => counter(i, k, 600)) },
    { name: 'node_netstat_Tcp_RetransSegs', samples: gauge((i, k) => counter(i, k, 3)) },
    { name: 'node_netstat_Tcp_OutRsts', samples: gauge((i, k) => counter(i, k, 10)) },
    { name: 'node_netstat_TcpExt_ListenOverflows', samples: gauge(() => 0) },
    { name: 'node_netstat_TcpExt_ListenDrops', samples: gauge(() => 0) },
    { name: 'node_netstat_TcpExt_SyncookiesSent', samples: gauge(() => 0) },
    {
      name: 'node_tcp_connection_states',
      samples: (i, k) =>
        alive(i, k)
          ? [
              { labels: 'state="established"', value: 280 + (i % 40) },
              { labels: 'state="listen"', value: 4 },
              { labels: 'state="time_wait"', value: tw(i) },
              { labels: 'state="close_wait"', value: closeWait(i, k) },
            ]
          : [],
    },
    { name: 'node_sysctl_net_ipv4_tcp_max_tw_buckets', samples: gauge((i) => (profileOf(i) === 'time-wait-full' ? 1000 : 262144)) },
    { name: 'node_sysctl_net_ipv4_tcp_tw_reuse', samples: sysctl(2) },
    { name: 'node_sysctl_net_ipv4_tcp_timestamps', samples: sysctl(1) },
    { name: 'node_sysctl_net_ipv4_tcp_fin_timeout', samples: sysctl(60) },
    { name: 'node_sysctl_net_ipv4_tcp_keepalive_time', samples: sysctl(300) },
    { name: 'node_sysctl_net_core_somaxconn', samples: sysctl(4096) },
    {
      name: 'node_sysctl_net_ipv4_ip_local_port_range',
      samples: (i, k) => (alive(i, k) ? [{ labels: 'index="0"', value: 32768 }, { labels: 'index="1"', value: 60999 }] : []),
    },
  ];
  const fd = fs.openSync(file, 'w');
  let buffer = '';
  let bytes = 0;
  let samples = 0;
  const seriesSeen = new Set<string>();
  const flush = (force = false) => {
    if (buffer.length > 1 << 20 || (force && buffer.length > 0)) {
      fs.writeSync(fd, buffer);
      bytes += Buffer.byteLength(buffer);
      buffer = '';
    }
  };
  for (const family of families) {
    buffer += `# TYPE ${family.name} gauge\n`;
    for (let i = 0; i < instances; i++) {
      const base = `instance="${instanceName(i)}",job="node"`;
      // One series at a time, its samples in time order.
      const bySeries = new Map<string, Array<[number, number]>>();
      for (let k = 0; k < points; k++) {
        for (const s of family.samples(i, k)) {
          if (s.value === undefined) continue;
          const key = s.labels ? `${base},${s.labels}` : base;
          let list = bySeries.get(key);
          if (!list) bySeries.set(key, (list = []));
          list.push([start + k * stepSeconds, s.value]);
        }
      }
      for (const [labels, list] of bySeries) {
        seriesSeen.add(`${family.name}{${labels}}`);
        for (const [t, v] of list) {
          buffer += `${family.name}{${labels}} ${v} ${t}\n`;
          samples++;
        }
        flush();
      }
    }
  }
  buffer += '# EOF\n';
  flush(true);
  fs.closeSync(fd);
  return { series: seriesSeen.size, samples, bytes };
}
