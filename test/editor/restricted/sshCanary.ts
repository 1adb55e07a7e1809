/**
 * Runner side of the restricted-mode run: a stand-in "ssh" program that must never run. If anything executes it, it
 * creates its marker file and exits 1 (printing nothing).
 */
import * as fs from 'node:fs';
import * as path from 'node:path';

export interface SshCanary {
  /** The executable script (what `socketLens.inspector.sshPath` points at). */
  script: string;
  /** The file the script creates when it runs. */
  marker: string;
}

export function createSshCanary(directory: string): SshCanary {
  fs.mkdirSync(directory, { recursive: true });
  const script = path.join(directory, 'ssh-canary.sh');
  const marker = path.join(directory, 'canary-ran');
  fs.rmSync(marker, { force: true });
  fs.writeFileSync(script, `#!/bin/sh\ntouch '${marker}'\nexit 1\n`, { mode: 0o755 });
  return { script, marker };
}
