/**
 * Starts the bundled language server (dist/server/server.js) over --stdio and speaks LSP to it,
 * as an editor would. Used by the server-tier tests and the benchmark.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import {
  createProtocolConnection,
  StreamMessageReader,
  StreamMessageWriter,
  type ClientCapabilities,
  type Diagnostic,
  type InitializeResult,
  type ProtocolConnection,
} from 'vscode-languageserver-protocol/node';

export const REPO_ROOT = path.resolve(__dirname, '..', '..');
export const SERVER_BUNDLE = path.join(REPO_ROOT, 'dist', 'server', 'server.js');

export interface StartOptions {
  /** Answer `workspace/configuration` with these `socketLens` settings (per scopeUri if a function). */
  settings?: unknown | ((scopeUri: string | undefined) => unknown);
  /** Advertise pull diagnostics (default true). */
  pullDiagnostics?: boolean;
  /** Workspace folders (file system paths) sent in `initialize`. */
  workspaceFolders?: string[];
  /** Sent as `initializationOptions`, as the VS Code client does. */
  initializationOptions?: unknown;
  /** Options for node before the bundle (e.g. `--require` of a test hook). */
  nodeArgs?: string[];
}

export class LanguageServerProcess {
  readonly stderr: string[] = [];
  /** What the server logged (`window/logMessage`): what the Output channel shows in VS Code. */
  readonly logs: string[] = [];
  /** Diagnostics pushed by the server, by URI (push mode). */
  readonly pushed = new Map<string, Diagnostic[]>();
  /** Messages the server showed the user (`window/showMessage`). */
  readonly messages: string[] = [];
  private versions = new Map<string, number>();
  /** What the server answered to `initialize`. */
  initializeResult: InitializeResult | undefined;

  private constructor(
    readonly child: ChildProcess,
    readonly connection: ProtocolConnection,
  ) {}

  static async start(options: StartOptions = {}): Promise<LanguageServerProcess> {
    const child = spawn(process.execPath, [...(options.nodeArgs ?? []), SERVER_BUNDLE, '--stdio'], { stdio: ['pipe', 'pipe', 'pipe'] });
    const connection = createProtocolConnection(new StreamMessageReader(child.stdout!), new StreamMessageWriter(child.stdin!));
    const server = new LanguageServerProcess(child, connection);
    child.stderr!.on('data', (d) => server.stderr.push(String(d)));
    connection.onRequest('workspace/configuration', (params: { items: { scopeUri?: string; section?: string }[] }) =>
      params.items.map((item) =>
        typeof options.settings === 'function' ? (options.settings as (u?: string) => unknown)(item.scopeUri) : (options.settings ?? {}),
      ),
    );
    connection.onRequest('client/registerCapability', () => null);
    connection.onRequest('workspace/diagnostic/refresh', () => null);
    connection.onNotification('textDocument/publishDiagnostics', (p: { uri: string; diagnostics: Diagnostic[] }) => {
      server.pushed.set(p.uri, p.diagnostics);
    });
    connection.onNotification('window/logMessage', (p: { message: string }) => {
      server.logs.push(p.message);
    });
    connection.onNotification('window/showMessage', (p: { type: number; message: string }) => server.messages.push(p.message));
    connection.listen();
    const pull = options.pullDiagnostics ?? true;
    const capabilities: ClientCapabilities = {
      workspace: {
        configuration: true,
        diagnostics: { refreshSupport: true },
        didChangeWatchedFiles: { dynamicRegistration: true },
        workspaceFolders: !!options.workspaceFolders,
      },
      textDocument: {
        ...(pull ? { diagnostic: { dynamicRegistration: false, relatedDocumentSupport: false } } : {}),
        codeAction: { codeActionLiteralSupport: { codeActionKind: { valueSet: ['quickfix', 'source.fixAll'] } }, isPreferredSupport: true },
        hover: { contentFormat: ['markdown', 'plaintext'] },
        publishDiagnostics: { relatedInformation: false },
      },
    };
    server.initializeResult = await connection.sendRequest<InitializeResult>('initialize', {
      processId: process.pid,
      rootUri: null,
      capabilities,
      workspaceFolders: options.workspaceFolders?.map((f) => ({ uri: pathToFileURL(f).href, name: path.basename(f) })) ?? null,
      clientInfo: { name: 'socket-lens-tests' },
      initializationOptions: options.initializationOptions,
    });
    await connection.sendNotification('initialized', {});
    return server;
  }

  open(uri: string, languageId: string, text: string): Promise<void> {
    this.versions.set(uri, 1);
    return this.connection.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId, version: 1, text } });
  }

  /** Replaces the whole text (a full-document change). */
  change(uri: string, text: string): Promise<void> {
    const version = (this.versions.get(uri) ?? 1) + 1;
    this.versions.set(uri, version);
    return this.connection.sendNotification('textDocument/didChange', { textDocument: { uri, version }, contentChanges: [{ text }] });
  }

  close(uri: string): Promise<void> {
    return this.connection.sendNotification('textDocument/didClose', { textDocument: { uri } });
  }

  async diagnostics(uri: string): Promise<Diagnostic[]> {
    const report = await this.connection.sendRequest<{ kind: string; items: Diagnostic[] }>('textDocument/diagnostic', { textDocument: { uri } });
    return report.items;
  }

  request<R>(method: string, params: unknown): Promise<R> {
    return this.connection.sendRequest<R>(method, params);
  }

  /** Shutdown + exit; resolves with the process's exit code. */
  async stop(): Promise<number | null> {
    const exited = new Promise<number | null>((resolve) => this.child.once('exit', (code) => resolve(code)));
    if (this.child.exitCode === null) {
      await this.connection.sendRequest('shutdown').catch(() => undefined);
      await this.connection.sendNotification('exit').catch(() => undefined);
    }
    const timer = setTimeout(() => this.child.kill('SIGKILL'), 5000);
    const code = await exited;
    clearTimeout(timer);
    this.connection.dispose();
    return code;
  }
}
