import * as vscode from 'vscode';
import type { LanguageClient } from 'vscode-languageclient/node';
import { OPEN_RULE_DOC_COMMAND } from './clientIds';
import { inspectFleet } from './fleet/inspectFleetCommand';
import { inspectHost } from './inspector/inspectHostCommand';
import type { WorkspaceScan } from './workspaceScan';
import { openRuleDoc } from './ruleDocs';

/** What a command needs from the running extension. */
export interface CommandContext {
  extension: vscode.ExtensionContext;
  output: vscode.OutputChannel;
  client: () => LanguageClient | undefined;
  workspaceScan: WorkspaceScan;
}

type Command = (ctx: CommandContext, ...args: unknown[]) => unknown;

/** The commands table: every contributed command and what it does. */
export const COMMANDS: Record<string, Command> = {
  'socketLens.inspectHost': (ctx, host) => inspectHost(ctx.extension, typeof host === 'string' ? host : undefined),
  'socketLens.inspectFleet': (ctx, url) => inspectFleet(ctx.extension, typeof url === 'string' ? url : undefined),
  'socketLens.restartServer': async (ctx) => {
    await ctx.client()?.restart();
    void vscode.window.setStatusBarMessage('Socket Lens: language server restarted', 3000);
  },
  'socketLens.showOutput': (ctx) => ctx.output.show(true),
  'socketLens.scanWorkspace': (ctx) => ctx.workspaceScan.run(),
  'socketLens.cancelWorkspaceScan': (ctx) => ctx.workspaceScan.cancel(),
  [OPEN_RULE_DOC_COMMAND]: (ctx, ruleId) => openRuleDoc(ctx.extension, ruleId, ctx.output),
};

export function registerCommands(ctx: CommandContext): vscode.Disposable[] {
  return Object.entries(COMMANDS).map(([id, run]) => vscode.commands.registerCommand(id, (...args: unknown[]) => run(ctx, ...args)));
}
