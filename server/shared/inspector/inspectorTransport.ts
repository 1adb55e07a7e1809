import type { CollectorTransport } from './collectorProcess';
import type { HostTarget } from './hostValidation';

/**
 * How a host is read: the collector over ssh, the collector in a local /bin/sh (this machine on Linux), or the
 * platform's socket table tool (this machine on macOS and Windows, which have no /proc).
 */
export type InspectorTransport = CollectorTransport | { kind: 'platform-table'; platform: NodeJS.Platform };

/** The ssh client and its extra options (already checked by the caller's settings or argument parsing). */
export interface SshClient {
  sshPath: string;
  extraArgs: readonly string[];
}

/** Host → transport, decided here once for the CLI and the panel: `undefined` is this machine. */
export function transportFor(target: HostTarget | undefined, ssh: SshClient, platform: NodeJS.Platform = process.platform): InspectorTransport {
  if (target !== undefined) return { kind: 'ssh', target, sshPath: ssh.sshPath, extraArgs: ssh.extraArgs };
  return platform === 'linux' ? { kind: 'local' } : { kind: 'platform-table', platform };
}
