import { isHostTarget, type HostTarget } from './hostValidation';
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

/**
 * Builds the argv for ssh (no shell involved). The target was validated once, by validateHost (the only maker of a
 * HostTarget); a look-alike built past the type checker is refused here rather than validated again.
 */
export function buildSshArgs(target: HostTarget, extra: readonly string[]): string[] {
  if (!isHostTarget(target)) throw new Error('The ssh host was not validated (a HostTarget comes only from validateHost).');
  const extraCheck = checkSshOptionArgs(extra);
  if (!extraCheck.ok) throw new Error(extraCheck.reason);
  const port = target.port !== undefined ? ['-p', String(target.port)] : [];
  return [...BASE_SSH_OPTIONS, ...extra, ...port, '--', target.destination, ...REMOTE_COMMAND];
}
