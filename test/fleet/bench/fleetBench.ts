/**
 * `npm run bench:fleet`: HTTP queries and time per fleet refresh
 *  1. at 3 real hosts: node_exporter in three network namespaces scraped by a real Prometheus (needs root);
 *  2. at 1,000 synthetic instances: a real Prometheus whose TSDB was backfilled with promtool from
 *     OpenMetrics text written by syntheticFleet.ts (10 minutes of samples every 30 s).
 * Each case runs REFRESHES refreshes and prints the query count, median and slowest time, the size of
 * the panel message, and checks that the expected hosts rank first.
 */
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { readFleet, type FleetOptions, type FleetReport } from '$shared/inspector/fleet/fleetSource';
import { toFleetView } from '$shared/inspector/fleet/fleetReportView';
import { PrometheusClient } from '$shared/inspector/fleet/prometheusClient';
import { fleetPreconditionProblem } from '../support/fleetPreconditions';
import { NamespaceHost } from '../support/namespaceHost';
import { PrometheusServer } from '../support/prometheusServer';
import { timeWaitLoad } from '../support/timeWaitLoad';
import { instanceName, profileOf, writeSyntheticFleet } from './syntheticFleet';

const REFRESHES = 5;
const SYNTHETIC_INSTANCES = Number(process.env.FLEET_BENCH_INSTANCES ?? 1000);

interface Measured {
  label: string;
  hosts: number;
  queries: number[];
  ms: number[];
  viewBytes: number;
  viewMs: number;
  last: FleetReport;
}

async function measure(label: string, client: PrometheusClient, options: FleetOptions): Promise<Measured> {
  const queries: number[] = [];
  const ms: number[] = [];
  let last: FleetReport | undefined;
  await readFleet(client, options); // warm-up (Prometheus caches, JIT)
  for (let i = 0; i < REFRESHES; i++) {
    const started = performance.now();
    last = await readFleet(client, options);
    ms.push(performance.now() - started);
    queries.push(last.queries);
  }
  const viewStarted = performance.now();
  const viewBytes = Buffer.byteLength(JSON.stringify(toFleetView(last!)));
  const viewMs = performance.now() - viewStarted;
  return { label, hosts: last!.hosts.length, queries, ms, viewBytes, viewMs, last: last! };
}

function print(m: Measured): void {
  const sorted = [...m.ms].sort((a, b) => a - b);
  const median = sorted[Math.floor(sorted.length / 2)]!;
  console.log(
    `${m.label}: ${m.hosts} hosts · ${[...new Set(m.queries)].join('/')} HTTP queries per refresh · ` +
      `median ${median.toFixed(0)} ms, slowest ${sorted.at(-1)!.toFixed(0)} ms over ${m.ms.length} refreshes · ` +
      `panel message ${(m.viewBytes / 1024).toFixed(0)} KB built in ${m.viewMs.toFixed(0)} ms`,
  );
}

async function realHosts(): Promise<Measured> {
  const hosts: NamespaceHost[] = [];
  let prometheus: PrometheusServer | undefined;
  try {
    for (let i = 0; i < 3; i++) hosts.push(await NamespaceHost.create(10 + i));
    prometheus = await PrometheusServer.start({ targets: hosts.map((h) => h.target), scrapeIntervalSeconds: 1 });
    hosts[1]!.sysctl('net.ipv4.tcp_max_tw_buckets', '1000');
    await timeWaitLoad(hosts[1]!.name, 950);
    await prometheus.waitForScrapes(3, 60000);
    const client = new PrometheusClient({ baseUrl: prometheus.url });
    const m = await measure('3 real hosts (network namespaces)', client, { trendSeconds: 60, trendStepSeconds: 5 });
    const first = m.last.hosts[0]!;
    if (first.instance !== hosts[1]!.target) throw new Error(`expected ${hosts[1]!.target} first, got ${first.instance}`);
    console.log(`  ranked first: ${first.instance} — [${first.hints[0]?.severity}] ${first.hints[0]?.title}`);
    return m;
  } finally {
    await prometheus?.destroy();
    for (const h of hosts) await h.destroy();
  }
}

async function syntheticFleet(): Promise<Measured> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sl-fleet-bench-'));
  let prometheus: PrometheusServer | undefined;
  try {
    const step = 30;
    const points = 21;
    const end = Math.floor(Date.now() / 1000 / step) * step - 120;
    const om = path.join(dir, 'fleet.om.txt');
    const genStarted = performance.now();
    const written = writeSyntheticFleet(om, { instances: SYNTHETIC_INSTANCES, end, points, stepSeconds: step });
    const data = path.join(dir, 'data');
    fs.mkdirSync(data);
    execFileSync('promtool', ['tsdb', 'create-blocks-from', 'openmetrics', om, data], { stdio: 'ignore' });
    fs.rmSync(om);
    console.log(
      `  backfilled ${written.series} series, ${written.samples} samples (${(written.bytes / 1e6).toFixed(0)} MB OpenMetrics) ` +
        `with promtool in ${((performance.now() - genStarted) / 1000).toFixed(1)} s`,
    );
    prometheus = await PrometheusServer.start({ targets: [], dataDir: data });
    const client = new PrometheusClient({ baseUrl: prometheus.url });
    const m = await measure(`${SYNTHETIC_INSTANCES} synthetic instances (promtool backfill)`, client, {
      at: end,
      rateWindow: '2m',
      trendSeconds: 600,
      trendStepSeconds: step,
    });
    const expectedTop = new Set([...Array(SYNTHETIC_INSTANCES).keys()].filter((i) => profileOf(i) === 'close-wait-growing').map(instanceName));
    const top = m.last.hosts.slice(0, expectedTop.size);
    const wrong = top.filter((h) => !expectedTop.has(h.instance));
    if (wrong.length > 0) throw new Error(`unexpected hosts at the top: ${wrong.map((h) => h.instance).join(', ')}`);
    const down = m.last.hosts.filter((h) => h.status === 'down').length;
    const expectedDown = [...Array(SYNTHETIC_INSTANCES).keys()].filter((i) => profileOf(i) === 'down').length;
    if (down !== expectedDown) throw new Error(`expected ${expectedDown} down hosts, got ${down}`);
    console.log(
      `  ranked first: the ${expectedTop.size} hosts with growing CLOSE_WAIT (${top[0]!.hints[0]?.title}); ${down} down hosts shown as down`,
    );
    return m;
  } finally {
    await prometheus?.destroy();
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

async function main(): Promise<void> {
  const problem = fleetPreconditionProblem();
  if (problem) {
    console.error(`bench:fleet: ${problem}`);
    process.exitCode = 1;
    return;
  }
  print(await realHosts());
  print(await syntheticFleet());
}

main().catch((err) => {
  console.error(`bench:fleet failed: ${(err as Error).stack ?? err}`);
  process.exitCode = 1;
});
