/**
 * The extension in a real VS Code: it activates, its language server starts, and it publishes the same findings
 * the CLI reports for a Go file and a JavaScript file of the fixture workspace.
 */
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import {
  activateSocketLens,
  assertDiagnosticsMatchCli,
  canTakeScreenshots,
  diagnosticCode,
  expectedFile,
  socketLensDiagnostics,
  takeScreenshot,
  waitFor,
} from './helpers';

suite('Socket Lens in the editor', () => {
  test('the extension activates and its language server starts', async () => {
    const extension = await activateSocketLens();
    const commands = new Set(await vscode.commands.getCommands(true));
    const contributed = (extension.packageJSON.contributes.commands as Array<{ command: string }>).map((c) => c.command);
    assert.ok(contributed.includes('socketLens.restartServer'));
    for (const command of contributed) assert.ok(commands.has(command), `command ${command} is registered`);
  });

  test('the language server reports the CLI findings on a Go file', async () => {
    await assertDiagnosticsMatchCli(expectedFile('go'));
  });

  // Before any other file is opened, so the Problems panel lists only this file's rows (it renders visible rows only).
  test('the Problems panel shows the diagnostics (screenshot)', async function () {
    if (!canTakeScreenshots()) {
      console.log('screenshots need the code-server run (npm run test:editor without VSCODE_EXECUTABLE_PATH)');
      this.skip();
    }
    const file = expectedFile('go');
    const document = await vscode.workspace.openTextDocument(vscode.Uri.file(file.path));
    const editor = await vscode.window.showTextDocument(document);
    const first = file.findings[0];
    const position = new vscode.Position(first.line - 1, first.column - 1);
    editor.selection = new vscode.Selection(position, position);
    editor.revealRange(new vscode.Range(position, position), vscode.TextEditorRevealType.InCenter);
    await vscode.commands.executeCommand('workbench.actions.view.problems');
    await waitFor(() => (socketLensDiagnostics(document.uri).length > 0 ? true : undefined), 30_000, () => 'diagnostics');
    await new Promise((resolve) => setTimeout(resolve, 1500)); // let the panel and squiggles render
    const shot = await takeScreenshot('problems-go');
    assert.ok(shot.bytes > 10_000, `screenshot ${shot.path} has content (${shot.bytes} bytes)`);
    for (const finding of file.findings) {
      assert.ok(
        shot.problems.some((row) => row.includes(finding.rule) && row.includes(`Ln ${finding.line}, Col ${finding.column}`)),
        `the Problems panel shows ${finding.rule} at Ln ${finding.line}, Col ${finding.column}; rows: ${JSON.stringify(shot.problems)}`,
      );
    }
  });

  test('the language server reports the CLI findings on a JavaScript file', async () => {
    await assertDiagnosticsMatchCli(expectedFile('javascript'));
  });

  test('the language server reports the CLI findings on a TypeScript file', async () => {
    await assertDiagnosticsMatchCli(expectedFile('typescript'));
  });

  for (const language of ['go', 'javascript'] as const) {
    test(`the quick fixes on a ${language} finding are the CLI's fixes`, async () => {
      const file = expectedFile(language);
      const finding = file.findings.find((candidate) => candidate.fixes.length > 0);
      assert.ok(finding, `no finding with a fix in ${file.path}`);
      const uri = vscode.Uri.file(file.path);
      await vscode.window.showTextDocument(await vscode.workspace.openTextDocument(uri));
      const diagnostic = await waitFor(
        () => socketLensDiagnostics(uri).find((d) => diagnosticCode(d) === finding.rule && d.range.start.line === finding.line - 1),
        30_000,
        () => `diagnostic ${finding.rule} on line ${finding.line}`,
      );
      const actions = await vscode.commands.executeCommand<vscode.CodeAction[]>(
        'vscode.executeCodeActionProvider',
        uri,
        diagnostic.range,
        vscode.CodeActionKind.QuickFix.value,
      );
      // (the API command returns actions without their diagnostics: titles are what a user picks from)
      const offered = actions.map((action) => action.title);
      for (const title of finding.fixes) assert.ok(offered.includes(title), `quick fix "${title}" offered; got ${JSON.stringify(offered)}`);
      const edits = actions.filter((action) => finding.fixes.includes(action.title)).map((action) => action.edit?.size ?? 0);
      assert.ok(edits.every((size) => size > 0), 'each quick fix carries a workspace edit');
    });
  }

});
