import { spawn, type ChildProcess } from 'node:child_process';
import { stopChild } from './processes';

/**
 * Runs inside a network namespace (node -e): a server that never closes the connections it accepts
 * (allowHalfOpen, no end()), and a client that opens BATCH connections every INTERVAL ms and half-closes
 * them, for ROUNDS rounds. Each leaves one server socket in CLOSE_WAIT, so CLOSE_WAIT grows step by step
 * — the leak the close-wait rule calls "growing". Bounded: ROUNDS × BATCH connections; every socket is
 * held until the process is stopped.
 */
const CHILD_SOURCE = `
'use strict';
const net = require('node:net');
const [rounds, batch, interval] = process.argv.slice(-3).map(Number);
const held = [];
const server = net.createServer({ allowHalfOpen: true }, (socket) => {
  socket.on('error', () => {});
  held.push(socket);
});
server.listen(0, '127.0.0.1', () => {
  const port = server.address().port;
  let round = 0;
  const tick = () => {
    for (let i = 0; i < batch; i++) {
      const c = net.connect({ port, host: '127.0.0.1', allowHalfOpen: true }, () => c.end());
      c.on('error', () => {});
      held.push(c);
    }
    round++;
    process.stdout.write(String(round * batch) + '\\n');
    if (round < rounds) setTimeout(tick, interval);
  };
  tick();
});
`;

export interface CloseWaitGrowth {
  child: ChildProcess;
  /** Connections opened so far (each a server socket in CLOSE_WAIT once the client's FIN arrived). */
  opened(): number;
  stop(): Promise<void>;
}

export function startCloseWaitGrowth(ns: string, rounds: number, batch: number, intervalMs: number): CloseWaitGrowth {
  const child = spawn('ip', ['netns', 'exec', ns, process.execPath, '-e', CHILD_SOURCE, String(rounds), String(batch), String(intervalMs)], {
    stdio: ['ignore', 'pipe', 'ignore'],
  });
  let opened = 0;
  child.stdout!.on('data', (chunk: Buffer) => {
    const last = chunk.toString().trim().split('\n').at(-1);
    if (last) opened = Number(last);
  });
  return { child, opened: () => opened, stop: () => stopChild(child) };
}
