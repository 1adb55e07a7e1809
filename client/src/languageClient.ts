import * as vscode from 'vscode';
import { LanguageClient, TransportKind, type LanguageClientOptions, type ServerOptions } from 'vscode-languageclient/node';
import { suppressionReasonMiddleware } from './suppressionReason';

/** Languages the server analyses, as document selectors. */
const LANGUAGES = ['go', 'javascript', 'typescript', 'javascriptreact', 'typescriptreact'];

/** Creates the language client that runs dist/server/server.js over IPC. */
export function createLanguageClient(context: vscode.ExtensionContext, output: vscode.OutputChannel): LanguageClient {
  const module = context.asAbsolutePath('dist/server/server.js');
  const serverOptions: ServerOptions = {
    run: { module, transport: TransportKind.ipc },
    debug: { module, transport: TransportKind.ipc, options: { execArgv: ['--nolazy', '--inspect=6019'] } },
  };
  const clientOptions: LanguageClientOptions = {
    documentSelector: LANGUAGES.flatMap((language) => [
      { scheme: 'file', language },
      { scheme: 'untitled', language },
    ]),
    synchronize: { configurationSection: 'socketLens' },
    outputChannel: output,
    middleware: suppressionReasonMiddleware,
  };
  return new LanguageClient('socketLens', 'Socket Lens', serverOptions, clientOptions);
}
