/**
 * `npm run test:setup`: makes sure the Debian packages the test tiers need are installed.
 *  - as root: `apt-get update` once, then `apt-get install` of whatever is missing;
 *  - not root: fails with the exact command to run when anything is missing.
 * Nothing is skipped: a missing package is either installed or reported as a failure (exit code 1).
 */
import { spawnSync } from 'node:child_process';

/** Package -> what needs it. */
const PACKAGES: Record<string, string> = {
  chromium: 'editor tier (driven through playwright-core)',
  'openssh-server': 'inspector tier (a real sshd on 127.0.0.1)',
  'golang-go': 'Go examples and fixture checks',
  ripgrep: 'code-server search (linked into @vscode/ripgrep)',
  'libkrb5-dev': "building code-server's kerberos module",
  iproute2: 'inspector (ss)',
  busybox: 'inspector (collector checked under BusyBox sh + awk)',
  tmux: 'inspector (inspect --watch checked in a real pseudo-terminal)',
  'util-linux': 'inspector (setpriv ties ssh to the life of its parent)',
  prometheus: 'fleet tier (a real Prometheus on a loopback port; promtool for the 1,000-instance bench)',
  'prometheus-node-exporter': 'fleet tier (node_exporter inside network namespaces)',
};

/** Programs that stand for the packages where dpkg is not available to ask. */
const PROGRAMS: Record<string, string> = {
  chromium: 'chromium',
  'openssh-server': 'sshd',
  'golang-go': 'go',
  ripgrep: 'rg',
  'libkrb5-dev': 'krb5-config',
  iproute2: 'ss',
  busybox: 'busybox',
  tmux: 'tmux',
  'util-linux': 'setpriv',
  prometheus: 'prometheus',
  'prometheus-node-exporter': 'prometheus-node-exporter',
};

function say(message: string): void {
  console.log(`[test:setup] ${message}`);
}

function installed(pkg: string): boolean {
  const result = spawnSync('dpkg-query', ['-W', '-f=${Status}', pkg], { encoding: 'utf8' });
  return result.status === 0 && result.stdout.trim() === 'install ok installed';
}

function onPath(program: string): boolean {
  const searchPath = `${process.env.PATH ?? ''}:/usr/sbin:/sbin`;
  return spawnSync('sh', ['-c', 'command -v "$1"', 'sh', program], { env: { ...process.env, PATH: searchPath } }).status === 0;
}

function run(command: string, args: string[]): void {
  say(`$ ${command} ${args.join(' ')}`);
  const result = spawnSync(command, args, { stdio: 'inherit', env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' } });
  if (result.status !== 0) throw new Error(`${command} ${args.join(' ')} failed with ${result.status ?? result.signal}`);
}

function main(): number {
  const names = Object.keys(PACKAGES);
  const hasDpkg = spawnSync('dpkg-query', ['--version']).status === 0;
  if (!hasDpkg) {
    const missing = names.filter((pkg) => !onPath(PROGRAMS[pkg]));
    if (missing.length === 0) {
      say(`no dpkg here; found the programs of ${names.join(', ')}`);
      return 0;
    }
    for (const pkg of missing) say(`missing ${PROGRAMS[pkg]} (Debian package ${pkg}), needed for the ${PACKAGES[pkg]}`);
    say(`this is not a Debian system: install the equivalents of ${missing.join(' ')} with your package manager`);
    return 1;
  }
  const missing = names.filter((pkg) => !installed(pkg));
  if (missing.length === 0) {
    say(`all installed: ${names.join(', ')}`);
    return 0;
  }
  for (const pkg of missing) say(`missing ${pkg}, needed for the ${PACKAGES[pkg]}`);
  const isRoot = typeof process.getuid === 'function' && process.getuid() === 0;
  if (!isRoot) {
    say('not root, so not installing. Run:');
    console.log(`sudo apt-get update && sudo apt-get install -y --no-install-recommends ${missing.join(' ')}`);
    return 1;
  }
  run('apt-get', ['update']);
  run('apt-get', ['install', '-y', '--no-install-recommends', ...missing]);
  const stillMissing = missing.filter((pkg) => !installed(pkg));
  if (stillMissing.length > 0) {
    say(`still missing after apt-get install: ${stillMissing.join(', ')}`);
    return 1;
  }
  say(`installed ${missing.join(', ')}`);
  return 0;
}

try {
  process.exitCode = main();
} catch (error) {
  say((error as Error).message);
  process.exitCode = 1;
}
