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

/**
 * Kills every process that still mentions `marker` (children that left the process group), waits until none is
 * left, and returns what had to be killed; throws if something survives SIGKILL.
 */
export async function killLeftovers(marker: string, timeoutMs = 5000): Promise<string[]> {
  const leftovers = processesMentioning(marker);
  for (const { pid } of leftovers) {
    try {
      process.kill(pid, 'SIGKILL');
    } catch {
      // gone meanwhile
    }
  }
  const deadline = Date.now() + timeoutMs;
  while (processesMentioning(marker).length > 0) {
    if (Date.now() > deadline) {
      const still = processesMentioning(marker).map((p) => `${p.pid} ${p.command}`);
      throw new Error(`processes survived SIGKILL:\n${still.join('\n')}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  return leftovers.map((p) => `${p.pid} ${p.command.slice(0, 160)}`);
}
