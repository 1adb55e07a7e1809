/**
 * The guard on extra ssh arguments (settings, `--ssh-arg`). They are parsed the way ssh's getopt reads
 * them — flags may be clustered (`-4C`), a flag that takes a value takes the rest of its cluster or the
 * next argument (`-CoStrictHostKeyChecking=no`, `-o X`) — and every `-o` value is read the way ssh reads
 * a config line: keyword case-insensitive, `=` or blanks between keyword and value, quotes and
 * backslashes removed from the value.
 *
 * Refused, with the reason:
 *  - anything that weakens host key checking: StrictHostKeyChecking other than yes/ask,
 *    UserKnownHostsFile / GlobalKnownHostsFile naming /dev/null or none, KnownHostsCommand,
 *    VerifyHostKeyDNS=yes;
 *  - anything that runs a local program: ProxyCommand, LocalCommand, PermitLocalCommand (use -J or
 *    ~/.ssh/config for a jump host);
 *  - anything that changes what the session is: a remote command or subsystem, -N, -f (background),
 *    -W, -G, -V, -Q, -O, -M, -t (a tty garbles the framing), -n, BatchMode other than yes,
 *    ControlPersist (a master that outlives the session), RequestTTY, SessionType, StdinNull,
 *    ForkAfterAuthentication;
 *  - forwarding (the inspector only reads): -L/-R/-D/-w/-A/-X/-Y and their -o spellings;
 *  - `--`, bare words, unknown flags and control characters.
 */
export type ExtraArgsCheck = { ok: true } | { ok: false; reason: string };

/** ssh's option letters without a value (from ssh.c's getopt string). */
const FLAGS = new Set('1246afgknqstvxACGKMNTVXYy'.split(''));
/** ssh's option letters that take a value. */
const WITH_VALUE = new Set('bceilmopBDEFIJLOPQRSwW'.split(''));

const REFUSED_FLAGS: Record<string, string> = {
  f: 'sends ssh to the background, where it would outlive the session',
  N: 'runs no remote command, so the collector would never start',
  n: 'closes stdin, so the collector script would never arrive',
  s: 'requests a subsystem instead of the collector',
  t: 'allocates a terminal, which echoes and garbles the collector output',
  G: 'prints the configuration instead of connecting',
  V: 'prints the version instead of connecting',
  M: 'makes this session a connection-sharing master',
  A: 'forwards your ssh agent to the host (the inspector only reads)',
  X: 'forwards X11 (the inspector only reads)',
  Y: 'forwards X11 (the inspector only reads)',
  L: 'forwards a port (the inspector only reads)',
  R: 'forwards a port (the inspector only reads)',
  D: 'opens a SOCKS port (the inspector only reads)',
  w: 'opens a tunnel device (the inspector only reads)',
  W: 'forwards stdio instead of running the collector',
  O: 'sends a control command instead of connecting',
  Q: 'queries algorithms instead of connecting',
};

const HOST_KEY = 'Socket Lens never weakens host key checking';
const LOCAL_PROGRAM = 'runs a local program; use -J or ~/.ssh/config for a jump host';

/**
 * keyword (lowercase) -> refusal reason for a value, or undefined to allow. `value` is lowercase and unquoted;
 * `raw` is the value as written (ssh keeps command values verbatim: `ProxyCommand="none"` runs a program
 * called `"none"`, so only a bare `none` is the keyword).
 */
const OPTION_RULES: Record<string, (value: string, raw: string) => string | undefined> = {
  stricthostkeychecking: (v) => (v === 'yes' || v === 'ask' || v === 'true' ? undefined : `turns off or relaxes host key checking; ${HOST_KEY}`),
  userknownhostsfile: (v) => (/(^|\s)(\/dev\/null|none|nul)(\s|$)/.test(v) ? `discards known host keys; ${HOST_KEY}` : undefined),
  globalknownhostsfile: (v) => (/(^|\s)(\/dev\/null|none|nul)(\s|$)/.test(v) ? `discards known host keys; ${HOST_KEY}` : undefined),
  knownhostscommand: () => `replaces host key lookup with a command; ${HOST_KEY}`,
  verifyhostkeydns: (v) => (v === 'no' || v === 'false' ? undefined : `trusts host keys from DNS; ${HOST_KEY}`),
  proxycommand: (_v, raw) => (raw === 'none' ? undefined : LOCAL_PROGRAM),
  localcommand: () => LOCAL_PROGRAM,
  permitlocalcommand: (v) => (v === 'no' || v === 'false' ? undefined : 'lets ssh run a local command'),
  remotecommand: (_v, raw) => (raw === 'none' ? undefined : 'replaces the collector with another remote command'),
  sessiontype: (v) => (v === 'default' ? undefined : 'changes the session type, so the collector would not run'),
  requesttty: (v) => (v === 'no' || v === 'false' ? undefined : 'allocates a terminal, which garbles the collector output'),
  stdinnull: (v) => (v === 'no' || v === 'false' ? undefined : 'closes stdin, so the collector script would never arrive'),
  forkafterauthentication: (v) => (v === 'no' || v === 'false' ? undefined : 'sends ssh to the background'),
  batchmode: (v) => (v === 'yes' || v === 'true' ? undefined : 'would let ssh prompt where no one can answer'),
  controlpersist: (v) => (v === 'no' || v === 'false' ? undefined : 'keeps a background master that outlives the session'),
  controlmaster: (v) => (v === 'no' || v === 'false' ? undefined : 'makes this session a connection-sharing master'),
  forwardagent: (v) => (v === 'no' || v === 'false' ? undefined : 'forwards your ssh agent to the host (the inspector only reads)'),
  forwardx11: (v) => (v === 'no' || v === 'false' ? undefined : 'forwards X11 (the inspector only reads)'),
  forwardx11trusted: (v) => (v === 'no' || v === 'false' ? undefined : 'forwards X11 (the inspector only reads)'),
  localforward: () => 'forwards a port (the inspector only reads)',
  remoteforward: () => 'forwards a port (the inspector only reads)',
  dynamicforward: () => 'opens a SOCKS port (the inspector only reads)',
  tunnel: (v) => (v === 'no' || v === 'false' ? undefined : 'opens a tunnel device (the inspector only reads)'),
  include: () => 'is not an option ssh accepts on the command line',
  match: () => 'is not an option ssh accepts on the command line',
  host: () => 'is not an option ssh accepts on the command line',
};

/**
 * Reads an `-o` value as ssh does: quotes and backslash escapes removed, the keyword up to blanks or
 * `=`, then the value. Over-approximates ssh (every quote is dropped), which only makes refusals wider.
 */
export function parseSshOption(text: string): { keyword: string; value: string; raw: string } {
  const unquoted = text.replace(/\\(.)/g, '$1').replace(/["']/g, '');
  const m = /^\s*([^\s=]*)\s*(?:=\s*)?(.*)$/s.exec(unquoted)!;
  const rawMatch = /^\s*[^\s=]*\s*(?:=\s*)?(.*)$/s.exec(text)!;
  return { keyword: m[1]!.toLowerCase(), value: m[2]!.trim().toLowerCase(), raw: rawMatch[1]!.trim().toLowerCase() };
}

function checkOption(text: string): string | undefined {
  const { keyword, value, raw } = parseSshOption(text);
  if (keyword === '') return 'An empty "-o" option.';
  const rule = OPTION_RULES[keyword];
  const why = rule?.(value, raw);
  return why === undefined ? undefined : `The ssh option "${text.trim()}" ${why}.`;
}

/** Checks extra ssh arguments (see the file comment for what is refused and why). */
export function checkSshOptionArgs(extra: readonly string[]): ExtraArgsCheck {
  for (let i = 0; i < extra.length; i++) {
    const arg = extra[i];
    if (typeof arg !== 'string' || arg.length === 0) return { ok: false, reason: 'Empty ssh option.' };
    if (/[\u0000-\u001f\u007f-\u009f]/.test(arg)) return { ok: false, reason: 'An ssh option contains a control character.' };
    if (arg === '--') return { ok: false, reason: '"--" is added by Socket Lens; do not put it in the extra options.' };
    if (!arg.startsWith('-') || arg === '-') {
      return { ok: false, reason: `"${arg}" is not an ssh option (extra options must start with "-").` };
    }
    if (arg.startsWith('--')) return { ok: false, reason: `"${arg}": ssh has no long options.` };
    // One cluster: flags, then at most one flag that takes a value (the rest of the cluster or the next argument).
    for (let j = 1; j < arg.length; j++) {
      const letter = arg[j]!;
      const refused = REFUSED_FLAGS[letter];
      if (refused) return { ok: false, reason: `The ssh flag "-${letter}" (in "${arg}") ${refused}.` };
      if (FLAGS.has(letter)) continue;
      if (!WITH_VALUE.has(letter)) return { ok: false, reason: `"-${letter}" (in "${arg}") is not an ssh option.` };
      let value = arg.slice(j + 1);
      if (value === '') {
        i++;
        if (extra[i] === undefined) return { ok: false, reason: `"-${letter}" needs a value.` };
        value = extra[i]!;
        if (/[\u0000-\u001f\u007f-\u009f]/.test(value)) return { ok: false, reason: 'An ssh option contains a control character.' };
      }
      if (letter === 'o') {
        const why = checkOption(value);
        if (why) return { ok: false, reason: why };
      }
      break;
    }
  }
  return { ok: true };
}
