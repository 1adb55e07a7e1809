/**
 * Installs code-server (VS Code server + web workbench) on demand into the ignored cache folder
 * `.vscode-test/code-server-<version>/`, the way @vscode/test-electron caches VS Code in `.vscode-test`.
 *
 * code-server's own postinstall cannot work here (it runs as root, and @vscode/ripgrep's install step downloads
 * a binary from GitHub), so this does its steps by hand (see ../shared/README.md §1):
 *  1. `npm install code-server@<version> --ignore-scripts --omit=dev` into the cache folder;
 *  2. `npm install --omit=dev --ignore-scripts` in lib/vscode, then `node-gyp rebuild` of each native module
 *     (kerberos needs Debian's libkrb5-dev), plus argon2 of code-server itself;
 *  3. Debian's /usr/bin/rg linked to @vscode/ripgrep/bin/rg;
 *  4. the links postinstall.sh makes: node_modules.asar -> node_modules, bin/remote-cli/code-server ->
 *     code-linux.sh, bin/helpers/browser.sh -> browser-linux.sh;
 *  5. `npm install --omit=dev --ignore-scripts` in lib/vscode/extensions.
 * A marker file is written last; a folder without it is a half-finished install and is removed and redone.
 *
 * Run directly (`tsx test/editor/codeServerInstall.ts`) to install and print the entry point.
 */
import { spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';

export const CODE_SERVER_VERSION = '4.100.3';

/**
 * Native modules that must be compiled for this Node: [package folder that depends on it (relative to the
 * code-server package), module name]. npm may hoist code-server's own dependencies above its folder.
 */
const NATIVE_MODULES: Array<[string, string]> = [
  ['.', 'argon2'],
  ['lib/vscode', '@parcel/watcher'],
  ['lib/vscode', '@vscode/deviceid'],
  ['lib/vscode', '@vscode/spdlog'],
  ['lib/vscode', 'kerberos'],
  ['lib/vscode', 'native-watchdog'],
  ['lib/vscode', 'node-pty'],
];
/** Modules whose native part only exists on Windows: nothing to build on Linux, and VS Code never loads them here. */
const WINDOWS_ONLY_MODULES = ['@vscode/windows-process-tree', '@vscode/windows-registry', '@vscode/windows-ca-certs'];

export interface CodeServerInstall {
  version: string;
  /** The cache folder, `.vscode-test/code-server-<version>`. */
  cacheDirectory: string;
  /** The installed code-server package folder. */
  packageDirectory: string;
  /** `out/node/entry.js`, run with `node`. */
  entryPoint: string;
}

export const REPO_ROOT = path.resolve(__dirname, '..', '..');

export function codeServerCacheDirectory(version = CODE_SERVER_VERSION): string {
  return path.join(REPO_ROOT, '.vscode-test', `code-server-${version}`);
}

function describe(install: Omit<CodeServerInstall, 'packageDirectory' | 'entryPoint'>): CodeServerInstall {
  const packageDirectory = path.join(install.cacheDirectory, 'node_modules', 'code-server');
  return { ...install, packageDirectory, entryPoint: path.join(packageDirectory, 'out', 'node', 'entry.js') };
}

function log(message: string): void {
  process.stderr.write(`[code-server install] ${message}\n`);
}

function run(command: string, args: string[], cwd: string, extraEnv: NodeJS.ProcessEnv = {}): Promise<void> {
  return new Promise((resolve, reject) => {
    const output: string[] = [];
    const child = spawn(command, args, {
      cwd,
      env: { ...process.env, npm_config_unsafe_perm: 'true', ...extraEnv },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const keep = (chunk: Buffer) => {
      output.push(chunk.toString());
      if (output.length > 400) output.splice(0, output.length - 400);
    };
    child.stdout.on('data', keep);
    child.stderr.on('data', keep);
    child.on('error', reject);
    child.on('close', (code, signal) => {
      if (code === 0) resolve();
      else {
        reject(
          new Error(
            `${command} ${args.join(' ')} (in ${cwd}) failed with ${signal ?? `exit code ${code}`}:\n` +
              output.join('').split('\n').slice(-40).join('\n'),
          ),
        );
      }
    });
  });
}

/** npm's bundled node-gyp: the one npm itself uses (`npm_config_node_gyp` inside npm scripts). */
function nodeGypScript(): string {
  const candidates = [
    process.env.npm_config_node_gyp,
    path.join(path.dirname(process.execPath), '..', 'lib', 'node_modules', 'npm', 'node_modules', 'node-gyp', 'bin', 'node-gyp.js'),
    '/usr/lib/node_modules/npm/node_modules/node-gyp/bin/node-gyp.js',
    '/usr/share/nodejs/node-gyp/bin/node-gyp.js',
  ];
  for (const candidate of candidates) {
    if (candidate && fs.existsSync(candidate)) return candidate;
  }
  throw new Error(`node-gyp not found (looked at ${candidates.filter(Boolean).join(', ')}); it ships with npm.`);
}

/** Local Node headers (Debian's nodejs ships them in /usr/include/node), so node-gyp needs no download. */
function nodeGypEnv(): NodeJS.ProcessEnv {
  const nodeDir = path.resolve(path.dirname(process.execPath), '..');
  return fs.existsSync(path.join(nodeDir, 'include', 'node', 'node.h')) ? { npm_config_nodedir: nodeDir } : {};
}

function symlink(target: string, linkPath: string): void {
  fs.rmSync(linkPath, { recursive: true, force: true });
  fs.mkdirSync(path.dirname(linkPath), { recursive: true });
  fs.symlinkSync(target, linkPath);
}

function ripgrepPath(): string {
  for (const candidate of ['/usr/bin/rg', '/usr/local/bin/rg']) {
    if (fs.existsSync(candidate)) return candidate;
  }
  throw new Error('ripgrep (rg) is not installed; run `npm run test:setup` (apt-get install ripgrep).');
}

/** Finds the folder Node's resolution would load `name` from, starting at `fromDirectory`; it must have a binding.gyp. */
function nativeModuleDirectory(fromDirectory: string, name: string): string {
  for (let directory = fromDirectory; ; directory = path.dirname(directory)) {
    const candidate = path.join(directory, 'node_modules', name);
    if (fs.existsSync(path.join(candidate, 'binding.gyp'))) return candidate;
    if (path.dirname(directory) === directory) {
      throw new Error(`native module ${name} (with a binding.gyp) not found from ${fromDirectory}`);
    }
  }
}

/** The @mapbox/node-pre-gyp binary section of a module's manifest (argon2 loads its addon through node-pre-gyp). */
function usesNodePreGyp(moduleDirectory: string): boolean {
  const manifest = JSON.parse(fs.readFileSync(path.join(moduleDirectory, 'package.json'), 'utf8'));
  return Boolean(manifest.binary?.module_path);
}

/** Compiles one native module from source with npm's node-gyp (through node-pre-gyp when the module uses it). */
async function rebuildNativeModule(moduleDirectory: string): Promise<void> {
  const nodeGyp = nodeGypScript();
  const env = { npm_config_node_gyp: nodeGyp, ...nodeGypEnv() };
  if (usesNodePreGyp(moduleDirectory)) {
    const nodePreGyp = require.resolve('@mapbox/node-pre-gyp/bin/node-pre-gyp', { paths: [moduleDirectory] });
    await run(process.execPath, [nodePreGyp, 'rebuild', '--build-from-source'], moduleDirectory, env);
  } else {
    await run(process.execPath, [nodeGyp, 'rebuild', '--jobs=2'], moduleDirectory, env);
  }
}

async function installInto(cacheDirectory: string, version: string): Promise<void> {
  const started = Date.now();
  const step = (message: string) => log(`${((Date.now() - started) / 1000).toFixed(0).padStart(4)}s  ${message}`);
  fs.mkdirSync(cacheDirectory, { recursive: true });
  fs.writeFileSync(
    path.join(cacheDirectory, 'package.json'),
    JSON.stringify({ name: 'code-server-cache', private: true, description: 'On-demand code-server for Socket Lens editor tests' }, null, 2),
  );
  const npm = 'npm';
  const npmQuiet = ['--no-audit', '--no-fund', '--loglevel=error'];

  step(`npm install code-server@${version} (scripts off)`);
  await run(npm, ['install', `code-server@${version}`, '--save-exact', '--omit=dev', '--ignore-scripts', ...npmQuiet], cacheDirectory);
  const packageDirectory = path.join(cacheDirectory, 'node_modules', 'code-server');
  const vscodeDirectory = path.join(packageDirectory, 'lib', 'vscode');

  step('npm install --omit=dev --ignore-scripts in lib/vscode');
  await run(npm, ['install', '--omit=dev', '--ignore-scripts', ...npmQuiet], vscodeDirectory);

  const moduleDirectories = NATIVE_MODULES.map(([dependent, name]) => nativeModuleDirectory(path.join(packageDirectory, dependent), name));
  for (const moduleDirectory of moduleDirectories) {
    step(`node-gyp rebuild ${path.relative(cacheDirectory, moduleDirectory)}`);
    await rebuildNativeModule(moduleDirectory);
  }
  step(`not building Windows-only modules: ${WINDOWS_ONLY_MODULES.join(', ')}`);

  step('linking ripgrep, node_modules.asar and the helper scripts');
  symlink(ripgrepPath(), path.join(vscodeDirectory, 'node_modules', '@vscode', 'ripgrep', 'bin', 'rg'));
  symlink('node_modules', path.join(vscodeDirectory, 'node_modules.asar'));
  symlink('code-linux.sh', path.join(vscodeDirectory, 'bin', 'remote-cli', 'code-server'));
  symlink('browser-linux.sh', path.join(vscodeDirectory, 'bin', 'helpers', 'browser.sh'));

  step('npm install --omit=dev --ignore-scripts in lib/vscode/extensions');
  await run(npm, ['install', '--omit=dev', '--ignore-scripts', ...npmQuiet], path.join(vscodeDirectory, 'extensions'));

  step('checking that the native modules load');
  await run(
    process.execPath,
    [
      '-e',
      moduleDirectories.map((directory) => `require(${JSON.stringify(directory)});`).join(''),
    ],
    packageDirectory,
  );
  step('done');
}

function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

/** A lock folder next to the cache, so two test runs never install into the same folder at once. */
async function withInstallLock<T>(cacheDirectory: string, action: () => Promise<T>): Promise<T> {
  const lock = `${cacheDirectory}.lock`;
  fs.mkdirSync(path.dirname(lock), { recursive: true });
  let announced = false;
  for (;;) {
    try {
      fs.mkdirSync(lock);
      fs.writeFileSync(path.join(lock, 'pid'), String(process.pid));
      break;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      let owner = NaN;
      try {
        owner = Number(fs.readFileSync(path.join(lock, 'pid'), 'utf8'));
      } catch {
        // being created or removed right now
      }
      if (Number.isInteger(owner) && owner > 0 && !processAlive(owner)) {
        fs.rmSync(lock, { recursive: true, force: true }); // its owner died
        continue;
      }
      if (!announced) log(`waiting for another install (lock ${lock}, pid ${owner})`);
      announced = true;
      await new Promise((resolve) => setTimeout(resolve, 1000));
    }
  }
  try {
    return await action();
  } finally {
    fs.rmSync(lock, { recursive: true, force: true });
  }
}

/** Installs code-server unless a complete install (marker file present) is already in the cache. */
export async function ensureCodeServer(version = CODE_SERVER_VERSION): Promise<CodeServerInstall> {
  const cacheDirectory = codeServerCacheDirectory(version);
  const install = describe({ version, cacheDirectory });
  if (isComplete(install)) return install;
  return withInstallLock(cacheDirectory, () => installUnlessComplete(install));
}

function isComplete(install: CodeServerInstall): boolean {
  return fs.existsSync(path.join(install.cacheDirectory, '.install-complete')) && fs.existsSync(install.entryPoint);
}

async function installUnlessComplete(install: CodeServerInstall): Promise<CodeServerInstall> {
  const { cacheDirectory, version } = install;
  const marker = path.join(cacheDirectory, '.install-complete');
  if (isComplete(install)) return install; // another run finished it while we waited
  if (fs.existsSync(cacheDirectory)) {
    log(`removing half-finished install in ${path.relative(process.cwd(), cacheDirectory)}`);
    fs.rmSync(cacheDirectory, { recursive: true, force: true });
  }
  log(`installing code-server ${version} into ${path.relative(process.cwd(), cacheDirectory) || cacheDirectory} (a few minutes, once)`);
  const started = Date.now();
  await installInto(cacheDirectory, version);
  fs.writeFileSync(marker, `code-server ${version} installed ${new Date().toISOString()} in ${Math.round((Date.now() - started) / 1000)} s\n`);
  log(`installed in ${Math.round((Date.now() - started) / 1000)} s`);
  return install;
}

if (require.main === module) {
  ensureCodeServer().then(
    (install) => console.log(install.entryPoint),
    (error: Error) => {
      console.error(error.message);
      process.exit(1);
    },
  );
}
