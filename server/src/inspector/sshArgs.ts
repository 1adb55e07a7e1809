import { validateHost, type HostTarget } from './hostValidation';

export const BASE_SSH_OPTIONS: readonly string[] = [
  '-T',
  '-o', 'BatchMode=yes',
  '-o', 'ConnectTimeout=10',
  '-o', 'ServerAliveInterval=15',
  '-o', 'ServerAliveCountMax=3',
];

/** The one fixed remote command; the collector script arrives on stdin. */
export const REMOTE_COMMAND: readonly string[] = ['sh', '-s'];

export type ExtraArgsCheck = { ok: true } | { ok: false; reason: string };

const WEAKENING: ReadonlyArray<[RegExp, string]> = [
  [/^stricthostkeychecking[\s=]+(no|off|false|accept-new)\b/i, 'turns off or relaxes host key checking'],
  [/^userknownhostsfile[\s=]+(\/dev\/null|nul)\b/i, 'discards known host keys'],
  [/^globalknownhostsfile[\s=]+(\/dev\/null|nul)\b/i, 'discards known host keys'],
  [/^knownhostscommand\b/i, 'replaces host key lookup with a command'],
  [/^(permitlocalcommand|localcommand)\b/i, 'runs a local command'],
];

/**
 * Checks extra ssh options from settings. Refuses anything that weakens host key checking
 * (StrictHostKeyChecking=no/accept-new, UserKnownHostsFile=/dev/null, …) and `--` or bare words
 * (which would change the destination).
 */
export function checkExtraArgs(extra: readonly string[]): ExtraArgsCheck {
  for (let i = 0; i < extra.length; i++) {
    const arg = extra[i];
    if (typeof arg !== 'string' || arg.length === 0) return { ok: false, reason: 'Empty ssh option.' };
    if (/[\u0000-\u001f\u007f]/.test(arg)) return { ok: false, reason: 'An ssh option contains a control character.' };
    if (arg === '--') return { ok: false, reason: '"--" is added by Socket Lens; do not put it in the extra options.' };
    let optionText: string | undefined;
    if (arg === '-o') {
      optionText = extra[i + 1];
      i++;
      if (optionText === undefined) return { ok: false, reason: '"-o" needs a value.' };
    } else if (arg.startsWith('-o')) {
      optionText = arg.slice(2);
    } else if (/^-[FiJlpcmEDLRWSbBQwO]$/.test(arg)) {
      i++; // option with a separate value
      if (extra[i] === undefined) return { ok: false, reason: `"${arg}" needs a value.` };
      continue;
    } else if (!arg.startsWith('-')) {
      return { ok: false, reason: `"${arg}" is not an ssh option (extra options must start with "-").` };
    }
    if (optionText !== undefined) {
      const normalized = optionText.trim();
      for (const [pattern, why] of WEAKENING) {
        if (pattern.test(normalized)) return { ok: false, reason: `The ssh option "${normalized}" ${why}; Socket Lens never weakens host key checking.` };
      }
    }
  }
  return { ok: true };
}

/** Builds the argv for ssh (no shell involved). Validates the host again (defence in depth). */
export function buildSshArgs(target: HostTarget, extra: readonly string[]): string[] {
  const check = validateHost(target.label);
  if (!check.ok) throw new Error(check.reason);
  const destination = validateHost(target.destination);
  if (!destination.ok) throw new Error(destination.reason);
  if (destination.target.port !== undefined || destination.target.destination !== target.destination) {
    throw new Error('The ssh destination must not carry a port; it goes to -p.');
  }
  if (target.port !== undefined && (!Number.isInteger(target.port) || target.port < 1 || target.port > 65535)) {
    throw new Error('The port must be a number from 1 to 65535.');
  }
  const extraCheck = checkExtraArgs(extra);
  if (!extraCheck.ok) throw new Error(extraCheck.reason);
  const port = target.port !== undefined ? ['-p', String(target.port)] : [];
  return [...BASE_SSH_OPTIONS, ...extra, ...port, '--', target.destination, ...REMOTE_COMMAND];
}
