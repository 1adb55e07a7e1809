/**
 * Only validateHost makes a HostTarget: the brand below has no value a caller could write, so a raw string or a
 * hand-built object does not compile where a HostTarget is expected, and what reaches ssh has been validated once.
 */
export declare const HOST_TARGET_BRAND: unique symbol;

/** A host the user wants to inspect: an ssh alias, host, user@host or user@host:port (validated; see validateHost). */
export interface HostTarget {
  /** What is passed to ssh after `--` (alias, host or user@host), without the port. */
  readonly destination: string;
  readonly port: number | undefined;
  /** The text the user entered / picked, for display and the recent list. */
  readonly label: string;
  /**
   * An ssh config `Host` alias taken literally (it may contain ":", as in `Host name:2222`): passed to ssh
   * as written, never split into host and port.
   */
  readonly alias?: boolean;
  readonly [HOST_TARGET_BRAND]: true;
}

/** The targets validateHost made (frozen): the runtime side of the brand, for a caller that cast its way past tsc. */
const issued = new WeakSet<object>();

function issue(fields: { destination: string; port: number | undefined; label: string; alias?: boolean }): HostTarget {
  const target = Object.freeze({ ...fields }) as HostTarget;
  issued.add(target);
  return target;
}

/** Whether `value` is a HostTarget made by validateHost (and not a look-alike). */
export function isHostTarget(value: unknown): value is HostTarget {
  return typeof value === 'object' && value !== null && issued.has(value);
}

export const LOCAL_HOST_ID = 'local';

export type HostValidation = { ok: true; target: HostTarget } | { ok: false; reason: string };

// Shell metacharacters and other characters never valid in a host name, alias or user name.
const FORBIDDEN: ReadonlyArray<[RegExp, string]> = [
  [/[\u0000-\u001f\u007f]/, 'contains a control character (such as a newline)'],
  [/\s/, 'contains whitespace'],
  [/[;|&$`()<>\\'"*?{}!#~^,=]/, 'contains a shell metacharacter'],
  [/[[\]]/, 'contains a bracket (for IPv6 use the address without brackets or an ssh config alias)'],
  [/[/]/, 'contains a slash'],
];

/**
 * Validates a host string before anything runs. Accepts `alias`, `host`, `user@host`, `host:port`,
 * `user@host:port`, and bare IPv6 addresses. Refuses anything ssh could read as an option and anything
 * with shell metacharacters, whitespace or control characters — with the reason.
 */
export function validateHost(input: string, options: { alias?: boolean } = {}): HostValidation {
  if (typeof input !== 'string' || input.length === 0) return { ok: false, reason: 'The host is empty.' };
  if (input.length > 255) return { ok: false, reason: 'The host is longer than 255 characters.' };
  if (input.startsWith('-')) {
    return { ok: false, reason: `"${printable(input)}" starts with "-", which ssh would read as an option.` };
  }
  for (const [pattern, why] of FORBIDDEN) {
    const m = pattern.exec(input);
    if (m) return { ok: false, reason: `"${printable(input)}" ${why}: ${JSON.stringify(m[0])} is not allowed in a host.` };
  }
  let rest = input;
  let user: string | undefined;
  const at = rest.lastIndexOf('@');
  if (at >= 0) {
    user = rest.slice(0, at);
    rest = rest.slice(at + 1);
    if (!/^[A-Za-z0-9._][A-Za-z0-9._-]*$/.test(user)) {
      return { ok: false, reason: `The user name "${printable(user)}" may only contain letters, digits, ".", "_" and "-".` };
    }
  }
  let port: number | undefined;
  const colons = (rest.match(/:/g) ?? []).length;
  if (options.alias) {
    if (!/^[A-Za-z0-9_][A-Za-z0-9._:-]*$/.test(rest)) {
      return { ok: false, reason: `The ssh alias "${printable(rest)}" may only contain letters, digits, ".", "_", ":" and "-".` };
    }
    return { ok: true, target: issue({ destination: user !== undefined ? `${user}@${rest}` : rest, port: undefined, label: input, alias: true }) };
  }
  if (colons === 1) {
    const [h, p] = rest.split(':') as [string, string];
    if (!/^\d{1,5}$/.test(p) || Number(p) < 1 || Number(p) > 65535) {
      return { ok: false, reason: `The port "${printable(p)}" must be a number from 1 to 65535.` };
    }
    rest = h;
    port = Number(p);
  }
  if (rest.length === 0) return { ok: false, reason: 'The host name is empty.' };
  if (rest.startsWith('-') || rest.startsWith('.')) {
    return { ok: false, reason: `The host name "${printable(rest)}" must start with a letter or digit.` };
  }
  const isIpv6 = colons >= 2 && /^[0-9A-Fa-f:.]+(%[A-Za-z0-9_.-]+)?$/.test(rest);
  if (!isIpv6 && !/^[A-Za-z0-9_][A-Za-z0-9._-]*$/.test(rest)) {
    return { ok: false, reason: `The host name "${printable(rest)}" may only contain letters, digits, ".", "_" and "-".` };
  }
  return { ok: true, target: issue({ destination: user !== undefined ? `${user}@${rest}` : rest, port, label: input }) };
}

function printable(text: string): string {
  return text.replace(/[\u0000-\u001f\u007f]/g, (c) => `\\x${c.charCodeAt(0).toString(16).padStart(2, '0')}`).slice(0, 80);
}
