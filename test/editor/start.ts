/**
 * `npm start` (after `npm run package`): installs the packaged socket-lens-<version>.vsix into a local code-server
 * (installed on demand into .vscode-test/) and serves VS Code with examples/ open on http://127.0.0.1:8080
 * (PORT overrides). Stays in the foreground until Ctrl-C, then stops code-server and everything it started.
 * User data and extensions persist in .vscode-test/start/ between runs.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { REPO_ROOT, ensureCodeServer } from './codeServerInstall';
import { installExtension, startCodeServer, type RunningCodeServer } from './codeServerProcess';
import { killLeftovers } from './processes';

const STATE_DIRECTORY = path.join(REPO_ROOT, '.vscode-test', 'start');
const EXTENSIONS_DIRECTORY = path.join(STATE_DIRECTORY, 'extensions');
const WORKSPACE = path.join(REPO_ROOT, 'examples');

function say(message: string): void {
  console.log(`[start] ${message}`);
}

async function main(): Promise<void> {
  const manifest = JSON.parse(fs.readFileSync(path.join(REPO_ROOT, 'package.json'), 'utf8')) as { name: string; version: string };
  const vsix = path.join(REPO_ROOT, `${manifest.name}-${manifest.version}.vsix`);
  if (!fs.existsSync(vsix)) throw new Error(`${path.basename(vsix)} not found: run \`npm run package\` first (npm start does)`);
  const port = Number(process.env.PORT ?? 8080);
  if (!Number.isInteger(port) || port <= 0 || port > 65535) throw new Error(`PORT must be a TCP port number, not ${process.env.PORT}`);

  const install = await ensureCodeServer();
  say(`installing ${path.basename(vsix)} into code-server ${install.version}`);
  const paths = { install, stateDirectory: STATE_DIRECTORY, extensionsDirectory: EXTENSIONS_DIRECTORY };
  const output = installExtension(paths, vsix);
  say(output.trim().split('\n').filter((line) => /install/i.test(line)).pop() ?? 'installed');

  let server: RunningCodeServer | undefined;
  let stopping = false;
  const stop = async (code: number) => {
    if (stopping) return;
    stopping = true;
    say('stopping code-server');
    await server?.stop();
    await killLeftovers(STATE_DIRECTORY).catch(() => undefined);
    process.exit(code);
  };
  process.on('SIGINT', () => void stop(0));
  process.on('SIGTERM', () => void stop(0));
  process.on('SIGHUP', () => void stop(0));

  server = await startCodeServer({
    ...paths,
    port,
    folder: WORKSPACE,
    logFile: path.join(STATE_DIRECTORY, 'code-server.log'),
    keepExistingSettings: true,
  });
  server.process.on('exit', (code) => {
    if (!stopping) {
      say(`code-server exited (${code}); its log is ${path.relative(REPO_ROOT, path.join(STATE_DIRECTORY, 'code-server.log'))}`);
      void stop(code ?? 1);
    }
  });
  console.log('');
  console.log(`  Socket Lens is running in VS Code at ${server.url}`);
  console.log(`  (with ${path.relative(REPO_ROOT, WORKSPACE)}/ open; press Ctrl-C to stop)`);
  console.log('');
}

main().catch((error: Error) => {
  console.error(`[start] ${error.message}`);
  process.exit(1);
});
