import { execFile } from 'node:child_process';

/**
 * Runs inside a network namespace (node -e, so it also works from a bundle): opens COUNT connections to a
 * server of its own on 127.0.0.1 and closes each from the client side first, so each leaves one socket in
 * TIME_WAIT (for 60 s). Bounded: exactly COUNT connections, at most 50 at a time; prints what it did.
 */
const CHILD_SOURCE = `
'use strict';
const net = require('node:net');

const count = Number(process.argv[process.argv.length - 1]);
if (!Number.isInteger(count) || count < 1 || count > 20000) {
  process.stderr.write('usage: node -e SOURCE COUNT (1..20000)\\n');
  process.exit(2);
}
const server = net.createServer((socket) => {
  socket.on('error', () => {});
  socket.resume(); // the server closes after the client's FIN (allowHalfOpen is false)
});
server.listen(0, '127.0.0.1', async () => {
  const port = server.address().port;
  let done = 0;
  let failed = 0;
  const one = () =>
    new Promise((resolve) => {
      const socket = net.connect(port, '127.0.0.1', () => socket.end());
      socket.on('error', () => {
        failed++;
        resolve();
      });
      socket.on('close', () => {
        done++;
        resolve();
      });
      socket.resume();
    });
  let next = 0;
  const worker = async () => {
    while (next < count) {
      next++;
      await one();
    }
  };
  await Promise.all(Array.from({ length: Math.min(50, count) }, worker));
  server.close();
  process.stdout.write(JSON.stringify({ port, done, failed }) + '\\n');
});
`;

/** Leaves `count` client sockets in TIME_WAIT inside namespace `ns` (a bounded loop; returns when done). */
export function timeWaitLoad(ns: string, count: number): Promise<{ port: number; done: number; failed: number }> {
  return new Promise((resolve, reject) => {
    execFile('ip', ['netns', 'exec', ns, process.execPath, '-e', CHILD_SOURCE, String(count)], { timeout: 60000 }, (err, stdout, stderr) => {
      if (err) reject(new Error(`load in ${ns} failed: ${err.message} ${stderr}`));
      else resolve(JSON.parse(stdout.trim()));
    });
  });
}
