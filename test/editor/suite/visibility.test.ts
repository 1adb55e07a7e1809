/**
 * What a user sees around the findings: the layered hover, the rule link that opens the packaged rule page in the
 * Markdown preview, and the status bar item with the server state and the finding count.
 */
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { activateSocketLens, canTakeScreenshots, clickStatusBarItem, diagnosticCode, expectedFile, socketLensDiagnostics, sleep, takeScreenshot, waitFor } from './helpers';

async function firstFinding(language: 'go' | 'javascript') {
  await activateSocketLens();
  const file = expectedFile(language);
  const uri = vscode.Uri.file(file.path);
  const editor = await vscode.window.showTextDocument(await vscode.workspace.openTextDocument(uri));
  const diagnostic = await waitFor(() => socketLensDiagnostics(uri)[0], 30_000, () => `a socket-lens diagnostic in ${file.path}`);
  return { uri, editor, diagnostic };
}

function markdownOf(hovers: vscode.Hover[]): vscode.MarkdownString[] {
  return hovers.flatMap((h) => h.contents).filter((c): c is vscode.MarkdownString => c instanceof vscode.MarkdownString);
}

suite('What users read', () => {
  test('the hover shows the finding in layers and links to the rule page through a trusted command', async () => {
    const { uri, editor, diagnostic } = await firstFinding('go');
    const hovers = await vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', uri, diagnostic.range.start);
    const ours = markdownOf(hovers).find((m) => m.value.includes('**Why it matters:**'));
    assert.ok(ours, `a Socket Lens hover; got ${JSON.stringify(markdownOf(hovers).map((m) => m.value.slice(0, 80)))}`);
    assert.match(ours.value, /\*\*Fix:\*\* /);
    assert.match(ours.value, /\]\(command:socketLens\.openRuleDoc\?/);
    assert.ok(ours.value.length < 1200, `the hover stays short (${ours.value.length} characters)`);
    const trusted = ours.isTrusted as boolean | { enabledCommands: string[] } | undefined;
    assert.deepEqual(typeof trusted === 'object' ? trusted.enabledCommands : trusted, ['socketLens.openRuleDoc'], 'only the rule-page command is trusted');
    if (!canTakeScreenshots()) return;
    await vscode.commands.executeCommand('notifications.clearAll'); // other suites' toasts would cover the picture
    editor.selection = new vscode.Selection(diagnostic.range.start, diagnostic.range.start);
    // Room for the whole hover: no panel, and the line near the top so the hover opens below it.
    await vscode.commands.executeCommand('workbench.action.closePanel');
    editor.revealRange(diagnostic.range, vscode.TextEditorRevealType.AtTop);
    await vscode.commands.executeCommand('editor.action.showHover');
    const shot = await waitFor(
      async () => {
        await sleep(500);
        const candidate = await takeScreenshot('hover-go');
        return candidate.hover.includes('Why it matters') ? candidate : undefined;
      },
      20_000,
      () => 'the hover on screen',
    );
    assert.match(shot.hover, /Fix:/);
    await vscode.commands.executeCommand('editor.action.hideHover').then(undefined, () => undefined);
  });

  test("a diagnostic's rule link opens the rule page in the Markdown preview", async () => {
    const { diagnostic } = await firstFinding('go');
    const code = diagnostic.code as { value: string; target: vscode.Uri };
    assert.equal(code.target.scheme, 'command');
    const args = JSON.parse(decodeURIComponent(code.target.query)) as unknown[];
    const page = await vscode.commands.executeCommand<vscode.Uri | undefined>(code.target.path, ...args);
    assert.ok(page, 'the command opened a page');
    assert.ok(page.path.endsWith(`/docs/rules/${diagnosticCode(diagnostic)}.md`), page.toString());
    const preview = await waitFor(
      () =>
        vscode.window.tabGroups.all
          .flatMap((g) => g.tabs)
          .find((t) => t.input instanceof vscode.TabInputWebview && t.input.viewType.includes('markdown.preview') && t.label.includes(`${diagnosticCode(diagnostic)}.md`)),
      20_000,
      () => `a Markdown preview of ${diagnosticCode(diagnostic)}.md; tabs: ${vscode.window.tabGroups.all.flatMap((g) => g.tabs).map((t) => t.label).join(', ')}`,
    );
    assert.ok(preview);
    if (canTakeScreenshots()) {
      await sleep(1500);
      const shot = await takeScreenshot('rule-page');
      assert.ok(shot.bytes > 10_000);
    }
    await vscode.commands.executeCommand('workbench.action.closeActiveEditor');
  });

  test('refuses a rule id that is not one', async () => {
    const page = await vscode.commands.executeCommand<vscode.Uri | undefined>('socketLens.openRuleDoc', '../../package');
    assert.equal(page, undefined);
    await vscode.commands.executeCommand('notifications.clearAll');
  });

  test('the status bar shows the server state and the finding count; it opens the Problems panel', async function () {
    if (!canTakeScreenshots()) this.skip();
    await firstFinding('go');
    const count = () =>
      vscode.languages.getDiagnostics().reduce((n, [, diagnostics]) => n + diagnostics.filter((d) => d.source === 'socket-lens').length, 0);
    let seen: string[] = [];
    const item = await waitFor(
      async () => {
        const shot = await takeScreenshot('status-bar');
        seen = shot.statusBar;
        return shot.statusBar.find((text) => text.includes('socketLens.status') && text.endsWith(`Socket Lens: ${count()}`));
      },
      20_000,
      () => `a status bar item "Socket Lens: ${count()}"; status bar: ${JSON.stringify(seen)}`,
    );
    assert.ok(item);
    await vscode.commands.executeCommand('workbench.action.closePanel');
    assert.deepEqual((await takeScreenshot('status-bar-panel-closed')).problems, [], 'the Problems panel is closed before the click');
    await clickStatusBarItem(item.slice(0, item.indexOf(': ')));
    const shot = await waitFor(
      async () => {
        const candidate = await takeScreenshot('status-bar-problems');
        return candidate.problems.length > 0 ? candidate : undefined;
      },
      10_000,
      () => 'the Problems panel after clicking the status bar item',
    );
    assert.ok(shot.problems.some((row) => row.includes('socket-lens')), JSON.stringify(shot.problems));
  });

  test('the Output channel shows the server log, and socketLens.trace.server adds the protocol trace', async function () {
    if (!canTakeScreenshots()) this.skip();
    const { uri, diagnostic } = await firstFinding('go');
    const config = vscode.workspace.getConfiguration('socketLens');
    await config.update('trace.server', 'messages', vscode.ConfigurationTarget.Global);
    try {
      await sleep(500); // the client re-reads the setting on the configuration change
      await vscode.commands.executeCommand('vscode.executeHoverProvider', uri, diagnostic.range.start);
      await vscode.commands.executeCommand('socketLens.showOutput');
      const traced = await waitFor(
        async () => {
          await sleep(300);
          const shot = await takeScreenshot('output-trace');
          // Monaco renders spaces as no-break spaces: compare with plain ones.
          return /\[Trace - .*\] (Sending|Received) request 'textDocument\/hover/.test(shot.panelText.replace(/\s+/g, ' ')) ? shot : undefined;
        },
        15_000,
        () => 'a textDocument/hover trace line in the Socket Lens output',
      );
      assert.ok(traced);
    } finally {
      await config.update('trace.server', undefined, vscode.ConfigurationTarget.Global);
    }
    const untitled = await vscode.workspace.openTextDocument({ language: 'go', content: 'package main\n\nfunc main() {}\n' });
    await vscode.window.showTextDocument(untitled);
    await vscode.commands.executeCommand('socketLens.showOutput');
    const logged = await waitFor(
      async () => {
        await sleep(300);
        const shot = await takeScreenshot('output-log');
        return /\[socket-lens\] analysed untitled:.*: 0 finding\(s\) in [\d.]+ ms/.test(shot.panelText.replace(/\s+/g, ' ')) ? shot : undefined;
      },
      15_000,
      () => 'an "analysed …" line with its timing in the Socket Lens output',
    );
    assert.ok(logged);
    await vscode.commands.executeCommand('workbench.action.revertAndCloseActiveEditor');
  });
});
