/**
 * A real "host" for the fleet tests: a network namespace with its own TCP table, joined to the root
 * namespace by a veth pair with addresses from 198.18.0.0/15 (RFC 2544 benchmark range; used only on
 * these two veth ends, so no traffic leaves the machine), running node_exporter on its veth address.
 * Needs root and iproute2.
 */
import { execFileSync } from 'node:child_process';
import { HINT_SYSCTLS } from '$shared/inspector/fleet/nodeExporterSeries';
import { startDaemon, waitUntil, type Daemon } from './processes';

export const NODE_EXPORTER = '/usr/bin/prometheus-node-exporter';
export const EXPORTER_PORT = 9100;

/**
 * Every collector the fleet view reads, default ones and the opt-in tcpstat and sysctl. `sysctls` must
 * exist in the namespace: node_exporter 1.5's sysctl collector stops at the first one that does not
 * (tcp_mem and tcp_max_orphans exist only in the initial namespace).
 */
export function nodeExporterArgs(listen: string, options: { tcpstat: boolean; sysctls: readonly string[] }): string[] {
  const sysctls = options.sysctls;
  return [
    `--web.listen-address=${listen}`,
    // Only the collectors the fleet view reads (all default ones except tcpstat and sysctl): less noise on a shared machine.
    '--collector.disable-defaults',
    '--collector.sockstat',
    '--collector.netstat',
    '--collector.filefd',
    '--collector.conntrack',
    ...(options.tcpstat ? ['--collector.tcpstat'] : []),
    '--collector.sysctl',
    ...sysctls.map((k) => `--collector.sysctl.include=${k}`),
  ];
}

function ip(args: string[]): string {
  return execFileSync('ip', args, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
}

export function inNamespace(ns: string, command: string, args: string[]): string {
  const options = { encoding: 'utf8' as const, stdio: ['ignore', 'pipe', 'pipe'] as ['ignore', 'pipe', 'pipe'], maxBuffer: 64 * 1024 * 1024 };
  return execFileSync('ip', ['netns', 'exec', ns, command, ...args], options);
}

/** Picks /30 blocks in 198.18.0.0/15 from the process id, so parallel runs do not collide. */
function blockAddresses(slot: number): { root: string; inside: string } {
  const block = ((process.pid % 8000) * 4 + slot) % 32768;
  const base = block * 4;
  const octet3 = (base >> 8) & 0xff;
  const second = 18 + (base >> 16);
  const octet4 = base & 0xff;
  return { root: `198.${second}.${octet3}.${octet4 + 1}`, inside: `198.${second}.${octet3}.${octet4 + 2}` };
}

export class NamespaceHost {
  exporter: Daemon | undefined;

  private constructor(
    readonly name: string,
    readonly rootAddress: string,
    readonly address: string,
    readonly tcpstat: boolean,
  ) {}

  get target(): string {
    return `${this.address}:${EXPORTER_PORT}`;
  }

  /** Creates the namespace and veth pair and starts node_exporter inside. */
  static async create(slot: number, options: { tcpstat?: boolean } = {}): Promise<NamespaceHost> {
    const name = `slfleet-${process.pid}-${slot}`;
    const { root, inside } = blockAddresses(slot);
    const hostIf = `slf${process.pid % 100000}h${slot}`;
    const nsIf = `slf${process.pid % 100000}n${slot}`;
    ip(['netns', 'add', name]);
    const host = new NamespaceHost(name, root, inside, options.tcpstat ?? true);
    try {
      ip(['link', 'add', hostIf, 'type', 'veth', 'peer', 'name', nsIf]);
      ip(['link', 'set', nsIf, 'netns', name]);
      ip(['addr', 'add', `${root}/30`, 'dev', hostIf]);
      ip(['link', 'set', hostIf, 'up']);
      ip(['-n', name, 'addr', 'add', `${inside}/30`, 'dev', nsIf]);
      ip(['-n', name, 'link', 'set', nsIf, 'up']);
      ip(['-n', name, 'link', 'set', 'lo', 'up']);
      await host.startExporter();
    } catch (err) {
      await host.destroy();
      throw err;
    }
    return host;
  }

  /** The sysctls of HINT_SYSCTLS that this namespace has. */
  availableSysctls(): string[] {
    return HINT_SYSCTLS.filter((key) => {
      try {
        inNamespace(this.name, 'sysctl', ['-n', key]);
        return true;
      } catch {
        return false;
      }
    });
  }

  async startExporter(): Promise<void> {
    const args = nodeExporterArgs(this.target, { tcpstat: this.tcpstat, sysctls: this.availableSysctls() });
    this.exporter = startDaemon('ip', ['netns', 'exec', this.name, NODE_EXPORTER, ...args]);
    const url = `http://${this.target}/metrics`;
    await waitUntil(`node_exporter in ${this.name} (${this.exporter.stderrTail().slice(-300)})`, async () => (await fetch(url)).ok, 15000);
  }

  async stopExporter(): Promise<void> {
    await this.exporter?.stop();
    this.exporter = undefined;
  }

  sysctl(key: string, value: string): void {
    inNamespace(this.name, 'sysctl', ['-q', '-w', `${key}=${value}`]);
  }

  /** Per-state socket counts from `ss` run inside the namespace (kernel state names). */
  ssStates(): Record<string, number> {
    const out = inNamespace(this.name, 'ss', ['-tanH']);
    const map: Record<string, string> = {
      ESTAB: 'ESTABLISHED', 'TIME-WAIT': 'TIME_WAIT', 'CLOSE-WAIT': 'CLOSE_WAIT', 'SYN-RECV': 'SYN_RECV', 'SYN-SENT': 'SYN_SENT',
      'FIN-WAIT-1': 'FIN_WAIT1', 'FIN-WAIT-2': 'FIN_WAIT2', 'LAST-ACK': 'LAST_ACK', LISTEN: 'LISTEN', CLOSING: 'CLOSING', UNCONN: 'CLOSE',
    };
    const counts: Record<string, number> = {};
    for (const line of out.split('\n')) {
      const state = map[line.trim().split(/\s+/)[0] ?? ''];
      if (state) counts[state] = (counts[state] ?? 0) + 1;
    }
    return counts;
  }

  async destroy(): Promise<void> {
    await this.stopExporter();
    try {
      ip(['netns', 'delete', this.name]); // also removes the veth pair
    } catch {
      // already gone
    }
  }
}
