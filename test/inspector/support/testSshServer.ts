import { spawn, execFileSync, type ChildProcess } from 'node:child_process';
import * as fs from 'node:fs';
import * as net from 'node:net';
import * as os from 'node:os';
import * as path from 'node:path';
import { testSshdConfig } from '../../support/sshdConfig';

export interface TestSshServerOptions {
  /** Extra lines for sshd_config (e.g. SetEnv), given the server's temp folder. */
  sshdConfigLines?: (dir: string) => string[];
  /** Leave known_hosts empty (the host key is unknown to the client). */
  emptyKnownHosts?: boolean;
}

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const port = (server.address() as net.AddressInfo).port;
      server.close(() => resolve(port));
    });
  });
}

function waitForPort(port: number, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  return new Promise((resolve, reject) => {
    const attempt = (): void => {
      const socket = net.connect(port, '127.0.0.1');
      socket.once('connect', () => {
        socket.destroy();
        resolve();
      });
      socket.once('error', () => {
        socket.destroy();
        if (Date.now() > deadline) reject(new Error(`sshd did not listen on ${port}`));
        else setTimeout(attempt, 50);
      });
    };
    attempt();
  });
}

/** Pids of every live descendant of `pid` (from /proc). */
export function descendants(pid: number): number[] {
  const children = new Map<number, number[]>();
  for (const entry of fs.readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = fs.readFileSync(`/proc/${entry}/stat`, 'utf8');
      const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
      children.set(ppid, [...(children.get(ppid) ?? []), Number(entry)]);
    } catch {
      /* exited */
    }
  }
  const out: number[] = [];
  const walk = (p: number): void => {
    for (const c of children.get(p) ?? []) {
      out.push(c);
      walk(c);
    }
  };
  walk(pid);
  return out;
}

/**
 * A real OpenSSH server on 127.0.0.1 with a throw-away host key, user key, authorized_keys and
 * known_hosts in a temp folder, plus an ssh client config (`-F`) with the alias `sl-test`.
 */
export class TestSshServer {
  readonly dir: string;
  readonly clientConfig: string;
  readonly alias = 'sl-test';
  port = 0;
  private sshd: ChildProcess | undefined;
  sshdLog = '';

  private constructor(dir: string) {
    this.dir = dir;
    this.clientConfig = path.join(dir, 'ssh_config');
  }

  static async create(options: TestSshServerOptions = {}): Promise<TestSshServer> {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sl-sshd-'));
    const server = new TestSshServer(dir);
    server.port = await freePort();
    fs.mkdirSync('/run/sshd', { recursive: true });
    execFileSync('ssh-keygen', ['-q', '-t', 'ed25519', '-N', '', '-C', 'sl-host', '-f', path.join(dir, 'host_key')]);
    execFileSync('ssh-keygen', ['-q', '-t', 'ed25519', '-N', '', '-C', 'sl-user', '-f', path.join(dir, 'user_key')]);
    execFileSync('ssh-keygen', ['-q', '-t', 'ed25519', '-N', '', '-C', 'sl-other', '-f', path.join(dir, 'other_key')]);
    fs.copyFileSync(path.join(dir, 'user_key.pub'), path.join(dir, 'authorized_keys'));
    const hostPub = fs.readFileSync(path.join(dir, 'host_key.pub'), 'utf8').trim().split(' ').slice(0, 2).join(' ');
    fs.writeFileSync(path.join(dir, 'known_hosts'), options.emptyKnownHosts ? '' : `[127.0.0.1]:${server.port} ${hostPub}\n`);
    fs.writeFileSync(
      path.join(dir, 'sshd_config'),
      testSshdConfig(dir, { address: '127.0.0.1', port: server.port }, [
        'MaxStartups 100:30:200',
        'MaxSessions 100',
        ...(options.sshdConfigLines?.(dir) ?? []),
      ]),
    );
    server.writeClientConfig('user_key');
    await server.start();
    return server;
  }

  /** Rewrites the client config to use another identity (e.g. one the server does not know). */
  writeClientConfig(identity: string): void {
    const common = [
      '  User root',
      `  IdentityFile ${path.join(this.dir, identity)}`,
      '  IdentitiesOnly yes',
      '  IdentityAgent none',
      `  UserKnownHostsFile ${path.join(this.dir, 'known_hosts')}`,
      '  GlobalKnownHostsFile /dev/null',
      '  StrictHostKeyChecking yes',
      '  ControlMaster no',
      '  ControlPath none',
      '  LogLevel ERROR',
    ];
    fs.writeFileSync(
      this.clientConfig,
      [
        `Host ${this.alias}`,
        '  HostName 127.0.0.1',
        `  Port ${this.port}`,
        ...common,
        // For user@127.0.0.1:PORT (the port then comes from -p).
        'Host 127.0.0.1',
        ...common,
        '',
      ].join('\n'),
    );
  }

  get sshdPid(): number | undefined {
    return this.sshd?.pid;
  }

  get sshExtraArgs(): string[] {
    return ['-F', this.clientConfig];
  }

  async start(): Promise<void> {
    this.sshdLog = '';
    const child = spawn('/usr/sbin/sshd', ['-D', '-e', '-f', path.join(this.dir, 'sshd_config')], { stdio: ['ignore', 'ignore', 'pipe'] });
    child.stderr!.on('data', (d: Buffer) => {
      this.sshdLog = (this.sshdLog + d.toString()).slice(-20000);
    });
    this.sshd = child;
    await waitForPort(this.port, 5000);
  }

  /** Stops sshd and every session process it forked (by pid), as if the host went away. */
  async stop(): Promise<void> {
    const child = this.sshd;
    this.sshd = undefined;
    if (!child || child.pid === undefined || child.exitCode !== null) return;
    const pids = [child.pid, ...descendants(child.pid)];
    const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
    // sshd processes first (the connection drops as when a host goes away), then what they ran.
    for (const pid of pids) {
      try {
        process.kill(pid, 'SIGKILL');
      } catch {
        /* gone */
      }
    }
    await exited;
  }

  async dispose(): Promise<void> {
    await this.stop();
    fs.rmSync(this.dir, { recursive: true, force: true });
  }
}
