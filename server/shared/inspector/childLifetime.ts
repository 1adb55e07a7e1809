import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';

/**
 * Ties a collector's life to the process that started it. On Linux the command is started through
 * util-linux's `setpriv --pdeathsig KILL` (a fixed path, never looked up in PATH), which sets
 * PR_SET_PDEATHSIG before exec: when the editor or the CLI dies — even by SIGKILL — the kernel kills ssh
 * at once, instead of ssh lingering until its next write to the dead pipe (forever, against a silent
 * remote). Where setpriv is missing (macOS, Windows, minimal images) the command runs as is, and only
 * stop() / the signal handlers end it.
 */
const SETPRIV = '/usr/bin/setpriv';
let setprivWorks: boolean | undefined;

function canUseSetpriv(): boolean {
  if (setprivWorks === undefined) {
    setprivWorks = false;
    if (process.platform === 'linux' && fs.existsSync(SETPRIV)) {
      const probe = spawnSync(SETPRIV, ['--pdeathsig', 'KILL', '--', '/bin/true'], { stdio: 'ignore', timeout: 5000 });
      setprivWorks = probe.status === 0;
    }
  }
  return setprivWorks;
}

/** Whether started commands die with this process (for status and documentation). */
export function diesWithParent(): boolean {
  return canUseSetpriv();
}

/**
 * Finds a program the way execvp would (a name with a slash is taken as a path), so that "not found" is
 * known before spawning and the wrapper gets an absolute path. Returns undefined when it is missing or not
 * executable.
 */
export function resolveProgram(program: string, envPath = process.env.PATH ?? ''): string | undefined {
  const executable = (file: string): boolean => {
    try {
      fs.accessSync(file, fs.constants.X_OK);
      return fs.statSync(file).isFile();
    } catch {
      return false;
    }
  };
  if (program.includes('/')) return executable(program) ? path.resolve(program) : undefined;
  if (process.platform === 'win32') return program; // PATHEXT lookup is left to spawn there
  for (const dir of envPath.split(path.delimiter)) {
    if (dir === '') continue;
    const candidate = path.join(dir, program);
    if (executable(candidate)) return candidate;
  }
  return undefined;
}

/** The command and argv to spawn so that the child dies with this process where the platform allows. */
export function tiedToParent(command: string, args: readonly string[]): { command: string; args: string[] } {
  if (!canUseSetpriv()) return { command, args: [...args] };
  return { command: SETPRIV, args: ['--pdeathsig', 'KILL', '--', command, ...args] };
}
