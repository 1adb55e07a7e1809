/** Small process helpers for the editor harness: free ports, process-group kills, and a leftover-process check. */
import * as fs from 'node:fs';
import * as net from 'node:net';

/** Asks the kernel for a free TCP port on 127.0.0.1. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => (typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port'))));
    });
  });
}

/** Throws a clear error when 127.0.0.1:port is taken (else code-server would fail and a waiter would see the other listener). */
export function assertPortFree(port: number): Promise<void> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', (error: NodeJS.ErrnoException) =>
      reject(new Error(error.code === 'EADDRINUSE' ? `127.0.0.1:${port} is already in use` : error.message)),
    );
    server.listen(port, '127.0.0.1', () => server.close(() => resolve()));
  });
}

/** Resolves once something accepts TCP connections on 127.0.0.1:port, or rejects after timeoutMs. */
export async function waitForPort(port: number, timeoutMs: number, isAlive: () => boolean = () => true): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (!isAlive()) throw new Error(`the process that should listen on port ${port} exited`);
    const open = await new Promise<boolean>((resolve) => {
      const socket = net.connect(port, '127.0.0.1');
      socket.once('connect', () => {
        socket.destroy();
        resolve(true);
      });
      socket.once('error', () => resolve(false));
    });
    if (open) return;
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  throw new Error(`nothing listened on 127.0.0.1:${port} within ${timeoutMs} ms`);
}

/** Pids of live processes (other than this one) whose command line or environment contains `marker`. */
export function processesMentioning(marker: string): Array<{ pid: number; command: string }> {
  const found: Array<{ pid: number; command: string }> = [];
  for (const entry of fs.readdirSync('/proc')) {
    if (!/^\d+$/.test(entry) || Number(entry) === process.pid) continue;
    try {
      const stat = fs.readFileSync(`/proc/${entry}/stat`, 'utf8');
      if (/^\d+ \(.*\) Z /s.test(stat)) continue; // zombies are already dead
      const command = fs.readFileSync(`/proc/${entry}/cmdline`, 'utf8').replace(/\0/g, ' ').trim();
      let environment = '';
      try {
        environment = fs.readFileSync(`/proc/${entry}/environ`, 'utf8');
      } catch {
        // not ours to read: then not ours at all
      }
      if (command.includes(marker) || environment.includes(marker)) found.push({ pid: Number(entry), command });
    } catch {
      // the process exited while we looked
    }
  }
  return found;
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

/** SIGTERM to a process group, then SIGKILL after graceMs if its leader is still there. */
export async function killProcessGroup(pgid: number, graceMs = 3000): Promise<void> {
  try {
    process.kill(-pgid, 'SIGTERM');
  } catch {
    return; // already gone
  }
  const deadline = Date.now() + graceMs;
  while (Date.now() < deadline && alive(pgid)) await new Promise((resolve) => setTimeout(resolve, 100));
  try {
    process.kill(-pgid, 'SIGKILL');
  } catch {
    // all gone
  }
}

interface ProcessStat {
  pid: number;
  ppid: number;
  /** Start time in clock ticks since boot: (pid, startTime) names a process even if the pid is reused. */
  startTime: number;
  zombie: boolean;
}

function readStat(pid: number): ProcessStat | undefined {
  try {
    const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return { pid, ppid: Number(fields[1]), startTime: Number(fields[19]), zombie: fields[0] === 'Z' };
  } catch {
    return undefined;
  }
}

export interface ProcessIdentity {
  pid: number;
  startTime: number;
  command: string;
}

/**
 * The processes that mention `marker` and all their descendants (Chromium's zygote and renderers do not carry the
 * marker themselves). Take this while everything runs, then check it with survivors() after stopping.
 */
export function markedProcessTree(marker: string): ProcessIdentity[] {
  const stats = fs
    .readdirSync('/proc')
    .filter((entry) => /^\d+$/.test(entry))
    .map((entry) => readStat(Number(entry)))
    .filter((stat): stat is ProcessStat => stat !== undefined && !stat.zombie);
  const children = new Map<number, number[]>();
  for (const stat of stats) children.set(stat.ppid, [...(children.get(stat.ppid) ?? []), stat.pid]);
  const found = new Set<number>();
  const queue = processesMentioning(marker).map((p) => p.pid);
  while (queue.length > 0) {
    const pid = queue.pop() as number;
    if (found.has(pid) || pid === process.pid) continue;
    found.add(pid);
    queue.push(...(children.get(pid) ?? []));
  }
  return [...found].flatMap((pid) => {
    const stat = readStat(pid);
    if (!stat) return [];
    let command = '';
    try {
      command = fs.readFileSync(`/proc/${pid}/cmdline`, 'utf8').replace(/\0/g, ' ').trim();
    } catch {
      // exited meanwhile
    }
    return [{ pid, startTime: stat.startTime, command }];
  });
}

/** The processes of a snapshot that still run (same pid and start time, not a zombie). */
export function survivors(snapshot: ProcessIdentity[]): ProcessIdentity[] {
  return snapshot.filter((identity) => {
    const stat = readStat(identity.pid);
    return stat !== undefined && !stat.zombie && stat.startTime === identity.startTime;
  });
}

/**
 * Kills every process that still mentions `marker` (children that left the process group), waits until none is
 * left, and returns what had to be killed; throws if something survives SIGKILL.
 */
export async function killLeftovers(marker: string, snapshot: ProcessIdentity[] = [], timeoutMs = 5000): Promise<string[]> {
  const byPid = new Map([...processesMentioning(marker), ...survivors(snapshot)].map((p) => [p.pid, p]));
  const leftovers = [...byPid.values()];
  for (const { pid } of leftovers) {
    try {
      process.kill(pid, 'SIGKILL');
    } catch {
      // gone meanwhile
    }
  }
  const deadline = Date.now() + timeoutMs;
  const remaining = () => [...processesMentioning(marker), ...survivors(snapshot)];
  while (remaining().length > 0) {
    if (Date.now() > deadline) {
      const still = remaining().map((p) => `${p.pid} ${p.command}`);
      throw new Error(`processes survived SIGKILL:\n${still.join('\n')}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  return leftovers.map((p) => `${p.pid} ${p.command.slice(0, 160)}`);
}
