/**
 * What a user sees and does in the editor: the Problems panel for a JavaScript and a TypeScript file, and a Go and a
 * Node quick fix applied through VS Code's code action API (with the light bulb menu on screen), leaving exactly the
 * text the engine's fix produces and no longer reported. Every edited document is reverted afterwards.
 */
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { canTakeScreenshots, diagnosticCode, expectedFile, sleep, socketLensDiagnostics, takeScreenshot, waitFor, type ExpectedFile } from './helpers';

async function openAlone(file: ExpectedFile): Promise<vscode.TextEditor> {
  await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  return vscode.window.showTextDocument(await vscode.workspace.openTextDocument(vscode.Uri.file(file.path)));
}

suite('Socket Lens quick fixes and problems in the editor', () => {
  for (const language of ['javascript', 'typescript'] as const) {
    test(`the Problems panel lists the ${language} findings (screenshot)`, async function () {
      if (!canTakeScreenshots()) this.skip(); // screenshots need the code-server run
      const file = expectedFile(language);
      const editor = await openAlone(file);
      await waitFor(() => (socketLensDiagnostics(editor.document.uri).length === file.findings.length ? true : undefined), 30_000, () => `diagnostics of ${file.path}`);
      await vscode.commands.executeCommand('workbench.actions.view.problems');
      await new Promise((resolve) => setTimeout(resolve, 1500)); // let squiggles and the panel render
      const shot = await takeScreenshot(`problems-${language}`);
      assert.ok(shot.bytes > 10_000, `screenshot ${shot.path} has content`);
      for (const finding of file.findings) {
        assert.ok(
          shot.problems.some((row) => row.includes(finding.rule) && row.includes(`Ln ${finding.line}, Col ${finding.column}`)),
          `the Problems panel shows ${finding.rule} at Ln ${finding.line}, Col ${finding.column}; rows: ${JSON.stringify(shot.problems)}`,
        );
      }
    });
  }

  for (const language of ['go', 'javascript'] as const) {
    test(`applying the preferred ${language} quick fix gives the engine's text and clears the finding`, async () => {
      const file = expectedFile(language);
      const expected = file.preferredFix;
      assert.ok(expected, `a finding in ${file.path} has a preferred fix`);
      const editor = await openAlone(file);
      const uri = editor.document.uri;
      try {
        const diagnostic = await waitFor(
          () => socketLensDiagnostics(uri).find((d) => diagnosticCode(d) === expected.rule && d.range.start.line === expected.line - 1),
          30_000,
          () => `diagnostic ${expected.rule} on line ${expected.line}`,
        );
        if (canTakeScreenshots()) {
          // The light bulb menu as a user opens it, with the cursor on the finding.
          editor.selection = new vscode.Selection(diagnostic.range.start, diagnostic.range.start);
          editor.revealRange(diagnostic.range, vscode.TextEditorRevealType.InCenter);
          // A diagnostic seen right after reopening can be the one from before the close; wait until the server,
          // which now has the reopened document, offers the fix where the cursor is.
          const cursor = new vscode.Range(diagnostic.range.start, diagnostic.range.start);
          await waitFor(
            async () => {
              const offered = await vscode.commands.executeCommand<vscode.CodeAction[]>('vscode.executeCodeActionProvider', uri, cursor, vscode.CodeActionKind.QuickFix.value);
              return offered.some((action) => action.title === expected.title) ? true : undefined;
            },
            30_000,
            () => `"${expected.title}" offered at the cursor`,
          );
          let shot: Awaited<ReturnType<typeof takeScreenshot>> | undefined;
          for (let attempt = 0; attempt < 5 && !shot; attempt++) {
            await vscode.commands.executeCommand('editor.action.quickFix');
            await sleep(800);
            const candidate = await takeScreenshot(`quick-fix-menu-${language}`);
            if (candidate.quickFixes.some((row) => row.includes(expected.title))) shot = candidate;
            else await vscode.commands.executeCommand('hideCodeActionWidget').then(undefined, () => undefined);
          }
          assert.ok(shot, `the quick-fix menu lists "${expected.title}"`);
          assert.ok(shot.quickFixes.some((row) => row.includes(`Ignore ${expected.rule}`)), `the menu offers the suppression too: ${JSON.stringify(shot.quickFixes)}`);
          await vscode.commands.executeCommand('hideCodeActionWidget').then(undefined, () => undefined);
        }
        const actions = await vscode.commands.executeCommand<vscode.CodeAction[]>(
          'vscode.executeCodeActionProvider',
          uri,
          diagnostic.range,
          vscode.CodeActionKind.QuickFix.value,
        );
        const preferred = actions.find((action) => action.title === expected.title);
        assert.ok(preferred?.edit, `quick fix "${expected.title}" offered with an edit; got ${JSON.stringify(actions.map((a) => a.title))}`);
        assert.equal(preferred.isPreferred, true, 'it is the preferred fix');
        assert.ok(await vscode.workspace.applyEdit(preferred.edit), 'VS Code applied the edit');
        assert.equal(editor.document.getText(), expected.fixedText, 'the document text is what the engine fix produces');
        await waitFor(
          () => (socketLensDiagnostics(uri).some((d) => diagnosticCode(d) === expected.rule && d.range.start.line === expected.line - 1) ? undefined : true),
          30_000,
          () => `${expected.rule} on line ${expected.line} to go away after the fix`,
        );
      } finally {
        await vscode.window.showTextDocument(editor.document);
        await vscode.commands.executeCommand('workbench.action.files.revert');
      }
      assert.equal(editor.document.isDirty, false, 'the example file is left as it was');
    });
  }
});
