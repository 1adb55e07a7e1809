import { spawn, execFile, type ChildProcess } from 'node:child_process';
import * as net from 'node:net';

/** Real loopback sockets in known TCP states. Everything is on 127.0.0.1. */

/** A server that ends its side once the client has ended: the client side (which closed first) ends in TIME_WAIT. */
export async function makeTimeWait(count: number, concurrency = 100): Promise<{ port: number; close(): Promise<void> }> {
  const server = net.createServer((socket) => {
    socket.on('end', () => socket.end());
    socket.on('error', () => undefined);
    socket.resume();
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const port = (server.address() as net.AddressInfo).port;
  let started = 0;
  const one = (): Promise<void> =>
    new Promise((resolve, reject) => {
      const c = net.connect(port, '127.0.0.1', () => c.end());
      c.on('error', reject);
      c.resume();
      c.on('close', () => resolve());
    });
  const worker = async (): Promise<void> => {
    while (started < count) {
      started++;
      await one();
    }
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, count) }, worker));
  return { port, close: () => new Promise<void>((r) => server.close(() => r())) };
}

/**
 * A server that keeps accepted sockets open after the peer closed (allowHalfOpen, never ends): those
 * sockets sit in CLOSE_WAIT. add(n) makes n more, so the count grows.
 */
export async function makeCloseWaitServer(): Promise<{ port: number; add(n: number): Promise<void>; count(): number; close(): Promise<void> }> {
  const held: net.Socket[] = [];
  const clients: net.Socket[] = [];
  const server = net.createServer({ allowHalfOpen: true }, (socket) => {
    held.push(socket);
    socket.on('error', () => undefined);
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const port = (server.address() as net.AddressInfo).port;
  return {
    port,
    count: () => held.length,
    async add(n: number) {
      const target = held.length + n;
      await Promise.all(
        Array.from(
          { length: n },
          () =>
            new Promise<void>((resolve, reject) => {
              const c = net.connect({ port, host: '127.0.0.1', allowHalfOpen: true }, () => {
                c.end();
                resolve();
              });
              c.on('error', reject);
              clients.push(c);
            }),
        ),
      );
      while (held.length < target) await new Promise((r) => setTimeout(r, 10));
      await new Promise((r) => setTimeout(r, 100)); // let the FINs arrive
    },
    async close() {
      for (const s of held) s.destroy();
      for (const c of clients) c.destroy();
      await new Promise<void>((r) => server.close(() => r()));
    },
  };
}

/**
 * A listener that never accepts (a perl child — perl-base is Essential on Debian: bind, listen(backlog),
 * sleep; Node's net.Server always accepts), then `connections`
 * clients: the accept queue fills to backlog + 1 and further handshakes are dropped.
 */
export async function makeFullAcceptQueue(backlog: number, connections: number): Promise<{ port: number; close(): Promise<void> }> {
  const program =
    'socket(my $s, PF_INET, SOCK_STREAM, 0) or die "socket: $!"; ' +
    'bind($s, pack_sockaddr_in(0, inet_aton("127.0.0.1"))) or die "bind: $!"; ' +
    `listen($s, ${Number(backlog)}) or die "listen: $!"; ` +
    'my ($port) = unpack_sockaddr_in(getsockname($s)); $| = 1; print "$port\\n"; sleep 600;';
  const child: ChildProcess = spawn('perl', ['-MSocket', '-e', program], { stdio: ['ignore', 'pipe', 'inherit'] });
  const port = await new Promise<number>((resolve, reject) => {
    child.stdout!.once('data', (d: Buffer) => resolve(Number(d.toString().trim())));
    child.once('error', reject);
  });
  const sockets: net.Socket[] = [];
  for (let i = 0; i < connections; i++) {
    const s = net.connect(port, '127.0.0.1');
    s.on('error', () => undefined);
    sockets.push(s);
  }
  await new Promise((r) => setTimeout(r, 500));
  return {
    port,
    async close() {
      for (const s of sockets) s.destroy();
      const exited = new Promise<void>((r) => child.once('exit', () => r()));
      child.kill('SIGKILL');
      await exited;
    },
  };
}

const SS_NAMES: Record<string, string> = {
  ESTAB: 'ESTABLISHED',
  'SYN-SENT': 'SYN_SENT',
  'SYN-RECV': 'SYN_RECV',
  'FIN-WAIT-1': 'FIN_WAIT1',
  'FIN-WAIT-2': 'FIN_WAIT2',
  'TIME-WAIT': 'TIME_WAIT',
  UNCONN: 'CLOSE',
  'CLOSE-WAIT': 'CLOSE_WAIT',
  'LAST-ACK': 'LAST_ACK',
  LISTEN: 'LISTEN',
  CLOSING: 'CLOSING',
};

export interface SsTable {
  states: Record<string, number>;
  rows: Array<{ state: string; recvQ: number; sendQ: number; local: string; peer: string }>;
}

/** `ss -tan` taken by the test itself, counted here (the reference the inspector is compared with). */
export function ssTable(): Promise<SsTable> {
  return new Promise((resolve, reject) => {
    execFile('ss', ['-tan'], { maxBuffer: 64 * 1024 * 1024 }, (err, stdout) => {
      if (err) return reject(err);
      const states: Record<string, number> = {};
      const rows: SsTable['rows'] = [];
      for (const line of stdout.split('\n').slice(1)) {
        const f = line.trim().split(/\s+/);
        if (f.length < 5) continue;
        const state = SS_NAMES[f[0]!] ?? f[0]!;
        states[state] = (states[state] ?? 0) + 1;
        rows.push({ state, recvQ: Number(f[1]), sendQ: Number(f[2]), local: f[3]!, peer: f[4]! });
      }
      resolve({ states, rows });
    });
  });
}
