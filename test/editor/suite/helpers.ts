/** Helpers shared by the in-extension-host suite files (bundled into each of them). */
import * as assert from 'node:assert/strict';
import * as http from 'node:http';
import * as path from 'node:path';
import * as vscode from 'vscode';

export const EXTENSION_ID = 'socket-lens.socket-lens';
export const DIAGNOSTIC_SOURCE = 'socket-lens';

/** A finding as the CLI's JSON reports it (the subset the editor test compares). */
export interface ExpectedFinding {
  rule: string;
  severity: 'error' | 'warning' | 'info' | 'hint';
  line: number;
  column: number;
}

/** A CLI finding with the titles of the fixes it offers (what the editor's quick fixes should show). */
export interface ExpectedFindingWithFixes extends ExpectedFinding {
  fixes: string[];
}

export interface ExpectedFile {
  /** Absolute path in the workspace. */
  path: string;
  language: 'go' | 'javascript' | 'typescript';
  findings: ExpectedFindingWithFixes[];
  /** The file's first finding with a preferred fix, and the whole text once that fix is applied (from the engine). */
  preferredFix?: { rule: string; line: number; title: string; fixedText: string };
}

/** What the runner learnt from `socket-lens scan --format json` over the workspace (SOCKET_LENS_EDITOR_EXPECTED). */
export interface EditorExpectations {
  workspace: string;
  files: ExpectedFile[];
  /** Set when the CLI could not scan the workspace. */
  cliError?: string;
}

export function expectations(): EditorExpectations {
  const raw = process.env.SOCKET_LENS_EDITOR_EXPECTED;
  if (!raw) throw new Error('SOCKET_LENS_EDITOR_EXPECTED is not set: run the suite through `npm run test:editor`');
  return JSON.parse(raw) as EditorExpectations;
}

export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/** Polls `probe` until it returns a value other than undefined, or throws `describe()` after timeoutMs. */
export async function waitFor<T>(probe: () => T | undefined | Promise<T | undefined>, timeoutMs: number, describe: () => string): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms: ${describe()}`);
    await sleep(100);
  }
}

export function withTimeout<T>(promise: Thenable<T>, timeoutMs: number, what: string): Promise<T> {
  return Promise.race([
    Promise.resolve(promise),
    new Promise<T>((_, reject) => setTimeout(() => reject(new Error(`timed out after ${timeoutMs} ms: ${what}`)), timeoutMs)),
  ]);
}

export function socketLensDiagnostics(uri: vscode.Uri): vscode.Diagnostic[] {
  return vscode.languages.getDiagnostics(uri).filter((diagnostic) => diagnostic.source === DIAGNOSTIC_SOURCE);
}

export function diagnosticCode(diagnostic: vscode.Diagnostic): string {
  const code = diagnostic.code;
  return typeof code === 'object' && code !== null ? String(code.value) : String(code);
}

const SEVERITY_NAMES: Record<vscode.DiagnosticSeverity, ExpectedFinding['severity']> = {
  [vscode.DiagnosticSeverity.Error]: 'error',
  [vscode.DiagnosticSeverity.Warning]: 'warning',
  [vscode.DiagnosticSeverity.Information]: 'info',
  [vscode.DiagnosticSeverity.Hint]: 'hint',
};

/** A diagnostic in the CLI's terms (1-based line/column), for comparison with ExpectedFinding. */
export function asFinding(diagnostic: vscode.Diagnostic): ExpectedFinding {
  return {
    rule: diagnosticCode(diagnostic),
    severity: SEVERITY_NAMES[diagnostic.severity],
    line: diagnostic.range.start.line + 1,
    column: diagnostic.range.start.character + 1,
  };
}

export function sortFindings(findings: ExpectedFinding[]): ExpectedFinding[] {
  const key = (f: ExpectedFinding) => `${String(f.line).padStart(6, '0')}:${String(f.column).padStart(6, '0')}:${f.rule}:${f.severity}`;
  return [...findings].sort((a, b) => key(a).localeCompare(key(b)));
}

/** True when the runner can take screenshots (code-server + Chromium); false under @vscode/test-electron. */
export function canTakeScreenshots(): boolean {
  return Boolean(process.env.SOCKET_LENS_SCREENSHOT_URL);
}

export interface Screenshot {
  path: string;
  bytes: number;
  /** The rows of the Problems panel when the screenshot was taken, as text (empty if the panel is closed). */
  problems: string[];
  /** The entries of the quick-fix (light bulb) menu when the screenshot was taken (empty if none is open). */
  quickFixes: string[];
  /** The status bar items as `id: text`. */
  statusBar: string[];
  /** The text of the editor hover, if one is showing. */
  hover: string;
  /** The lines the panel's editor shows (the Output view when it is open). */
  panelText: string;
}

/**
 * Asks the runner (which drives the browser) to screenshot the workbench as the user sees it now.
 * Returns the saved file's path and size, and the rows the Problems panel showed.
 */
export function takeScreenshot(name: string): Promise<Screenshot> {
  const base = process.env.SOCKET_LENS_SCREENSHOT_URL;
  if (!base) return Promise.reject(new Error('no screenshot service (SOCKET_LENS_SCREENSHOT_URL) in this run'));
  return new Promise((resolve, reject) => {
    const request = http.request(`${base}?name=${encodeURIComponent(name)}`, { method: 'POST', timeout: 30_000 }, (response) => {
      const chunks: Buffer[] = [];
      response.on('data', (chunk: Buffer) => chunks.push(chunk));
      response.on('end', () => {
        const body = Buffer.concat(chunks).toString('utf8');
        if (response.statusCode !== 200) reject(new Error(`screenshot failed: ${response.statusCode} ${body}`));
        else resolve(JSON.parse(body) as Screenshot);
      });
    });
    request.on('timeout', () => request.destroy(new Error('screenshot request timed out')));
    request.on('error', reject);
    request.end();
  });
}

/** Asks the runner to click a status bar item (by its DOM id) in the browser, as a user would. */
export function clickStatusBarItem(id: string): Promise<void> {
  const base = process.env.SOCKET_LENS_SCREENSHOT_URL;
  if (!base) return Promise.reject(new Error('no screenshot service (SOCKET_LENS_SCREENSHOT_URL) in this run'));
  const url = `${base.replace(/\/screenshot$/, '/click')}?statusBarItem=${encodeURIComponent(id)}`;
  return new Promise((resolve, reject) => {
    const request = http.request(url, { method: 'POST', timeout: 30_000 }, (response) => {
      const chunks: Buffer[] = [];
      response.on('data', (chunk: Buffer) => chunks.push(chunk));
      response.on('end', () => (response.statusCode === 200 ? resolve() : reject(new Error(`click failed: ${Buffer.concat(chunks)}`))));
    });
    request.on('timeout', () => request.destroy(new Error('click request timed out')));
    request.on('error', reject);
    request.end();
  });
}

interface SocketLensApi {
  serverReady: Promise<void>;
}

/** Activates the extension and waits for its language server; returns the extension. */
export async function activateSocketLens(): Promise<vscode.Extension<SocketLensApi>> {
  const extension = vscode.extensions.getExtension<SocketLensApi>(EXTENSION_ID);
  assert.ok(extension, `${EXTENSION_ID} is installed in the extension host`);
  const api = await withTimeout(extension.activate(), 60_000, 'activation');
  assert.equal(extension.isActive, true);
  assert.ok(api && api.serverReady instanceof Promise, 'the extension exports { serverReady }');
  await withTimeout(api.serverReady, 60_000, 'language server start');
  return extension;
}

export function expectedFile(language: ExpectedFile['language']): ExpectedFile {
  const { cliError, files } = expectations();
  assert.equal(cliError, undefined, 'the CLI scanned the workspace (its findings are what the editor must show)');
  const file = files.find((candidate) => candidate.language === language);
  assert.ok(file, `the workspace has no ${language} file`);
  assert.ok(file.findings.length > 0, `the CLI reports no finding in any ${language} file (first: ${file.path}); the editor test needs a leaking one`);
  return file;
}

/** Opens the file in an editor and waits until the socket-lens diagnostics equal the CLI's findings. */
export async function assertDiagnosticsMatchCli(file: ExpectedFile): Promise<vscode.TextEditor> {
  const document = await vscode.workspace.openTextDocument(vscode.Uri.file(file.path));
  assert.equal(document.languageId, file.language, `language of ${path.basename(file.path)}`);
  const editor = await vscode.window.showTextDocument(document);
  const expected = sortFindings(file.findings.map(({ rule, severity, line, column }) => ({ rule, severity, line, column })));
  let actual: ReturnType<typeof asFinding>[] = [];
  try {
    await waitFor(
      () => {
        actual = sortFindings(socketLensDiagnostics(document.uri).map(asFinding));
        return JSON.stringify(actual) === JSON.stringify(expected) ? true : undefined;
      },
      30_000,
      () => `socket-lens diagnostics of ${file.path}`,
    );
  } catch (error) {
    assert.deepEqual(actual, expected, `${(error as Error).message}: editor diagnostics differ from the CLI's findings`);
  }
  for (const diagnostic of socketLensDiagnostics(document.uri)) {
    assert.ok(diagnostic.message.length > 0, 'a diagnostic has a message');
    assert.equal(typeof diagnostic.code, 'object', 'the diagnostic code carries a documentation link');
    const code = diagnostic.code as { value: string | number; target: vscode.Uri };
    assert.equal(code.target.scheme, 'command', 'the rule link runs the command that opens the packaged page');
    assert.equal(code.target.path, 'socketLens.openRuleDoc', 'the rule link runs socketLens.openRuleDoc');
  }
  return editor;
}
