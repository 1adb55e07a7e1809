import { LOCAL_HOST_ID, validateHost, type HostTarget } from './hostValidation';

/**
 * What a host string means, decided in one place for the CLI and the editor:
 *  - nothing, or THIS_MACHINE_ID (what the picker's "This machine" returns): this machine;
 *  - a string that is exactly a concrete `Host` alias of the ssh config: that alias, passed to ssh as
 *    written — so `Host local` is a remote host, and `Host name:2222` is the alias `name:2222`, not host
 *    `name` on port 2222 (ssh itself matches the whole argument against its Host patterns);
 *  - `local` when no such alias exists: this machine (the documented shorthand);
 *  - anything else: `[user@]host[:port]`, validated (`host:port` goes to ssh as `-p PORT -- host`).
 */
export const THIS_MACHINE_ID = '@this-machine';

export type HostChoice = { kind: 'local' } | { kind: 'ssh'; target: HostTarget } | { kind: 'refused'; reason: string };

export function resolveHostChoice(input: string | undefined, configAliases: ReadonlySet<string>): HostChoice {
  if (input === undefined || input === '' || input === THIS_MACHINE_ID) return { kind: 'local' };
  if (configAliases.has(input)) {
    const alias = validateHost(input, { alias: true });
    return alias.ok ? { kind: 'ssh', target: alias.target } : { kind: 'refused', reason: alias.reason };
  }
  if (input === LOCAL_HOST_ID) return { kind: 'local' };
  const check = validateHost(input);
  return check.ok ? { kind: 'ssh', target: check.target } : { kind: 'refused', reason: check.reason };
}

/** The ssh config file named in extra ssh arguments (`-F FILE` or `-FFILE`), if any. */
export function configFileFromSshArgs(args: readonly string[]): string | undefined {
  let found: string | undefined;
  for (let i = 0; i < args.length; i++) {
    const a = args[i]!;
    if (a === '-F' && i + 1 < args.length) found = args[++i];
    else if (/^-F./.test(a)) found = a.slice(2);
  }
  return found;
}
