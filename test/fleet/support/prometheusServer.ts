/** A throw-away Debian `prometheus` on a loopback port with its own config and data directory. */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { freePort, startDaemon, waitUntil, type Daemon } from './processes';

export const PROMETHEUS = '/usr/bin/prometheus';

export interface PrometheusOptions {
  targets: string[];
  scrapeIntervalSeconds?: number;
  /** Use an existing data directory (e.g. backfilled blocks) instead of an empty one. */
  dataDir?: string;
  job?: string;
  /** Also scrape Prometheus's own /metrics as job "prometheus" (a target that is not a node_exporter). */
  scrapeSelf?: boolean;
}

export class PrometheusServer {
  private daemon: Daemon | undefined;

  private constructor(
    readonly dir: string,
    readonly port: number,
    readonly dataDir: string,
    readonly job: string,
  ) {}

  get url(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  static async start(options: PrometheusOptions): Promise<PrometheusServer> {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sl-prometheus-'));
    const port = await freePort();
    const server = new PrometheusServer(dir, port, options.dataDir ?? path.join(dir, 'data'), options.job ?? 'node');
    const interval = options.scrapeIntervalSeconds ?? 1;
    const config = [
      'global:',
      `  scrape_interval: ${interval}s`,
      `  scrape_timeout: ${interval}s`,
      'scrape_configs:',
      `  - job_name: ${server.job}`,
      '    static_configs:',
      `      - targets: [${options.targets.map((t) => JSON.stringify(t)).join(', ')}]`,
      ...(options.scrapeSelf ? ['  - job_name: prometheus', '    static_configs:', `      - targets: ["127.0.0.1:${port}"]`] : []),
      '',
    ].join('\n');
    fs.writeFileSync(path.join(dir, 'prometheus.yml'), config);
    await server.launch();
    return server;
  }

  async launch(): Promise<void> {
    this.daemon = startDaemon(PROMETHEUS, [
      `--config.file=${path.join(this.dir, 'prometheus.yml')}`,
      `--storage.tsdb.path=${this.dataDir}`,
      `--web.listen-address=127.0.0.1:${this.port}`,
      '--storage.tsdb.retention.time=1y',
      '--web.console.templates=/dev/null',
      '--web.console.libraries=/dev/null',
      '--log.level=warn',
    ]);
    const daemon = this.daemon;
    await waitUntil(
      `prometheus on ${this.port}: ${daemon.stderrTail().slice(-500)}`,
      async () => {
        if (daemon.child.exitCode !== null) throw new Error(`prometheus exited: ${daemon.stderrTail()}`);
        return (await fetch(`${this.url}/-/ready`)).ok;
      },
      60000,
    );
  }

  /** Waits until `expectedUp` targets of the job have been scraped successfully after now. */
  async waitForScrapes(expectedUp: number, timeoutMs = 30000): Promise<void> {
    const since = Date.now() / 1000;
    await waitUntil(
      `${expectedUp} targets up in ${this.url}`,
      async () => {
        // timestamp() of a raw selector is the sample's scrape time (of an expression it would be the evaluation time).
        const query = encodeURIComponent(`timestamp(up{job="${this.job}"}) and up{job="${this.job}"} == 1`);
        const body = (await (await fetch(`${this.url}/api/v1/query?query=${query}`)).json()) as {
          data: { result: Array<{ value: [number, string] }> };
        };
        const fresh = body.data.result.filter((r) => Number(r.value[1]) > since);
        return fresh.length >= expectedUp;
      },
      timeoutMs,
    );
  }

  async stop(): Promise<void> {
    await this.daemon?.stop();
    this.daemon = undefined;
  }

  async destroy(): Promise<void> {
    await this.stop();
    fs.rmSync(this.dir, { recursive: true, force: true });
  }
}
