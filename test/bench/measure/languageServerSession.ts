/**
 * The language server bundle spawned with `--stdio`, driven over the protocol the way an editor
 * does: initialize (with our pid, pull diagnostics), didOpen / didChange, textDocument/diagnostic.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import * as fs from 'node:fs';
import {
  createProtocolConnection,
  DidChangeTextDocumentNotification,
  DidOpenTextDocumentNotification,
  DocumentDiagnosticRequest,
  ExitNotification,
  InitializedNotification,
  InitializeRequest,
  LogMessageNotification,
  ShutdownRequest,
  StreamMessageReader,
  StreamMessageWriter,
  type Diagnostic,
  type ProtocolConnection,
  type TextDocumentContentChangeEvent,
} from 'vscode-languageserver-protocol/node';

export interface ServerMemory {
  /** Peak resident set size (VmHWM), bytes. */
  peakRss: number;
  /** Current resident set size (VmRSS), bytes. */
  rss: number;
}

/** Longest wait for one response before the benchmark gives up with the server's stderr. */
const REQUEST_TIMEOUT_MS = 120_000;

export class LanguageServerSession {
  private readonly versions = new Map<string, number>();

  private constructor(
    private readonly child: ChildProcess,
    private readonly connection: ProtocolConnection,
    readonly stderr: string[],
  ) {}

  static async start(bundle: string, rootUri: string | null): Promise<LanguageServerSession> {
    // stdin/stdout are the protocol; stderr is kept for error reports.
    const child = spawn(process.execPath, [bundle, '--stdio'], { stdio: ['pipe', 'pipe', 'pipe'] });
    const stderr: string[] = [];
    child.stderr!.on('data', (chunk: Buffer) => stderr.push(chunk.toString()));
    const connection = createProtocolConnection(new StreamMessageReader(child.stdout!), new StreamMessageWriter(child.stdin!));
    // Server log messages are not part of what we measure.
    connection.onNotification(LogMessageNotification.type, () => undefined);
    connection.listen();
    const session = new LanguageServerSession(child, connection, stderr);
    child.once('exit', (code, signal) => stderr.push(`[server exited: code ${code}, signal ${signal}]`));
    await session.withTimeout('initialize', connection.sendRequest(InitializeRequest.type, {
      processId: process.pid,
      rootUri,
      workspaceFolders: rootUri ? [{ uri: rootUri, name: 'bench' }] : null,
      capabilities: {
        textDocument: {
          synchronization: { dynamicRegistration: false, didSave: false },
          diagnostic: { dynamicRegistration: false, relatedDocumentSupport: false },
        },
      },
    }));
    await connection.sendNotification(InitializedNotification.type, {});
    return session;
  }

  /** Rejects when the server does not answer in time, instead of hanging the benchmark. */
  private withTimeout<T>(what: string, promise: Promise<T>): Promise<T> {
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(
        () => reject(new Error(`language server did not answer ${what} within ${REQUEST_TIMEOUT_MS / 1000} s; its stderr:\n${this.stderr.join('').slice(-4000)}`)),
        REQUEST_TIMEOUT_MS,
      );
    });
    return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
  }

  get pid(): number {
    return this.child.pid!;
  }

  async open(uri: string, languageId: string, text: string): Promise<void> {
    this.versions.set(uri, 1);
    await this.connection.sendNotification(DidOpenTextDocumentNotification.type, { textDocument: { uri, languageId, version: 1, text } });
  }

  async change(uri: string, changes: TextDocumentContentChangeEvent[]): Promise<void> {
    const version = (this.versions.get(uri) ?? 1) + 1;
    this.versions.set(uri, version);
    await this.connection.sendNotification(DidChangeTextDocumentNotification.type, { textDocument: { uri, version }, contentChanges: changes });
  }

  async diagnostics(uri: string): Promise<Diagnostic[]> {
    const report = await this.withTimeout(`textDocument/diagnostic for ${uri}`, this.connection.sendRequest(DocumentDiagnosticRequest.type, { textDocument: { uri } }));
    return report.kind === 'full' ? report.items : [];
  }

  /** VmHWM / VmRSS of the server process from /proc (Linux). */
  memory(): ServerMemory {
    const status = fs.readFileSync(`/proc/${this.pid}/status`, 'utf8');
    const kb = (field: string) => {
      const m = new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(status);
      if (!m) throw new Error(`no ${field} in /proc/${this.pid}/status`);
      return Number(m[1]) * 1024;
    };
    return { peakRss: kb('VmHWM'), rss: kb('VmRSS') };
  }

  async stop(): Promise<void> {
    const exited = new Promise<void>((resolve) => {
      if (this.child.exitCode !== null) resolve();
      else this.child.once('exit', () => resolve());
    });
    try {
      await Promise.race([this.connection.sendRequest(ShutdownRequest.type), new Promise((r) => setTimeout(r, 5000))]);
      await this.connection.sendNotification(ExitNotification.type);
    } catch {
      // connection already gone
    }
    const timer = setTimeout(() => this.child.kill('SIGKILL'), 5000);
    await exited;
    clearTimeout(timer);
    this.connection.dispose();
  }
}
