import * as fs from 'node:fs';
import { NODE_EXPORTER } from './namespaceHost';
import { PROMETHEUS } from './prometheusServer';

/** The fleet tier needs root (network namespaces), iproute2 and Debian's prometheus packages. */
export function fleetPreconditionProblem(): string | undefined {
  if (process.platform !== 'linux') return 'the fleet tier needs Linux network namespaces';
  if (typeof process.getuid !== 'function' || process.getuid() !== 0) return 'the fleet tier needs root (ip netns add)';
  for (const program of [PROMETHEUS, NODE_EXPORTER, '/usr/bin/promtool']) {
    if (!fs.existsSync(program)) return `${program} is missing: run npm run test:setup (Debian packages prometheus, prometheus-node-exporter)`;
  }
  return undefined;
}
