import { execFile } from 'node:child_process';
import * as path from 'node:path';

/** Leaves `count` client sockets in TIME_WAIT inside namespace `ns` (a bounded loop; returns when done). */
export function timeWaitLoad(ns: string, count: number): Promise<{ port: number; done: number; failed: number }> {
  const script = path.join(__dirname, 'timeWaitLoadChild.js');
  return new Promise((resolve, reject) => {
    execFile('ip', ['netns', 'exec', ns, process.execPath, script, String(count)], { timeout: 60000 }, (err, stdout, stderr) => {
      if (err) reject(new Error(`load in ${ns} failed: ${err.message} ${stderr}`));
      else resolve(JSON.parse(stdout.trim()));
    });
  });
}
