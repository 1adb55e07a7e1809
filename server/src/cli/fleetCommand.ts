import { readFleet } from '$shared/inspector/fleet/fleetSource';
import { formatFleetText } from '$shared/inspector/fleet/fleetText';
import { toFleetView } from '$shared/inspector/fleet/fleetReportView';
import { parseMatch } from '$shared/inspector/fleet/fleetQueries';
import { PrometheusClient, PrometheusError } from '$shared/inspector/fleet/prometheusClient';
import { parseCommandArgs } from './parseCommandArgs';

export const FLEET_USAGE = `Usage: socket-lens fleet --prometheus URL [--match SELECTOR] [--json]
         [--token-env VAR] [--rate-window DURATION] [--timeout SECONDS]

Reads every node_exporter target from Prometheus in one handful of queries, applies the host
inspector's hint rules to each and prints the hosts ranked by risk.
  --prometheus URL   Prometheus base URL (http or https), e.g. http://127.0.0.1:9090
  --match SELECTOR   only these targets: label matchers such as '{job="node",env="prod"}'
  --json             print JSON (for scripts)
  --token-env VAR    send the bearer token held in environment variable VAR (default: SOCKET_LENS_PROMETHEUS_TOKEN)
  --rate-window D    rate() window for counters (default 5m)
  --timeout SECONDS  per HTTP request (default 15)
Exit codes: 0 read, 1 Prometheus could not be read, 2 usage error.
`;

interface FleetArgs {
  prometheus: string | undefined;
  match: string | undefined;
  json: boolean;
  tokenEnv: string;
  rateWindow: string;
  timeoutMs: number;
}

const FLEET_OPTIONS = {
  json: { type: 'boolean' },
  help: { type: 'boolean', short: 'h' },
  prometheus: { type: 'string' },
  match: { type: 'string' },
  'token-env': { type: 'string' },
  'rate-window': { type: 'string' },
  timeout: { type: 'string' },
} as const;

function parseArgs(args: string[]): FleetArgs | string {
  const result = parseCommandArgs('fleet', args, FLEET_OPTIONS);
  if ('error' in result) return result.error;
  const v = result.values;
  if (v.help) return 'help';
  if (result.positionals.length > 0) return `unexpected argument ${JSON.stringify(result.positionals[0])}`;
  const parsed: FleetArgs = {
    prometheus: v.prometheus,
    match: v.match,
    json: !!v.json,
    tokenEnv: 'SOCKET_LENS_PROMETHEUS_TOKEN',
    rateWindow: '5m',
    timeoutMs: 15_000,
  };
  const tokenEnv = v['token-env'];
  if (tokenEnv !== undefined) {
    if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(tokenEnv)) return '--token-env needs an environment variable name';
    parsed.tokenEnv = tokenEnv;
  }
  const rateWindow = v['rate-window'];
  if (rateWindow !== undefined) {
    if (!/^\d+[smh]$/.test(rateWindow)) return '--rate-window needs a duration such as 5m or 60s';
    parsed.rateWindow = rateWindow;
  }
  if (v.timeout !== undefined) {
    const n = Number(v.timeout);
    if (!Number.isFinite(n) || n <= 0 || n > 600) return '--timeout needs seconds between 1 and 600';
    parsed.timeoutMs = Math.ceil(n * 1000);
  }
  if (!parsed.prometheus) return '--prometheus URL is required';
  return parsed;
}

/** `socket-lens fleet`; returns the exit code. */
export async function runFleetCommand(args: string[], io: { stdout: NodeJS.WritableStream; stderr: NodeJS.WritableStream }): Promise<number> {
  const parsed = parseArgs(args);
  if (parsed === 'help') {
    io.stdout.write(FLEET_USAGE);
    return 0;
  }
  if (typeof parsed === 'string') {
    io.stderr.write(`socket-lens fleet: ${parsed} (see 'socket-lens fleet --help')\n`);
    return 2;
  }
  let client: PrometheusClient;
  try {
    parseMatch(parsed.match);
    const token = process.env[parsed.tokenEnv];
    client = new PrometheusClient({ baseUrl: parsed.prometheus!, bearerToken: token || undefined, timeoutMs: parsed.timeoutMs });
  } catch (err) {
    io.stderr.write(`socket-lens fleet: ${(err as Error).message}\n`);
    return 2;
  }
  try {
    const view = toFleetView(await readFleet(client, { match: parsed.match, rateWindow: parsed.rateWindow }));
    io.stdout.write(parsed.json ? `${JSON.stringify(view, null, 2)}\n` : formatFleetText(view));
    return 0;
  } catch (err) {
    const kind = err instanceof PrometheusError ? `${err.kind}: ` : '';
    io.stderr.write(`socket-lens fleet: ${kind}${(err as Error).message}\n`);
    return 1;
  }
}
