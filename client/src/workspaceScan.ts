import * as vscode from 'vscode';
import type { LanguageClient } from 'vscode-languageclient/node';
import {
  SCAN_PROGRESS_NOTIFICATION,
  SCAN_WORKSPACE_REQUEST,
  WORKSPACE_DIAGNOSTICS_NOTIFICATION,
  type ScanProgressParams,
  type ScanWorkspaceResult,
  type WorkspaceDiagnosticsParams,
} from '$shared/lsp/workspaceScanProtocol';

/**
 * "Socket Lens: Scan Workspace": fills the Problems panel for files that are not open, with a cancellable
 * progress notification. The server sends findings in batches; open files keep the diagnostics the editor pulls,
 * so a file's entry here is dropped when it is opened.
 */
export class WorkspaceScan implements vscode.Disposable {
  private readonly collection = vscode.languages.createDiagnosticCollection('socket-lens-workspace');
  private readonly openWatcher = vscode.workspace.onDidOpenTextDocument((doc) => this.collection.delete(doc.uri));
  private running: vscode.CancellationTokenSource | undefined;

  constructor(private readonly client: () => LanguageClient | undefined) {}

  /** Cancels the running scan, if any. Returns whether one was running. */
  cancel(): boolean {
    this.running?.cancel();
    return this.running !== undefined;
  }

  async run(): Promise<ScanWorkspaceResult | undefined> {
    const client = this.client();
    if (!client) {
      void vscode.window.showWarningMessage('Socket Lens: the language server is not running.');
      return undefined;
    }
    if (this.running) {
      void vscode.window.showInformationMessage('Socket Lens: a workspace scan is already running.');
      return undefined;
    }
    const source = new vscode.CancellationTokenSource();
    this.running = source;
    try {
      return await vscode.window.withProgress(
        { location: vscode.ProgressLocation.Notification, title: 'Socket Lens: scanning the workspace', cancellable: true },
        async (progress, progressToken) => {
          const cancelled = progressToken.onCancellationRequested(() => source.cancel());
          this.collection.clear();
          let reported = 0;
          const listeners = [
            client.onNotification(WORKSPACE_DIAGNOSTICS_NOTIFICATION, (params: WorkspaceDiagnosticsParams) => {
              void this.add(client, params);
            }),
            client.onNotification(SCAN_PROGRESS_NOTIFICATION, ({ done, total }: ScanProgressParams) => {
              const percent = total === 0 ? 100 : (done / total) * 100;
              progress.report({ message: `${done}/${total} files`, increment: percent - reported });
              reported = percent;
            }),
          ];
          try {
            const result = await client.sendRequest<ScanWorkspaceResult>(SCAN_WORKSPACE_REQUEST, {}, source.token).catch((err: unknown) => {
              if (source.token.isCancellationRequested) return { files: 0, filesWithFindings: 0, findings: 0, skipped: 0, cancelled: true };
              throw err;
            });
            await this.pending;
            const summary = `${result.findings} finding${result.findings === 1 ? '' : 's'} in ${result.filesWithFindings} of ${result.files} files`;
            const skipped = result.skipped > 0 ? ` (${result.skipped} skipped: too big or beyond the memory budget)` : '';
            void vscode.window.setStatusBarMessage(`Socket Lens: ${result.cancelled ? 'scan cancelled after ' : ''}${summary}${skipped}`, 8000);
            return result;
          } finally {
            for (const listener of listeners) listener.dispose();
            cancelled.dispose();
          }
        },
      );
    } finally {
      source.dispose();
      this.running = undefined;
    }
  }

  private pending: Promise<void> = Promise.resolve();

  private add(client: LanguageClient, params: WorkspaceDiagnosticsParams): Promise<void> {
    this.pending = this.pending.then(async () => {
      const open = new Set(vscode.workspace.textDocuments.map((d) => d.uri.toString()));
      for (const item of params.items) {
        const uri = client.protocol2CodeConverter.asUri(item.uri);
        if (open.has(uri.toString())) continue;
        this.collection.set(uri, await client.protocol2CodeConverter.asDiagnostics(item.diagnostics));
      }
    });
    return this.pending;
  }

  dispose(): void {
    this.running?.cancel();
    this.collection.dispose();
    this.openWatcher.dispose();
  }
}
