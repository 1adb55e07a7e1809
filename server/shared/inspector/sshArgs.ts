import { validateHost, type HostTarget } from './hostValidation';
import { checkSshOptionArgs } from './sshOptionGuard';

export { checkSshOptionArgs as checkExtraArgs, type ExtraArgsCheck } from './sshOptionGuard';

export const BASE_SSH_OPTIONS: readonly string[] = [
  '-T',
  '-o', 'BatchMode=yes',
  '-o', 'ConnectTimeout=10',
  '-o', 'ServerAliveInterval=15',
  '-o', 'ServerAliveCountMax=3',
];

/** The one fixed remote command; the collector script arrives on stdin. */
export const REMOTE_COMMAND: readonly string[] = ['sh', '-s'];

/** Builds the argv for ssh (no shell involved). Validates the host again (defence in depth). */
export function buildSshArgs(target: HostTarget, extra: readonly string[]): string[] {
  const asAlias = { alias: target.alias === true };
  const check = validateHost(target.label, asAlias);
  if (!check.ok) throw new Error(check.reason);
  const destination = validateHost(target.destination, asAlias);
  if (!destination.ok) throw new Error(destination.reason);
  if (destination.target.port !== undefined || destination.target.destination !== target.destination) {
    throw new Error('The ssh destination must not carry a port; it goes to -p.');
  }
  if (target.alias === true && target.port !== undefined) throw new Error('An ssh alias carries no port; its config block sets it.');
  if (target.port !== undefined && (!Number.isInteger(target.port) || target.port < 1 || target.port > 65535)) {
    throw new Error('The port must be a number from 1 to 65535.');
  }
  const extraCheck = checkSshOptionArgs(extra);
  if (!extraCheck.ok) throw new Error(extraCheck.reason);
  const port = target.port !== undefined ? ['-p', String(target.port)] : [];
  return [...BASE_SSH_OPTIONS, ...extra, ...port, '--', target.destination, ...REMOTE_COMMAND];
}
