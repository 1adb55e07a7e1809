import { spawn, type ChildProcess } from 'node:child_process';
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
  readonly argv: readonly string[];
  /** Ends the process (and, for local runs, its process group); resolves when it has exited. */
  stop(): Promise<void>;
  readonly exited: Promise<void>;
}

const STDERR_KEEP = 8192;

/**
 * Starts the collector: `ssh [options] -- HOST sh -s` (no shell on this side; the script goes to stdin),
 * or `/bin/sh -s` locally. One long-lived process per inspected host.
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
  const child: ChildProcess = spawn(command, args, {
    stdio: ['pipe', 'pipe', 'pipe'],
    shell: false,
    windowsHide: true,
    // Local runs get their own process group so stop() can end the shell's awk/sleep children too.
    detached: transport.kind === 'local',
    env: transport.kind === 'local' ? (transport.env ?? process.env) : process.env,
  });
  let stderr = '';
  let stopping = false;
  let exitedFlag = false;
  const parser = new FrameParser({
    onFrame: events.onFrame,
    onReject: events.onReject,
    onNoise: events.onNoise,
  });
  child.stdout!.on('data', (chunk: Buffer) => parser.push(chunk));
  child.stderr!.on('data', (chunk: Buffer) => {
    stderr = (stderr + chunk.toString('utf8')).slice(-STDERR_KEEP);
  });
  child.stdin!.on('error', () => {
    /* the process may exit before reading the script (e.g. ssh fails early) */
  });
  let spawnError: Error | undefined;
  child.on('error', (err) => {
    spawnError = err;
  });
  const exited = new Promise<void>((resolve) => {
    child.on('close', (code, signal) => {
      exitedFlag = true;
      parser.end();
      let error: ConnectionError | undefined;
      if (spawnError) {
        const notFound = (spawnError as NodeJS.ErrnoException).code === 'ENOENT';
        error = {
          kind: notFound ? 'ssh-not-found' : 'collector-failed',
          reason: notFound ? `${command} not found` : 'could not start',
          detail: spawnError.message,
          permanent: notFound,
        };
      } else if (!stopping && !(code === 0 && signal === null)) {
        error = classifySshFailure(stderr, code, signal);
      } else if (!stopping && code === 0) {
        error = undefined;
      }
      events.onExit(error, { code, signal, stderr });
      resolve();
    });
  });
  child.stdin!.end(script);

  const kill = (sig: NodeJS.Signals): void => {
    if (exitedFlag || child.pid === undefined) return;
    try {
      if (transport.kind === 'local' && process.platform !== 'win32') process.kill(-child.pid, sig);
      else child.kill(sig);
    } catch {
      /* already gone */
    }
  };
  return {
    pid: child.pid,
    argv: [command, ...args],
    exited,
    async stop() {
      if (exitedFlag) return exited;
      stopping = true;
      kill('SIGTERM');
      const timer = setTimeout(() => kill('SIGKILL'), 2000);
      await exited;
      clearTimeout(timer);
      // The local process group may still hold a sleeping child; end it.
      if (transport.kind === 'local' && child.pid !== undefined && process.platform !== 'win32') {
        try {
          process.kill(-child.pid, 'SIGKILL');
        } catch {
          /* group already empty */
        }
      }
    },
  };
}
