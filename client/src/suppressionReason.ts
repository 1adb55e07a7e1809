import * as vscode from 'vscode';
import type { Middleware } from 'vscode-languageclient/node';

/** The suppression comment the server inserts: `// socketlens:ignore RULE reason` on its own line. */
const SUPPRESSION_LINE = /^([ \t]*\/\/ socketlens:ignore [\w-]+ )reason(\r?\n)$/;

/**
 * The "Ignore RULE on this line" quick fix, turned into a snippet edit so the cursor lands on a selected `reason`
 * placeholder (type to replace it) instead of leaving the literal word in the code.
 */
export const suppressionReasonMiddleware: Middleware = {
  async provideCodeActions(document, range, context, token, next) {
    const actions = await next(document, range, context, token);
    if (!actions) return actions;
    for (const action of actions) {
      if (!(action instanceof vscode.CodeAction) || !action.edit || !action.title.startsWith('Ignore ')) continue;
      const edits = action.edit.get(document.uri);
      const match = edits.length === 1 ? SUPPRESSION_LINE.exec(edits[0].newText) : null;
      if (!match) continue;
      const snippet = new vscode.SnippetString().appendText(match[1]).appendPlaceholder('reason').appendText(match[2]);
      const edit = new vscode.WorkspaceEdit();
      edit.set(document.uri, [new vscode.SnippetTextEdit(edits[0].range, snippet)]);
      action.edit = edit;
    }
    return actions;
  },
};
