import type { HostTarget } from './hostValidation';
import type { ConnectionError } from './sshErrors';

/** What to tell the user about a failed connection: what happened, what to do, and a command to run when there is one. */
export interface ConnectionAdvice {
  what: string;
  todo: string;
  /** A shell command line to run in a terminal (arguments quoted for sh). */
  command?: string;
}

/** Quotes one argument for a POSIX shell when it needs it. */
export function shellQuote(arg: string): string {
  return /^[A-Za-z0-9_@%+=:,./-]+$/.test(arg) ? arg : `'${arg.replace(/'/g, `'\\''`)}'`;
}

/** The interactive `ssh` command that connects the way the inspector does (same options, port and destination). */
export function interactiveSshCommand(target: HostTarget, extraArgs: readonly string[], sshPath = 'ssh'): string {
  const port = target.port !== undefined ? ['-p', String(target.port)] : [];
  return [sshPath, ...extraArgs, ...port, '--', target.destination, 'true'].map(shellQuote).join(' ');
}

/** The non-interactive login check: what the inspector needs to succeed. */
function batchModeCommand(target: HostTarget, extraArgs: readonly string[], sshPath: string): string {
  const port = target.port !== undefined ? ['-p', String(target.port)] : [];
  return [sshPath, '-o', 'BatchMode=yes', ...extraArgs, ...port, '--', target.destination, 'true'].map(shellQuote).join(' ');
}

function knownHostsName(target: HostTarget): string {
  const host = target.destination.includes('@') ? target.destination.slice(target.destination.lastIndexOf('@') + 1) : target.destination;
  return target.port !== undefined && target.port !== 22 ? `[${host}]:${target.port}` : host;
}

/**
 * Advice for a connection error. `target` is undefined for this machine. Commands are only proposed for ssh
 * hosts and are built from validated parts (the destination passed validation; options passed the guard).
 */
export function adviceFor(
  error: ConnectionError,
  target: HostTarget | undefined,
  extraArgs: readonly string[] = [],
  sshPath = 'ssh',
): ConnectionAdvice {
  const ssh = target ? interactiveSshCommand(target, extraArgs, sshPath) : undefined;
  switch (error.kind) {
    case 'host-key-unknown':
      return {
        what: 'The host key of this host is not in your known_hosts file, and the inspector never accepts a key by itself.',
        todo:
          'Connect once in a terminal, compare the fingerprint ssh shows with the one your administrator gives you, answer "yes", ' +
          'then press Retry.',
        ...(ssh ? { command: ssh } : {}),
      };
    case 'host-key-changed':
      return {
        what:
          'The host presented a different host key than the one in known_hosts. This can be a reinstalled host — or someone in the ' +
          'middle.',
        todo:
          'Check with the host administrator that the key really changed. Only then remove the old key, connect once in a terminal to ' +
          'accept the new one, and press Retry.',
        ...(target ? { command: `ssh-keygen -R ${shellQuote(knownHostsName(target))}` } : {}),
      };
    case 'auth-failed':
      return {
        what:
          'ssh reached the host but could not log in. The inspector runs ssh without prompts (BatchMode), so passwords and ' +
          'passphrases cannot be typed.',
        todo:
          'Load your key into ssh-agent (ssh-add) or set User and IdentityFile for this host in ~/.ssh/config; the command below must ' +
          'succeed without asking anything. Then press Retry.',
        ...(target ? { command: batchModeCommand(target, extraArgs, sshPath) } : {}),
      };
    case 'login-refused':
      return {
        what: `The account logged in, but its login shell refuses sessions (${error.detail}).`,
        todo:
          'Use an account whose login shell is a real shell (sh, bash); the collector only reads /proc and runs ss, so it needs no ' +
          'privileges.',
      };
    case 'timed-out':
      return error.reason === 'no data'
        ? {
            what:
              'The connection was made, but no complete sample arrived. The remote shell may be waiting for input, or printing ' +
              'something else instead of running the collector.',
            todo:
              'Run the command below in a terminal: it should print nothing and return at once. Fix what it shows (a login script ' +
              'that waits or prompts), then press Retry. The inspector retries by itself meanwhile.',
            ...(ssh ? { command: ssh } : {}),
          }
        : {
            what: 'The host did not answer in time.',
            todo:
              'Check that the host is up and reachable from this machine (VPN, firewall, a jump host with -J). The inspector retries ' +
              'by itself.',
          };
    case 'refused':
      return {
        what: 'Nothing accepts ssh connections on that port.',
        todo: 'Check the host and port (and that sshd runs there). The inspector retries by itself.',
      };
    case 'unreachable':
      return { what: 'There is no route to the host.', todo: 'Check the network path (VPN, firewall). The inspector retries by itself.' };
    case 'name-not-resolved':
      return { what: 'The host name does not resolve.', todo: 'Check its spelling, or add a Host entry with a HostName to ~/.ssh/config.' };
    case 'ssh-not-found':
      return {
        what: 'The ssh program was not found.',
        todo: 'Install the OpenSSH client, or set "socketLens.inspector.sshPath" in your user settings (socket-lens inspect: --ssh PATH).',
      };
    case 'connection-closed':
      return {
        what: 'The connection was closed.',
        todo: 'The inspector reconnects by itself; if it keeps failing, run the command below to see what the host says.',
        ...(ssh ? { command: ssh } : {}),
      };
    default:
      return {
        what: `The collector stopped: ${error.detail}`,
        todo: target ? 'Run the command below to see what the host prints on login.' : 'Check that /bin/sh and awk are on this machine.',
        ...(ssh ? { command: ssh } : {}),
      };
  }
}
