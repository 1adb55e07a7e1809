import { collectPlatformSnapshot, collectSnapshot, CollectError } from '../inspector/collectSnapshot';
import type { CollectorTransport } from '../inspector/collectorProcess';
import { configFileFromSshArgs, resolveHostChoice } from '../inspector/hostChoice';
import { InspectorSession } from '../inspector/inspectorSession';
import { checkExtraArgs } from '../inspector/sshArgs';
import { readSshConfigHosts } from '../inspector/sshConfigHosts';
import { formatSnapshotText, toReport } from '../inspector/snapshotReport';
import { escapeControl, terminalSafeJson } from '../inspector/terminalText';

export const INSPECT_USAGE = `Usage: socket-lens inspect [HOST] [--json] [--watch SECONDS]
         [--ssh PATH] [--ssh-config FILE] [--ssh-arg ARG]... [--proc]

Shows the live TCP state of HOST (an ssh alias, host, user@host or user@host:port) with tuning hints.
Without HOST (or with "local", unless the ssh config has a "Host local" alias) the collector runs on this
machine. A HOST that is exactly an ssh config alias is that alias, even with a ":" in it.
  --json           print JSON (with --watch: one JSON object per line)
  --watch SECONDS  refresh every SECONDS until interrupted
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

function parseArgs(args: string[]): ParsedArgs | string {
  const parsed: ParsedArgs = { host: undefined, json: false, watch: undefined, sshPath: 'ssh', sshArgs: [], proc: false, timeoutSeconds: undefined };
  const rest = args;
  for (let i = 0; i < rest.length; i++) {
    const a = rest[i]!;
    const value = (): string | undefined => rest[++i];
    if (a === '--json') parsed.json = true;
    else if (a === '--proc') parsed.proc = true;
    else if (a === '--watch') {
      const v = Number(value());
      if (!Number.isFinite(v) || v < 1) return '--watch needs a number of seconds >= 1';
      parsed.watch = Math.ceil(v);
    } else if (a === '--timeout') {
      const v = Number(value());
      if (!Number.isFinite(v) || v <= 0 || v > 86400) return '--timeout needs a number of seconds (0 < SECONDS <= 86400)';
      parsed.timeoutSeconds = v;
    } else if (a === '--ssh') {
      const v = value();
      if (!v) return '--ssh needs a path';
      parsed.sshPath = v;
    } else if (a === '--ssh-config') {
      const v = value();
      if (!v) return '--ssh-config needs a file';
      parsed.sshArgs.push('-F', v);
    } else if (a === '--ssh-arg') {
      const v = value();
      if (v === undefined) return '--ssh-arg needs a value';
      parsed.sshArgs.push(v);
    } else if (a === '--help' || a === '-h') return 'help';
    else if (a === '--') {
      if (i + 1 < rest.length) parsed.host = rest[++i];
    } else if (a.startsWith('-') && parsed.host === undefined && !/^--?[a-z]/.test(a)) {
      parsed.host = a; // rejected by validation below with a clear reason
    } else if (a.startsWith('-')) {
      // An unknown option, or a host string that starts with "-": both refused.
      return `unknown option ${JSON.stringify(a)} (a host may not start with "-")`;
    } else if (parsed.host === undefined) parsed.host = a;
    else return `unexpected argument ${JSON.stringify(a)}`;
  }
  return parsed;
}

/** Signals that end --watch cleanly (the terminal closing sends SIGHUP); the session is stopped first. */
const ENDING_SIGNALS: readonly NodeJS.Signals[] = ['SIGINT', 'SIGTERM', 'SIGHUP'];

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
  options: { signal?: AbortSignal } = {},
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
  const isLocal = choice.kind === 'local';
  let transport: CollectorTransport;
  let label: string;
  if (choice.kind === 'refused') {
    io.stderr.write(`socket-lens inspect: refused host: ${escapeControl(choice.reason)}\n`);
    return 2;
  } else if (choice.kind === 'local') {
    label = 'This machine';
    transport = { kind: 'local' };
  } else {
    const extra = checkExtraArgs(parsed.sshArgs);
    if (!extra.ok) {
      io.stderr.write(`socket-lens inspect: refused ssh option: ${escapeControl(extra.reason)}\n`);
      return 2;
    }
    label = choice.target.label;
    transport = { kind: 'ssh', target: choice.target, sshPath: parsed.sshPath, extraArgs: parsed.sshArgs };
  }
  const source = parsed.proc ? 'proc' : 'auto';

  if (parsed.watch === undefined) {
    try {
      const result =
        isLocal && process.platform !== 'linux'
          ? await collectPlatformSnapshot(process.platform, label)
          : await collectSnapshot(transport, {
              hostLabel: label,
              rateWindowSeconds: 1,
              socketTableSource: source,
              ...(parsed.timeoutSeconds !== undefined ? { timeoutMs: parsed.timeoutSeconds * 1000 } : {}),
            });
      const report = toReport(result.snapshot, result.hints);
      io.stdout.write(parsed.json ? terminalSafeJson(report, 2) + '\n' : formatSnapshotText(report));
      return 0;
    } catch (err) {
      const message = err instanceof CollectError ? `${err.error.reason} (${err.error.detail})` : (err as Error).message;
      io.stderr.write(`socket-lens inspect: ${escapeControl(label)}: ${escapeControl(message)}\n`);
      return 1;
    }
  }

  // --watch: one long-lived session; print on every socket-table sample.
  const seconds = parsed.watch;
  return new Promise<number>((resolve) => {
    let lastStatus = '';
    const session = new InspectorSession({
      hostLabel: label,
      transport,
      socketTableSource: source,
      ...(parsed.timeoutSeconds !== undefined ? { firstFrameTimeoutMs: parsed.timeoutSeconds * 1000 } : {}),
      intervals: { counterIntervalSeconds: seconds, socketTableIntervalSeconds: seconds, sysctlIntervalSeconds: Math.max(60, seconds) },
      onStatus: (status) => {
        const text =
          status.state === 'error'
            ? `error: ${status.error.reason} (${status.error.detail})${status.retryInMs !== undefined ? `; retrying in ${Math.round(status.retryInMs / 1000)} s` : ''}`
            : status.state;
        if (text !== lastStatus && status.state !== 'live') io.stderr.write(`[${new Date().toISOString()}] ${escapeControl(label)}: ${escapeControl(text)}\n`);
        lastStatus = text;
        if (status.state === 'error' && status.retryInMs === undefined) void finish(1);
      },
      onSnapshot: (snapshot, hints) => {
        const report = toReport(snapshot, hints);
        if (parsed.json) io.stdout.write(terminalSafeJson(report) + '\n');
        else {
          const isTty = (io.stdout as NodeJS.WriteStream).isTTY === true;
          io.stdout.write((isTty ? '\x1b[2J\x1b[H' : '\n') + formatSnapshotText(report));
        }
      },
    });
    let done = false;
    const finish = async (code: number): Promise<void> => {
      if (done) return;
      done = true;
      for (const sig of ENDING_SIGNALS) process.off(sig, onSignal);
      await session.stop();
      resolve(code);
    };
    const onSignal = (): void => void finish(0);
    for (const sig of ENDING_SIGNALS) process.on(sig, onSignal);
    options.signal?.addEventListener('abort', () => void finish(0), { once: true });
    if (isLocal && process.platform !== 'linux') {
      // macOS / Windows: no collector; poll the platform's socket table tool instead.
      io.stderr.write('socket-lens inspect: on this platform only the socket table is available (no kernel counters)\n');
      const poll = (): void => {
        collectPlatformSnapshot(process.platform, label).then(
          (r) => {
            const report = toReport(r.snapshot, r.hints);
            io.stdout.write(parsed.json ? terminalSafeJson(report) + '\n' : '\n' + formatSnapshotText(report));
          },
          (err: Error) => io.stderr.write(`socket-lens inspect: ${escapeControl(err.message)}\n`),
        );
      };
      poll();
      const timer = setInterval(poll, seconds * 1000);
      const stopPolling = (): void => clearInterval(timer);
      for (const sig of ENDING_SIGNALS) process.once(sig, stopPolling);
      options.signal?.addEventListener('abort', stopPolling, { once: true });
      return;
    }
    session.start();
  });
}
