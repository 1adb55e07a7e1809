import { spawn, type ChildProcess } from 'node:child_process';
import { resolveProgram, tiedToParent } from './childLifetime';
import { FrameParser, type Frame, type FrameRejection } from './frameParser';
import type { HostTarget } from './hostValidation';
import { buildSshArgs } from './sshArgs';
import { classifySshFailure, type ConnectionError } from './sshErrors';

export type CollectorTransport =
  | { kind: 'ssh'; target: HostTarget; sshPath: string; extraArgs: readonly string[] }
  | { kind: 'local'; shellPath?: string; env?: NodeJS.ProcessEnv };

export interface CollectorEvents {
  onFrame(frame: Frame): void;
  onReject?(rejection: FrameRejection): void;
  onNoise?(line: string): void;
  /** The process ended. `error` is undefined when it was stopped on purpose or a one-shot run finished. */
  onExit(error: ConnectionError | undefined, info: { code: number | null; signal: string | null; stderr: string }): void;
}

export interface RunningCollector {
  readonly pid: number | undefined;
  /** The logical command line (ssh or sh and its arguments), without the parent-death wrapper. */
  readonly argv: readonly string[];
  /** Ends the process and its process group; resolves when the process has exited (not when its pipes close). */
  stop(): Promise<void>;
  /** Resolves when the process has exited. */
  readonly exited: Promise<void>;
}

const STDERR_KEEP = 8192;
/** After the process exits, how long to wait for its pipes to drain before reporting (a grandchild may hold them). */
const DRAIN_AFTER_EXIT_MS = 300;
/** SIGTERM, then SIGKILL after this long. */
const KILL_AFTER_MS = 2000;
/** stop() gives up waiting this long after SIGKILL (a process stuck in the kernel must not hang dispose()). */
const GIVE_UP_AFTER_KILL_MS = 3000;

/**
 * Starts the collector: `ssh [options] -- HOST sh -s` (no shell on this side; the script goes to stdin),
 * or `/bin/sh -s` locally. One long-lived process per inspected host, in its own process group (so stop()
 * also ends what it started, such as a ProxyCommand from ~/.ssh/config) and, on Linux, tied to this
 * process's life (see childLifetime.ts).
 */
export function startCollector(transport: CollectorTransport, script: string, events: CollectorEvents): RunningCollector {
  let command: string;
  let args: string[];
  if (transport.kind === 'ssh') {
    command = transport.sshPath;
    args = buildSshArgs(transport.target, transport.extraArgs);
  } else {
    command = transport.shellPath ?? '/bin/sh';
    args = ['-s'];
  }
  const argv = [command, ...args];
  const resolved = resolveProgram(command);
  if (resolved === undefined) return notFound(command, argv, events);
  const wrapped = tiedToParent(resolved, args);
  const child: ChildProcess = spawn(wrapped.command, wrapped.args, {
    stdio: ['pipe', 'pipe', 'pipe'],
    shell: false,
    windowsHide: true,
    // Its own process group: stop() signals the group, so children of ssh or of the local shell end too.
    detached: process.platform !== 'win32',
    env: transport.kind === 'local' ? (transport.env ?? process.env) : process.env,
  });
  let stderr = '';
  const noiseTail: string[] = [];
  let stopping = false;
  let exitedFlag = false;
  let reported = false;
  const parser = new FrameParser({
    onFrame: events.onFrame,
    onReject: events.onReject,
    onNoise: (line) => {
      noiseTail.push(line);
      if (noiseTail.length > 5) noiseTail.shift();
      events.onNoise?.(line);
    },
  });
  child.stdout!.on('data', (chunk: Buffer) => parser.push(chunk));
  child.stderr!.on('data', (chunk: Buffer) => {
    stderr = (stderr + chunk.toString('utf8')).slice(-STDERR_KEEP);
  });
  child.stdin!.on('error', () => {
    /* the process may exit before reading the script (e.g. ssh fails early) */
  });
  let spawnError: Error | undefined;
  let exitInfo: { code: number | null; signal: string | null } = { code: null, signal: null };

  const killGroup = (sig: NodeJS.Signals): void => {
    if (child.pid === undefined) return;
    try {
      if (process.platform !== 'win32') process.kill(-child.pid, sig);
      else child.kill(sig);
    } catch {
      /* the group is already empty */
    }
  };

  const report = (): void => {
    if (reported) return;
    reported = true;
    parser.end();
    const { code, signal } = exitInfo;
    let error: ConnectionError | undefined;
    if (spawnError) {
      const missing = (spawnError as NodeJS.ErrnoException).code === 'ENOENT';
      error = {
        kind: missing ? 'ssh-not-found' : 'collector-failed',
        reason: missing ? `${command} not found` : 'could not start',
        detail: spawnError.message,
        permanent: missing,
      };
    } else if (!stopping && !(code === 0 && signal === null)) {
      error = classifySshFailure(stderr, code, signal, noiseTail);
    }
    events.onExit(error, { code, signal, stderr });
    // Nothing of this run may keep the event loop (or a pipe) alive after it is reported.
    child.stdout?.destroy();
    child.stderr?.destroy();
    child.stdin?.destroy();
  };

  const exited = new Promise<void>((resolve) => {
    child.once('error', (err) => {
      spawnError = err;
      exitedFlag = true;
      report();
      resolve();
    });
    child.once('exit', (code, signal) => {
      exitedFlag = true;
      exitInfo = { code, signal };
      // What the process started may still run in its group (and hold the pipes): end it.
      killGroup('SIGKILL');
      const drain = setTimeout(report, DRAIN_AFTER_EXIT_MS);
      child.once('close', () => {
        clearTimeout(drain);
        report();
      });
      resolve();
    });
  });
  child.stdin!.end(script);

  return {
    pid: child.pid,
    argv,
    exited,
    async stop() {
      if (exitedFlag) return exited;
      stopping = true;
      killGroup('SIGTERM');
      let giveUp: NodeJS.Timeout | undefined;
      const timer = setTimeout(() => killGroup('SIGKILL'), KILL_AFTER_MS);
      await Promise.race([exited, new Promise<void>((resolve) => (giveUp = setTimeout(resolve, KILL_AFTER_MS + GIVE_UP_AFTER_KILL_MS)))]);
      clearTimeout(timer);
      clearTimeout(giveUp);
    },
  };
}

/** The program does not exist: report it like a failed spawn, without starting anything. */
function notFound(command: string, argv: readonly string[], events: CollectorEvents): RunningCollector {
  const exited = new Promise<void>((resolve) => {
    setImmediate(() => {
      events.onExit(
        { kind: 'ssh-not-found', reason: `${command} not found`, detail: `${command}: no such executable file`, permanent: true },
        { code: null, signal: null, stderr: '' },
      );
      resolve();
    });
  });
  return { pid: undefined, argv, exited, stop: () => exited };
}
