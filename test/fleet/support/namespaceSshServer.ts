/**
 * A real OpenSSH server inside a fleet test namespace, on the namespace's veth address, port 22, so the
 * fleet view's drill-down (`{instanceHost}` → that address) reaches the single-host inspector over real
 * ssh. Throw-away host and user keys, a known_hosts that pins the host key (nothing is auto-accepted), and
 * a client config for `ssh -F`.
 */
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as net from 'node:net';
import * as os from 'node:os';
import * as path from 'node:path';
import type { NamespaceHost } from './namespaceHost';
import { startDaemon, waitUntil, type Daemon } from './processes';
import { testSshdConfig } from '../../support/sshdConfig';

export class NamespaceSshServer {
  private daemon: Daemon | undefined;

  private constructor(
    readonly dir: string,
    readonly host: NamespaceHost,
  ) {}

  /** `ssh -F` options for clients (root, the user key, the pinned host key). */
  get sshExtraArgs(): string[] {
    return ['-F', path.join(this.dir, 'ssh_config')];
  }

  static async start(host: NamespaceHost): Promise<NamespaceSshServer> {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sl-fleet-sshd-'));
    const server = new NamespaceSshServer(dir, host);
    fs.mkdirSync('/run/sshd', { recursive: true });
    for (const name of ['host_key', 'user_key']) {
      execFileSync('ssh-keygen', ['-q', '-t', 'ed25519', '-N', '', '-C', `sl-fleet-${name}`, '-f', path.join(dir, name)]);
    }
    fs.copyFileSync(path.join(dir, 'user_key.pub'), path.join(dir, 'authorized_keys'));
    const hostPub = fs.readFileSync(path.join(dir, 'host_key.pub'), 'utf8').trim().split(' ').slice(0, 2).join(' ');
    fs.writeFileSync(path.join(dir, 'known_hosts'), `${host.address} ${hostPub}\n`);
    fs.writeFileSync(path.join(dir, 'sshd_config'), testSshdConfig(dir, { address: host.address, port: 22 }));
    fs.writeFileSync(
      path.join(dir, 'ssh_config'),
      [
        `Host ${host.address}`,
        '  User root',
        `  IdentityFile ${path.join(dir, 'user_key')}`,
        '  IdentitiesOnly yes',
        '  IdentityAgent none',
        `  UserKnownHostsFile ${path.join(dir, 'known_hosts')}`,
        '  GlobalKnownHostsFile /dev/null',
        '  StrictHostKeyChecking yes',
        '  ControlMaster no',
        '  ControlPath none',
        '  LogLevel ERROR',
        '',
      ].join('\n'),
    );
    server.daemon = startDaemon('ip', ['netns', 'exec', host.name, '/usr/sbin/sshd', '-D', '-e', '-f', path.join(dir, 'sshd_config')]);
    const daemon = server.daemon;
    await waitUntil(
      `sshd in ${host.name}: ${daemon.stderrTail()}`,
      () =>
        new Promise<boolean>((resolve) => {
          const socket = net.connect(22, host.address, () => {
            socket.destroy();
            resolve(true);
          });
          socket.on('error', () => resolve(false));
        }),
      10000,
    );
    return server;
  }

  async destroy(): Promise<void> {
    await this.daemon?.stop();
    this.daemon = undefined;
    fs.rmSync(this.dir, { recursive: true, force: true });
  }
}
