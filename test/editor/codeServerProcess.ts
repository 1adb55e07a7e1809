/** Starts and stops a code-server process with its own HOME, XDG folders, user data and extensions folders. */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { CodeServerInstall } from './codeServerInstall';
import { assertPortFree, killProcessGroup, waitForPort } from './processes';

export interface CodeServerOptions {
  install: CodeServerInstall;
  /** Folder for HOME, XDG_*, user data and config (created; the caller removes it). */
  stateDirectory: string;
  extensionsDirectory: string;
  port: number;
  /** The folder the workbench opens. */
  folder: string;
  /** Extra environment for the server (and so for the extension host it starts). */
  env?: NodeJS.ProcessEnv;
  /** Where the server's stdout/stderr go. */
  logFile: string;
  /** Echo the server's output to this process's stderr too. */
  echo?: boolean;
  /** User settings written to the user-data folder before start (on top of QUIET_WORKBENCH_SETTINGS). */
  settings?: Record<string, unknown>;
  /** Keep a settings.json that is already there (a persistent state folder the user may have customised). */
  keepExistingSettings?: boolean;
  /**
   * Settings for <user-data>/Machine/settings.json, the server's machine settings: where a remote workbench (which
   * code-server's is) takes `machine`-scoped settings from.
   */
  machineSettings?: Record<string, unknown>;
  /** Leave workspace trust on (no --disable-workspace-trust): a folder nobody trusted opens in restricted mode. */
  workspaceTrust?: boolean;
}

/** User settings for an unattended workbench: no welcome page, no prompts over the editor. */
export const QUIET_WORKBENCH_SETTINGS: Record<string, unknown> = {
  'workbench.startupEditor': 'none',
  'workbench.tips.enabled': false,
  'git.openRepositoryInParentFolders': 'never',
  'extensions.ignoreRecommendations': true,
  'telemetry.telemetryLevel': 'off',
  'update.mode': 'none',
};

export interface RunningCodeServer {
  url: string;
  port: number;
  process: ChildProcess;
  stop(): Promise<void>;
}

/** The environment code-server and everything it starts see: HOME and XDG folders inside stateDirectory. */
export function isolatedEnvironment(stateDirectory: string, extra: NodeJS.ProcessEnv = {}): NodeJS.ProcessEnv {
  const home = path.join(stateDirectory, 'home');
  const xdg = {
    XDG_CONFIG_HOME: path.join(home, '.config'),
    XDG_DATA_HOME: path.join(home, '.local', 'share'),
    XDG_CACHE_HOME: path.join(home, '.cache'),
    XDG_STATE_HOME: path.join(home, '.local', 'state'),
    XDG_RUNTIME_DIR: path.join(stateDirectory, 'runtime'),
  };
  for (const directory of [home, ...Object.values(xdg)]) fs.mkdirSync(directory, { recursive: true, mode: 0o700 });
  const env: NodeJS.ProcessEnv = { ...process.env, HOME: home, ...xdg, ...extra };
  // Debugging switches of the parent must not leak into the extension host.
  delete env.NODE_OPTIONS;
  delete env.ELECTRON_RUN_AS_NODE;
  delete env.VSCODE_IPC_HOOK_CLI;
  return env;
}

function baseArguments(options: Pick<CodeServerOptions, 'install' | 'stateDirectory' | 'extensionsDirectory'>): string[] {
  return [
    options.install.entryPoint,
    '--disable-telemetry',
    '--disable-update-check',
    '--user-data-dir',
    path.join(options.stateDirectory, 'user-data'),
    '--extensions-dir',
    options.extensionsDirectory,
    '--config',
    path.join(options.stateDirectory, 'config.yaml'),
  ];
}

/** `code-server --install-extension VSIX` into the given extensions folder; returns its output, throws on failure. */
export function installExtension(
  options: Pick<CodeServerOptions, 'install' | 'stateDirectory' | 'extensionsDirectory'>,
  vsixPath: string,
): string {
  fs.mkdirSync(options.extensionsDirectory, { recursive: true });
  const result = spawnSync(process.execPath, [...baseArguments(options), '--install-extension', vsixPath, '--force'], {
    env: isolatedEnvironment(options.stateDirectory),
    encoding: 'utf8',
    timeout: 120_000,
  });
  const output = `${result.stdout ?? ''}${result.stderr ?? ''}`;
  if (result.status !== 0) throw new Error(`code-server --install-extension ${vsixPath} failed (${result.status ?? result.signal}):\n${output}`);
  return output;
}

export async function startCodeServer(options: CodeServerOptions): Promise<RunningCodeServer> {
  await assertPortFree(options.port);
  fs.mkdirSync(options.extensionsDirectory, { recursive: true });
  fs.mkdirSync(path.dirname(options.logFile), { recursive: true });
  const userSettings = path.join(options.stateDirectory, 'user-data', 'User', 'settings.json');
  fs.mkdirSync(path.dirname(userSettings), { recursive: true });
  if (!(options.keepExistingSettings && fs.existsSync(userSettings))) fs.writeFileSync(userSettings, JSON.stringify({ ...QUIET_WORKBENCH_SETTINGS, ...options.settings }, null, 2));
  if (options.machineSettings) {
    const machineSettings = path.join(options.stateDirectory, 'user-data', 'Machine', 'settings.json');
    fs.mkdirSync(path.dirname(machineSettings), { recursive: true });
    fs.writeFileSync(machineSettings, JSON.stringify(options.machineSettings, null, 2));
  }
  const log = fs.openSync(options.logFile, 'a');
  const args = [
    ...baseArguments(options),
    '--auth',
    'none',
    '--bind-addr',
    `127.0.0.1:${options.port}`,
    ...(options.workspaceTrust ? [] : ['--disable-workspace-trust']),
    '--disable-getting-started-override',
    options.folder,
  ];
  const child = spawn(process.execPath, args, {
    env: isolatedEnvironment(options.stateDirectory, options.env),
    // Its own process group, so stop() reaches the extension host, the language server and the pty host too.
    detached: true,
    stdio: ['ignore', options.echo ? 'pipe' : log, options.echo ? 'pipe' : log],
  });
  if (options.echo) {
    for (const stream of [child.stdout, child.stderr]) {
      stream?.on('data', (chunk: Buffer) => {
        fs.writeSync(log, chunk);
        process.stderr.write(chunk);
      });
    }
  }
  let exited = false;
  child.on('exit', () => {
    exited = true;
  });
  const stop = async () => {
    if (child.pid !== undefined) await killProcessGroup(child.pid);
    try {
      fs.closeSync(log);
    } catch {
      // closed already
    }
  };
  try {
    await waitForPort(options.port, 60_000, () => !exited);
  } catch (error) {
    await stop();
    const tail = fs.readFileSync(options.logFile, 'utf8').split('\n').slice(-30).join('\n');
    throw new Error(`code-server did not start: ${(error as Error).message}\n${tail}`);
  }
  return { url: `http://127.0.0.1:${options.port}/`, port: options.port, process: child, stop };
}
