import * as vscode from 'vscode';
import type { LanguageClient } from 'vscode-languageclient/node';
import { registerCommands } from './commands';
import { createLanguageClient } from './languageClient';
import { WorkspaceScan } from './workspaceScan';
import { createStatusBar } from './statusBar';

let client: LanguageClient | undefined;

/** What the extension exports to other extensions and to its own editor tests. */
export interface SocketLensApi {
  /** Resolves once the language server is running and initialised. */
  serverReady: Promise<void>;
}

export function activate(context: vscode.ExtensionContext): SocketLensApi {
  const output = vscode.window.createOutputChannel('Socket Lens');
  const workspaceScan = new WorkspaceScan(() => client);
  context.subscriptions.push(output, workspaceScan, ...registerCommands({ extension: context, output, client: () => client, workspaceScan }));
  client = createLanguageClient(context, output);
  context.subscriptions.push(...createStatusBar(client, output));
  output.appendLine(`[socket-lens] Socket Lens ${context.extension.packageJSON.version} activating; starting the language server`);
  const serverReady = client.start().catch((err: unknown) => {
    output.appendLine(`Socket Lens: the language server failed to start: ${err}`);
    void vscode.window.showErrorMessage('Socket Lens: the language server failed to start. See the Socket Lens output.');
    throw err;
  });
  return { serverReady };
}

export async function deactivate(): Promise<void> {
  await client?.stop();
  client = undefined;
}
