import { collectSnapshot, CollectError } from '$shared/inspector/collectSnapshot';
import { adviceFor } from '$shared/inspector/connectionAdvice';
import { configFileFromSshArgs, resolveHostChoice } from '$shared/inspector/hostChoice';
import { transportFor } from '$shared/inspector/inspectorTransport';
import { checkExtraArgs } from '$shared/inspector/sshArgs';
import { readSshConfigHosts } from '$shared/inspector/sshConfigHosts';
import { formatSnapshotText, toReport } from '$shared/inspector/snapshotReport';
import { escapeControl, terminalSafeJson } from '$shared/inspector/terminalText';
import { runWatch } from './inspectWatch';
import { parseCommandArgs } from './parseCommandArgs';

export const INSPECT_USAGE = `Usage: socket-lens inspect [HOST] [--json] [--watch SECONDS] [--timeout SECONDS]
         [--ssh PATH] [--ssh-config FILE] [--ssh-arg ARG]... [--proc]

Shows the live TCP state of HOST (an ssh alias, host, user@host or user@host:port) with tuning hints.
Without HOST (or with "local", unless the ssh config has a "Host local" alias) the collector runs on this
machine. A HOST that is exactly an ssh config alias is that alias, even with a ":" in it.
  --json           print JSON (with --watch: one JSON object per line)
  --watch SECONDS  refresh every SECONDS until interrupted: on a terminal a full-screen live view
                   (q or Ctrl-C quits); when stdout is not a terminal, one JSON object per line
  --ssh PATH       ssh client to run (default: ssh)
  --ssh-config F   pass -F F to ssh
  --ssh-arg ARG    extra ssh option (repeatable); options that weaken host key checking are refused
  --proc           count sockets from /proc/net/tcp{,6} instead of ss
  --timeout SECONDS  give up on a connection that sends no complete sample within SECONDS
                   (default 30; with --watch the session then retries with backoff)
`;

interface ParsedArgs {
  host: string | undefined;
  json: boolean;
  watch: number | undefined;
  sshPath: string;
  sshArgs: string[];
  proc: boolean;
  timeoutSeconds: number | undefined;
}

const INSPECT_OPTIONS = {
  json: { type: 'boolean' },
  proc: { type: 'boolean' },
  help: { type: 'boolean', short: 'h' },
  watch: { type: 'string' },
  timeout: { type: 'string' },
  ssh: { type: 'string' },
  'ssh-config': { type: 'string' },
  'ssh-arg': { type: 'string', multiple: true },
} as const;

function parseArgs(args: string[]): ParsedArgs | string {
  const result = parseCommandArgs('inspect', args, INSPECT_OPTIONS, ['ssh-arg']);
  if ('error' in result) return result.error.startsWith('unknown option') ? `${result.error} (a host may not start with "-")` : result.error;
  const v = result.values;
  if (v.help) return 'help';
  const parsed: ParsedArgs = { host: undefined, json: !!v.json, watch: undefined, sshPath: 'ssh', sshArgs: [], proc: !!v.proc, timeoutSeconds: undefined };
  if (v.watch !== undefined) {
    const n = Number(v.watch);
    if (!Number.isFinite(n) || n < 1) return '--watch needs a number of seconds >= 1';
    parsed.watch = Math.ceil(n);
  }
  if (v.timeout !== undefined) {
    const n = Number(v.timeout);
    if (!Number.isFinite(n) || n <= 0 || n > 86400) return '--timeout needs a number of seconds (0 < SECONDS <= 86400)';
    parsed.timeoutSeconds = n;
  }
  if (v.ssh !== undefined) {
    if (!v.ssh) return '--ssh needs a path';
    parsed.sshPath = v.ssh;
  }
  if (v['ssh-config'] !== undefined) {
    if (!v['ssh-config']) return '--ssh-config needs a file';
    parsed.sshArgs.push('-F', v['ssh-config']);
  }
  parsed.sshArgs.push(...(v['ssh-arg'] ?? []));
  const [host, ...extra] = result.positionals;
  // A host after `--` that starts with "-" is kept here and refused by host validation with its reason.
  parsed.host = host;
  if (extra.length > 0) return `unexpected argument ${JSON.stringify(extra[0])}`;
  return parsed;
}

const ONE_SHOT_SIGNALS: readonly NodeJS.Signals[] = ['SIGINT', 'SIGTERM', 'SIGHUP'];

/** Concrete Host aliases of the ssh config ssh will read (the -F file, else ~/.ssh/config and /etc/ssh/ssh_config). */
function configAliases(sshArgs: readonly string[]): Set<string> {
  const file = configFileFromSshArgs(sshArgs);
  const files = file !== undefined ? [file] : [undefined, '/etc/ssh/ssh_config'];
  const aliases = new Set<string>();
  for (const f of files) {
    try {
      for (const h of readSshConfigHosts(f)) aliases.add(h.alias);
    } catch {
      /* an unreadable config names no alias */
    }
  }
  return aliases;
}

/** `socket-lens inspect [HOST] [--json] [--watch SECONDS]`; returns the exit code (0 ok, 1 failed, 2 usage). */
export async function runInspectCommand(
  args: string[],
  io: { stdout: NodeJS.WritableStream; stderr: NodeJS.WritableStream },
  options: { signal?: AbortSignal; stdin?: NodeJS.ReadStream } = {},
): Promise<number> {
  const parsed = parseArgs(args);
  if (parsed === 'help') {
    io.stdout.write(INSPECT_USAGE);
    return 0;
  }
  if (typeof parsed === 'string') {
    io.stderr.write(`socket-lens inspect: ${escapeControl(parsed)} (see 'socket-lens inspect --help')\n`);
    return 2;
  }
  const choice = resolveHostChoice(parsed.host, configAliases(parsed.sshArgs));
  if (choice.kind === 'refused') {
    io.stderr.write(`socket-lens inspect: refused host: ${escapeControl(choice.reason)}\n`);
    return 2;
  }
  if (choice.kind === 'ssh') {
    const extra = checkExtraArgs(parsed.sshArgs);
    if (!extra.ok) {
      io.stderr.write(`socket-lens inspect: refused ssh option: ${escapeControl(extra.reason)}\n`);
      return 2;
    }
  }
  const target = choice.kind === 'ssh' ? choice.target : undefined;
  const label = target?.label ?? 'This machine';
  const transport = transportFor(target, { sshPath: parsed.sshPath, extraArgs: parsed.sshArgs });
  const source = parsed.proc ? 'proc' : 'auto';

  if (parsed.watch === undefined) {
    // ssh runs in its own process group, out of reach of the terminal's Ctrl-C: stop it on the way out.
    const interrupt = new AbortController();
    const onSignal = (): void => interrupt.abort();
    for (const sig of ONE_SHOT_SIGNALS) process.once(sig, onSignal);
    try {
      const result = await collectSnapshot(transport, {
        hostLabel: label,
        rateWindowSeconds: 1,
        socketTableSource: source,
        signal: interrupt.signal,
        ...(parsed.timeoutSeconds !== undefined ? { timeoutMs: parsed.timeoutSeconds * 1000 } : {}),
      });
      const report = toReport(result.snapshot, result.hints);
      io.stdout.write(parsed.json ? `${terminalSafeJson(report, 2)}\n` : formatSnapshotText(report));
      return 0;
    } catch (err) {
      const message = err instanceof CollectError ? `${err.error.reason} (${err.error.detail})` : (err as Error).message;
      io.stderr.write(`socket-lens inspect: ${escapeControl(label)}: ${escapeControl(message)}\n`);
      if (err instanceof CollectError && err.error.reason === 'interrupted') return 130;
      if (err instanceof CollectError) {
        const advice = adviceFor(err.error, target, parsed.sshArgs, parsed.sshPath);
        io.stderr.write(`  ${escapeControl(advice.todo)}\n${advice.command ? `  $ ${escapeControl(advice.command)}\n` : ''}`);
      }
      return 1;
    } finally {
      for (const sig of ONE_SHOT_SIGNALS) process.off(sig, onSignal);
    }
  }

  return runWatch({
    label,
    transport,
    source,
    seconds: parsed.watch,
    json: parsed.json,
    firstFrameTimeoutMs: parsed.timeoutSeconds !== undefined ? parsed.timeoutSeconds * 1000 : undefined,
    io,
    ...(options.stdin ? { stdin: options.stdin } : {}),
    ...(options.signal ? { signal: options.signal } : {}),
  });
}
