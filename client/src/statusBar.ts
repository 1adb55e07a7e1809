import * as vscode from 'vscode';
import { State, type LanguageClient } from 'vscode-languageclient/node';
import { DIAGNOSTIC_SOURCE } from './clientIds';

const STATE_TEXT: Record<State, string> = {
  [State.Starting]: 'starting',
  [State.Running]: 'running',
  [State.Stopped]: 'stopped',
};

/** Socket Lens diagnostics across the open documents, per severity. */
export function countFindings(): { total: number; errors: number; warnings: number } {
  let errors = 0;
  let warnings = 0;
  let total = 0;
  for (const [, diagnostics] of vscode.languages.getDiagnostics()) {
    for (const d of diagnostics) {
      if (d.source !== DIAGNOSTIC_SOURCE) continue;
      total++;
      if (d.severity === vscode.DiagnosticSeverity.Error) errors++;
      else if (d.severity === vscode.DiagnosticSeverity.Warning) warnings++;
    }
  }
  return { total, errors, warnings };
}

/**
 * A status bar item with the server's state and the number of findings; clicking it opens the Problems panel.
 * The state changes are logged to the output channel as well.
 */
export function createStatusBar(client: LanguageClient, output: vscode.OutputChannel): vscode.Disposable[] {
  const item = vscode.window.createStatusBarItem('socketLens.status', vscode.StatusBarAlignment.Left, 0);
  item.name = 'Socket Lens';
  item.command = 'workbench.actions.view.problems';
  let state = State.Starting;
  const render = () => {
    const { total, errors, warnings } = countFindings();
    const icon = state === State.Running ? '$(pulse)' : state === State.Starting ? '$(sync~spin)' : '$(circle-slash)';
    item.text = state === State.Running ? `${icon} Socket Lens: ${total}` : `${icon} Socket Lens: ${STATE_TEXT[state]}`;
    item.tooltip = `Socket Lens language server: ${STATE_TEXT[state]}\n${total} finding(s) in open files (${errors} error(s), ${warnings} warning(s))\nClick to open the Problems panel.`;
    item.backgroundColor = state === State.Stopped ? new vscode.ThemeColor('statusBarItem.warningBackground') : undefined;
  };
  render();
  item.show();
  return [
    item,
    client.onDidChangeState((e) => {
      state = e.newState;
      output.appendLine(`[socket-lens] language server ${STATE_TEXT[e.oldState]} → ${STATE_TEXT[e.newState]}`);
      render();
    }),
    vscode.languages.onDidChangeDiagnostics(render),
  ];
}
