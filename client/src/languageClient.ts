import type * as vscode from 'vscode';
import { LanguageClient, TransportKind, type LanguageClientOptions, type ServerOptions } from 'vscode-languageclient/node';
import { suppressionReasonMiddleware } from './suppressionReason';
import { LANGUAGE_CLIENT_ID, OPEN_RULE_DOC_COMMAND } from './clientIds';

/** Languages the server analyses, as document selectors. */
const LANGUAGES = ['go', 'javascript', 'typescript', 'javascriptreact', 'typescriptreact'];

/**
 * Creates the language client that runs dist/server/server.js over IPC. Its id makes `socketLens.trace.server`
 * the protocol trace setting; the trace and the server's log go to the Socket Lens output channel.
 */
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
    // Rule links run this command, which opens the rule page packaged with the extension.
    initializationOptions: { openRuleDocCommand: OPEN_RULE_DOC_COMMAND },
    markdown: { isTrusted: { enabledCommands: [OPEN_RULE_DOC_COMMAND] } },
  };
  return new LanguageClient(LANGUAGE_CLIENT_ID, 'Socket Lens', serverOptions, clientOptions);
}
