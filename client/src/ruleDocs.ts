import * as vscode from 'vscode';
import { RULE_ID } from './clientIds';

/** The rule pages packaged with the extension (docs/rules/<id>.md). */
function rulesFolder(context: vscode.ExtensionContext): vscode.Uri {
  return vscode.Uri.joinPath(context.extensionUri, 'docs', 'rules');
}

async function pickRule(context: vscode.ExtensionContext): Promise<string | undefined> {
  const folder = rulesFolder(context);
  const pages = (await vscode.workspace.fs.readDirectory(folder)).filter(([name]) => name.endsWith('.md')).map(([name]) => name.slice(0, -3));
  const items = await Promise.all(
    pages.sort().map(async (id) => {
      const text = new TextDecoder().decode(await vscode.workspace.fs.readFile(vscode.Uri.joinPath(folder, `${id}.md`)));
      const title = /^# [\w-]+: (.+)$/m.exec(text)?.[1] ?? '';
      return { label: id, description: title };
    }),
  );
  return (await vscode.window.showQuickPick(items, { placeHolder: 'Socket Lens rule' }))?.label;
}

/**
 * Opens a rule's packaged page in the Markdown preview (the target of every rule link in diagnostics and hovers).
 * Without an argument, asks which rule. Returns the page opened, if any.
 */
export async function openRuleDoc(context: vscode.ExtensionContext, ruleId: unknown, output: vscode.OutputChannel): Promise<vscode.Uri | undefined> {
  const id = typeof ruleId === 'string' ? ruleId : await pickRule(context);
  if (id === undefined) return undefined;
  if (!RULE_ID.test(id)) {
    void vscode.window.showErrorMessage(`Socket Lens: "${id.slice(0, 60)}" is not a rule id.`);
    return undefined;
  }
  const page = vscode.Uri.joinPath(rulesFolder(context), `${id}.md`);
  try {
    await vscode.workspace.fs.stat(page);
  } catch {
    output.appendLine(`[socket-lens] no documentation page for rule ${id} (${page.toString()})`);
    void vscode.window.showErrorMessage(`Socket Lens: no documentation page for rule ${id}.`);
    return undefined;
  }
  try {
    await vscode.commands.executeCommand('markdown.showPreview', page);
  } catch (err) {
    // The built-in Markdown extension may be disabled: show the page's source instead.
    output.appendLine(`[socket-lens] Markdown preview unavailable (${err}); opening ${id}.md as text`);
    await vscode.window.showTextDocument(page, { preview: true });
  }
  return page;
}
