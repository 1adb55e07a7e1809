import * as path from 'node:path';

/**
 * The sshd_config of a throw-away test sshd: keys and pid file in `dir`, public-key login only, no PAM, no
 * banners. Shared by the inspector tier (127.0.0.1) and the fleet tier (inside a network namespace).
 */
export function testSshdConfig(dir: string, listen: { address: string; port: number }, extraLines: readonly string[] = []): string {
  return [
    `Port ${listen.port}`,
    `ListenAddress ${listen.address}`,
    `HostKey ${path.join(dir, 'host_key')}`,
    `PidFile ${path.join(dir, 'sshd.pid')}`,
    `AuthorizedKeysFile ${path.join(dir, 'authorized_keys')}`,
    'StrictModes no',
    'UsePAM no',
    'PasswordAuthentication no',
    'KbdInteractiveAuthentication no',
    'PubkeyAuthentication yes',
    'PermitRootLogin prohibit-password',
    'PrintMotd no',
    'PrintLastLog no',
    'LogLevel INFO',
    // Last, so a `Match` block among them stays last.
    ...extraLines,
    '',
  ].join('\n');
}
