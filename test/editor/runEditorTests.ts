/**
 * The editor tier (`npm run test:editor`): runs the mocha suite test/editor/suite/*.test.ts inside a real VS Code
 * extension host with this repository as the extension under development, then (code-server only) the short
 * restricted-mode suite test/editor/restricted/*.test.ts in a second code-server with workspace trust on, a folder
 * nobody trusted, and `socketLens.inspector.sshPath` pointing at a canary that must never run.
 *
 * - Default: code-server 4.100.3 (installed on demand into .vscode-test/) on a free 127.0.0.1 port, driven by
 *   Debian's Chromium through playwright-core; screenshots go to test-output/editor/.
 * - With VSCODE_EXECUTABLE_PATH set: the same suite under @vscode/test-electron's runTests with that VS Code.
 *
 * It builds nothing but the suite bundle: `npm test` (or `npm run build`) builds dist/ first.
 * Exit code: 0 when both suites passed. Everything started here is killed before exit, and checked.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { openChromium, workbenchTestUrl, type OpenedBrowser } from './chromium';
import { REPO_ROOT, ensureCodeServer } from './codeServerInstall';
import { startCodeServer, type CodeServerOptions, type RunningCodeServer } from './codeServerProcess';
import { editorWorkspace, expectationsFor } from './editorWorkspace';
import { freePort, killLeftovers, markedProcessTree, processesMentioning, survivors, type ProcessIdentity } from './processes';
import { startScreenshotService, type ScreenshotService } from './screenshotService';
import { startNotificationProbe, type NotificationProbe } from './restricted/notificationProbe';
import { createSshCanary } from './restricted/sshCanary';
import { RESTRICTED_SUITE_SOURCE_DIRECTORY, bundleEditorSuite } from './suiteBundle';
import type { EditorExpectations } from './suite/helpers';

const OUTPUT_DIRECTORY = path.join(REPO_ROOT, 'test-output', 'editor');
/** The whole suite must finish within this; a hung workbench fails the run instead of blocking CI. */
const SUITE_TIMEOUT_MS = Number(process.env.SOCKET_LENS_EDITOR_TIMEOUT_MS ?? 180_000);
const REQUIRED_BUILD_OUTPUTS = ['dist/client/extension.js', 'dist/server/server.js', 'dist/cli/socket-lens.js', 'media/inspector.js', 'media/fleet.js'];

interface SuiteReport {
  passes: string[];
  failures: Array<{ title: string; error: string }>;
  pending: string[];
  durationMs: number;
}

const started = Date.now();
function say(message: string): void {
  console.log(`[editor] ${((Date.now() - started) / 1000).toFixed(1).padStart(6)}s  ${message}`);
}

function newestSource(directory: string): { file: string; mtimeMs: number } | undefined {
  let newest: { file: string; mtimeMs: number } | undefined;
  for (const entry of fs.readdirSync(directory, { withFileTypes: true })) {
    const full = path.join(directory, entry.name);
    const candidate = entry.isDirectory() ? newestSource(full) : { file: full, mtimeMs: fs.statSync(full).mtimeMs };
    if (candidate && (!newest || candidate.mtimeMs > newest.mtimeMs)) newest = candidate;
  }
  return newest;
}

function checkBuilt(): void {
  const missing = REQUIRED_BUILD_OUTPUTS.filter((file) => !fs.existsSync(path.join(REPO_ROOT, file)));
  if (missing.length > 0) throw new Error(`missing ${missing.join(', ')}: run \`npm run build\` first (npm test does)`);
  const oldestBuild = Math.min(...REQUIRED_BUILD_OUTPUTS.map((file) => fs.statSync(path.join(REPO_ROOT, file)).mtimeMs));
  for (const sources of ['client/src', 'client/webview', 'server/src', 'server/shared']) {
    const newest = newestSource(path.join(REPO_ROOT, sources));
    if (newest && newest.mtimeMs > oldestBuild) {
      say(`warning: ${path.relative(REPO_ROOT, newest.file)} is newer than the bundles in dist/: this run tests the last build (npm run build)`);
      break;
    }
  }
}

/** Follows a file as it grows and prints each new line (the suite's per-test log). */
function followFile(file: string): () => void {
  let offset = 0;
  let pending = '';
  const poll = () => {
    if (!fs.existsSync(file)) return;
    const size = fs.statSync(file).size;
    if (size <= offset) return;
    const fd = fs.openSync(file, 'r');
    const buffer = Buffer.alloc(size - offset);
    fs.readSync(fd, buffer, 0, buffer.length, offset);
    fs.closeSync(fd);
    offset = size;
    pending += buffer.toString('utf8');
    const lines = pending.split('\n');
    pending = lines.pop() ?? '';
    for (const line of lines) console.log(`         ${line}`);
  };
  const timer = setInterval(poll, 250);
  return () => {
    clearInterval(timer);
    poll();
    if (pending) console.log(`         ${pending}`);
  };
}

function readReport(file: string): SuiteReport | undefined {
  try {
    return JSON.parse(fs.readFileSync(file, 'utf8')) as SuiteReport;
  } catch {
    return undefined;
  }
}

function suiteEnvironment(runDirectory: string, expected: EditorExpectations): Record<string, string> {
  fs.mkdirSync(runDirectory, { recursive: true });
  const env: Record<string, string> = {
    SOCKET_LENS_EDITOR_EXPECTED: JSON.stringify(expected),
    SOCKET_LENS_EDITOR_LOG: path.join(runDirectory, 'suite.log'),
    SOCKET_LENS_EDITOR_REPORT: path.join(runDirectory, 'report.json'),
  };
  if (process.env.SOCKET_LENS_EDITOR_GREP) env.SOCKET_LENS_EDITOR_GREP = process.env.SOCKET_LENS_EDITOR_GREP;
  return env;
}

/** Everything this run started (marked processes and their descendants), taken just before stopping them. */
const processSnapshot: ProcessIdentity[] = [];

/** How one code-server run differs from the default (the main suite). */
interface CodeServerRunOptions {
  /** Prefix of this run's files in test-output/editor/ ('' for the main suite). */
  outputPrefix: string;
  /** Workspace trust on, extra user/machine settings, and the notification probe (the restricted-mode run). */
  restricted?: Pick<CodeServerOptions, 'settings' | 'machineSettings'>;
}

async function runInCodeServer(
  runDirectory: string,
  workspace: string,
  suiteIndex: string,
  env: Record<string, string>,
  options: CodeServerRunOptions = { outputPrefix: '' },
): Promise<number> {
  const install = await ensureCodeServer();
  const output = (name: string) => path.join(OUTPUT_DIRECTORY, `${options.outputPrefix}${name}`);
  let codeServer: RunningCodeServer | undefined;
  let browser: OpenedBrowser | undefined;
  let screenshots: ScreenshotService | undefined;
  let notifications: NotificationProbe | undefined;
  const stopFollowing = followFile(env.SOCKET_LENS_EDITOR_LOG);
  try {
    screenshots = await startScreenshotService(() => browser?.page, OUTPUT_DIRECTORY);
    const serverEnv: Record<string, string> = { ...env, SOCKET_LENS_SCREENSHOT_URL: screenshots.url };
    if (options.restricted) {
      notifications = await startNotificationProbe(() => browser?.page);
      serverEnv.SOCKET_LENS_NOTIFICATIONS_URL = notifications.url;
    }
    const port = await freePort();
    say(`starting code-server ${install.version} on 127.0.0.1:${port}${options.restricted ? ' with workspace trust on (restricted mode)' : ''}`);
    codeServer = await startCodeServer({
      install,
      stateDirectory: path.join(runDirectory, 'code-server'),
      extensionsDirectory: path.join(runDirectory, 'extensions'),
      port,
      folder: workspace,
      env: serverEnv,
      logFile: output('code-server.log'),
      ...(options.restricted ? { ...options.restricted, workspaceTrust: true } : {}),
    });
    say('opening Chromium');
    browser = await openChromium(path.join(runDirectory, 'chromium'), output('browser-console.log'));
    let reportExit: (code: number) => void = () => undefined;
    const exited = new Promise<number>((resolve) => (reportExit = resolve));
    await browser.page.exposeFunction('codeAutomationExit', (code: number) => reportExit(Number(code)));
    const url = workbenchTestUrl(codeServer.url, workspace, REPO_ROOT, suiteIndex);
    say(`workbench ${codeServer.url} (folder ${path.relative(REPO_ROOT, workspace) || '.'}); running the suite`);
    await browser.page.goto(url, { waitUntil: 'domcontentloaded', timeout: 60_000 });
    const timeout = new Promise<number>((resolve) =>
      setTimeout(() => resolve(-1), SUITE_TIMEOUT_MS).unref(),
    );
    const serverDied = new Promise<number>((resolve) => codeServer?.process.once('exit', () => resolve(-2)));
    const code = await Promise.race([exited, timeout, serverDied]);
    const finalScreenshot = output(code === 0 ? 'final.png' : 'final-failed.png');
    await browser.page
      .screenshot({ path: finalScreenshot })
      .then((saved) => saved && screenshots?.taken.push(finalScreenshot))
      .catch(() => undefined);
    if (code === -1) {
      say(`the suite did not finish within ${SUITE_TIMEOUT_MS / 1000} s`);
      return 1;
    }
    if (code === -2) {
      say(`code-server exited during the suite; see ${path.relative(REPO_ROOT, output('code-server.log'))}`);
      return 1;
    }
    return code;
  } finally {
    stopFollowing();
    processSnapshot.push(...markedProcessTree(runDirectory));
    await browser?.close();
    await codeServer?.stop();
    await screenshots?.close();
    await notifications?.close();
    if (screenshots && screenshots.taken.length > 0) {
      say(`screenshots: ${screenshots.taken.map((file) => path.relative(REPO_ROOT, file)).join(', ')}`);
    }
  }
}

async function runInDesktopVsCode(runDirectory: string, workspace: string, suiteIndex: string, env: Record<string, string>): Promise<number> {
  const { runTests } = await import('@vscode/test-electron');
  const stopFollowing = followFile(env.SOCKET_LENS_EDITOR_LOG);
  say(`running the suite in ${process.env.VSCODE_EXECUTABLE_PATH} through @vscode/test-electron`);
  try {
    return await runTests({
      vscodeExecutablePath: process.env.VSCODE_EXECUTABLE_PATH,
      extensionDevelopmentPath: REPO_ROOT,
      extensionTestsPath: suiteIndex,
      extensionTestsEnv: env,
      // runTests itself adds --disable-workspace-trust, --skip-welcome, --skip-release-notes and --disable-updates.
      launchArgs: [
        workspace,
        '--disable-extensions',
        '--user-data-dir',
        path.join(runDirectory, 'user-data'),
        '--extensions-dir',
        path.join(runDirectory, 'extensions'),
      ],
    });
  } catch (error) {
    // runTests rejects when the suite fails: the report below says what failed.
    say(String((error as Error).message ?? error));
    return 1;
  } finally {
    stopFollowing();
  }
}

interface SuiteRun {
  title: string;
  /** Prefix of its copies of suite.log and report.json in test-output/editor/. */
  outputPrefix: string;
  env: Record<string, string>;
  code: number;
}

/**
 * The restricted-mode run: workspace trust on (no --disable-workspace-trust), no startup prompt (so the folder stays
 * untrusted: a fresh browser profile has trusted nothing), and the ssh path pointing at a canary. Returns its exit
 * code; a canary that ran fails it even if the suite did not notice.
 */
async function runRestricted(runDirectory: string, workspace: string, env: Record<string, string>): Promise<number> {
  const suite = await bundleEditorSuite(RESTRICTED_SUITE_SOURCE_DIRECTORY);
  say(`restricted-mode suite bundled: ${suite.testFiles.map((file) => path.basename(file)).join(', ')}`);
  const canary = createSshCanary(path.join(runDirectory, 'canary'));
  try {
    let code = await runInCodeServer(
      runDirectory,
      workspace,
      suite.index,
      { ...env, SOCKET_LENS_SSH_CANARY: canary.script, SOCKET_LENS_SSH_CANARY_MARKER: canary.marker },
      {
        outputPrefix: 'restricted-',
        restricted: {
          settings: {
            'security.workspace.trust.enabled': true,
            'security.workspace.trust.startupPrompt': 'never',
            'security.workspace.trust.emptyWindow': false,
          },
          // `machine`-scoped, so in the server's machine settings (code-server's workbench is a remote window; the
          // test sees the value as globalRemoteValue).
          machineSettings: { 'socketLens.inspector.sshPath': canary.script },
        },
      },
    );
    if (fs.existsSync(canary.marker)) {
      say(`the ssh canary ran in the untrusted workspace (${canary.marker} exists)`);
      code = code || 1;
    }
    return code;
  } finally {
    suite.remove();
  }
}

function printReport(run: SuiteRun): boolean {
  const report = readReport(run.env.SOCKET_LENS_EDITOR_REPORT);
  console.log(run.title);
  if (!report) {
    console.log(`  the suite wrote no report (it did not run to the end); see test-output/editor/${run.outputPrefix}*.log`);
    return false;
  }
  // Mocha's summary wording, which `npm test` adds up across tiers.
  console.log(`  ${report.passes.length} passing (${Math.round(report.durationMs / 1000)}s)`);
  if (report.failures.length > 0) console.log(`  ${report.failures.length} failing`);
  if (report.pending.length > 0) console.log(`  ${report.pending.length} pending`);
  for (const failure of report.failures) console.log(`  FAILED  ${failure.title}\n          ${failure.error.split('\n')[0]}`);
  for (const pending of report.pending) console.log(`  PENDING ${pending}`);
  return true;
}

async function main(): Promise<number> {
  checkBuilt();
  fs.rmSync(OUTPUT_DIRECTORY, { recursive: true, force: true });
  fs.mkdirSync(OUTPUT_DIRECTORY, { recursive: true });
  const workspace = editorWorkspace();
  const suite = await bundleEditorSuite();
  say(`suite bundled: ${suite.testFiles.map((file) => path.basename(file)).join(', ')}`);
  // Every process started below carries this folder in its command line or environment: that is how the
  // leftover check finds them (the restricted-mode run works in a folder inside it).
  const runDirectory = fs.mkdtempSync(path.join(os.tmpdir(), 'socket-lens-editor-'));
  const restrictedDirectory = path.join(runDirectory, 'restricted');
  const expected = await expectationsFor(workspace);
  if (expected.cliError) say(expected.cliError);
  for (const file of expected.files) {
    say(`expecting ${file.findings.length} finding(s) from the CLI in ${path.relative(REPO_ROOT, file.path)}`);
  }
  const runs: SuiteRun[] = [{ title: 'Editor tier summary', outputPrefix: '', env: suiteEnvironment(runDirectory, expected), code: 1 }];
  let code = 1;
  try {
    const [mainRun] = runs;
    mainRun.code = process.env.VSCODE_EXECUTABLE_PATH
      ? await runInDesktopVsCode(runDirectory, workspace, suite.index, mainRun.env)
      : await runInCodeServer(runDirectory, workspace, suite.index, mainRun.env);
    if (process.env.VSCODE_EXECUTABLE_PATH) {
      say('restricted-mode run skipped: @vscode/test-electron always disables workspace trust');
    } else {
      const restricted: SuiteRun = {
        title: 'Restricted mode (untrusted workspace)',
        outputPrefix: 'restricted-',
        env: suiteEnvironment(restrictedDirectory, expected),
        code: 1,
      };
      runs.push(restricted);
      say('restricted mode: the same workspace, untrusted, with the ssh path set to a canary');
      restricted.code = await runRestricted(restrictedDirectory, workspace, restricted.env);
    }
  } finally {
    code = runs.reduce((first, run) => first || run.code, 0);
    const killed = await killLeftovers(runDirectory, processSnapshot);
    if (killed.length > 0) say(`killed ${killed.length} leftover process(es):\n  ${killed.join('\n  ')}`);
    const remaining = [...processesMentioning(runDirectory), ...survivors(processSnapshot)];
    if (remaining.length > 0) {
      say(`processes still running: ${remaining.map((p) => p.pid).join(' ')}`);
      code = code || 1;
    } else {
      say(`no process started by this run is left (${processSnapshot.length} were running before the stops)`);
    }
    for (const run of runs) {
      const { SOCKET_LENS_EDITOR_REPORT: report, SOCKET_LENS_EDITOR_LOG: log } = run.env;
      if (fs.existsSync(report)) fs.copyFileSync(report, path.join(OUTPUT_DIRECTORY, `${run.outputPrefix}report.json`));
      if (fs.existsSync(log)) fs.copyFileSync(log, path.join(OUTPUT_DIRECTORY, `${run.outputPrefix}suite.log`));
    }
    console.log('');
    for (const run of runs) {
      if (!printReport(run)) code = code || 1;
    }
    fs.rmSync(runDirectory, { recursive: true, force: true });
    suite.remove();
    console.log(`  exit code ${code}, ${Math.round((Date.now() - started) / 1000)} s in all; logs in ${path.relative(REPO_ROOT, OUTPUT_DIRECTORY)}/`);
  }
  return code;
}

main().then(
  (code) => process.exit(code),
  (error: Error) => {
    console.error(`[editor] ${error.stack ?? error.message}`);
    process.exit(1);
  },
);
