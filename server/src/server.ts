/**
 * Language server entry point. The VS Code client starts it over IPC; tests and other editors
 * start it with `--stdio` (vscode-languageserver picks the transport from the command line).
 */
import { createConnection, ProposedFeatures } from 'vscode-languageserver/node';
import { createServer } from './lsp/createServer';
import { limitHeapGrowth } from './lsp/serverHeap';

limitHeapGrowth();
const connection = createConnection(ProposedFeatures.all);
// stdout may be the protocol channel: route stray console output to the client's log instead.
console.log = (...args: unknown[]) => connection.console.log(args.map(String).join(' '));
console.error = (...args: unknown[]) => connection.console.error(args.map(String).join(' '));
process.on('uncaughtException', (err) => connection.console.error(`uncaught: ${err?.stack ?? err}`));
process.on('unhandledRejection', (err) => connection.console.error(`unhandled rejection: ${err}`));
createServer(connection);
