/**
 * Adopting Socket Lens on a codebase, in the editor: "Scan Workspace" fills the Problems panel for files that are
 * not open (the same findings the CLI reports), and can be cancelled; socket-lens.json gets completion of rule ids
 * from the schema the extension contributes.
 */
import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import {
  activateSocketLens,
  asFinding,
  canTakeScreenshots,
  diagnosticCode,
  expectations,
  expectedFile,
  sleep,
  socketLensDiagnostics,
  sortFindings,
  takeScreenshot,
  waitFor,
} from './helpers';

interface ScanResult {
  files: number;
  filesWithFindings: number;
  findings: number;
  skipped: number;
  cancelled: boolean;
}

interface CliFinding {
  file: string;
  rule: string;
  severity: 'error' | 'warning' | 'info' | 'hint';
  line: number;
  column: number;
}

/** What `socket-lens scan --format json` (the bundle this extension ships) reports for the workspace, by absolute path. */
function cliFindings(extensionPath: string, workspace: string): Map<string, CliFinding[]> {
  const cli = path.join(extensionPath, 'dist', 'cli', 'socket-lens.js');
  const env = { ...process.env, ELECTRON_RUN_AS_NODE: '1' };
  const run = spawnSync(process.execPath, [cli, 'scan', '--format', 'json'], { cwd: workspace, encoding: 'utf8', env });
  assert.ok(run.status === 0 || run.status === 1, `socket-lens scan failed: ${run.stderr}`);
  const byFile = new Map<string, CliFinding[]>();
  for (const f of (JSON.parse(run.stdout) as { findings: CliFinding[] }).findings) {
    const file = path.resolve(workspace, f.file);
    byFile.set(file, [...(byFile.get(file) ?? []), f]);
  }
  return byFile;
}

suite('Socket Lens across the workspace', () => {
  test('Scan Workspace fills the Problems panel for unopened files with the CLI findings (screenshot)', async () => {
    const extension = await activateSocketLens();
    const { workspace } = expectations();
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    const expected = cliFindings(extension.extensionPath, workspace);
    const open = new Set(vscode.workspace.textDocuments.map((d) => d.uri.fsPath));
    const unopened = [...expected.keys()].filter((file) => !open.has(file));
    assert.ok(unopened.length >= 2, `the workspace has unopened files with findings: ${[...expected.keys()].join(', ')}`);
    for (const file of unopened) assert.deepEqual(socketLensDiagnostics(vscode.Uri.file(file)), [], `${file} has no diagnostics before the scan`);

    const result = await vscode.commands.executeCommand<ScanResult>('socketLens.scanWorkspace');
    assert.equal(result.cancelled, false);
    assert.ok(result.files >= expected.size, `scanned ${result.files} files`);
    for (const file of unopened) {
      const want = sortFindings(expected.get(file)!.map(({ rule, severity, line, column }) => ({ rule, severity, line, column })));
      await waitFor(
        () => (JSON.stringify(sortFindings(socketLensDiagnostics(vscode.Uri.file(file)).map(asFinding))) === JSON.stringify(want) ? true : undefined),
        30_000,
        () => `Problems for ${file}: ${JSON.stringify(socketLensDiagnostics(vscode.Uri.file(file)).map(asFinding))} vs ${JSON.stringify(want)}`,
      );
    }
    if (canTakeScreenshots()) {
      await vscode.commands.executeCommand('workbench.actions.view.problems');
      await sleep(1500);
      const shot = await takeScreenshot('scan-workspace-problems');
      assert.ok(shot.bytes > 10_000, `screenshot ${shot.path} has content`);
      const names = unopened.map((file) => path.basename(file));
      assert.ok(
        shot.problems.some((row) => names.some((name) => row.includes(name)) || unopened.some((file) => expected.get(file)!.some((f) => row.includes(f.rule)))),
        `the Problems panel lists an unopened file's findings: ${JSON.stringify(shot.problems)}`,
      );
    }
  });

  test('Scan Workspace can be cancelled', async () => {
    await activateSocketLens();
    const running = vscode.commands.executeCommand<ScanResult>('socketLens.scanWorkspace');
    const cancelled = await waitFor(async () => ((await vscode.commands.executeCommand<boolean>('socketLens.cancelWorkspaceScan')) ? true : undefined), 10_000, () => 'a running scan to cancel');
    assert.equal(cancelled, true);
    const result = await running;
    assert.equal(result.cancelled, true, `the scan stopped: ${JSON.stringify(result)}`);
    // The next scan runs to the end again.
    assert.equal((await vscode.commands.executeCommand<ScanResult>('socketLens.scanWorkspace')).cancelled, false);
  });

  test('socket-lens.json completes rule ids from the contributed schema (screenshot)', async () => {
    const { workspace } = expectations();
    const folder = path.join(workspace, '.socket-lens-editor-test');
    const file = path.join(folder, 'socket-lens.json');
    fs.mkdirSync(folder, { recursive: true });
    fs.writeFileSync(file, '{\n  "rules": {\n    ""\n  }\n}\n');
    try {
      const document = await vscode.workspace.openTextDocument(vscode.Uri.file(file));
      const editor = await vscode.window.showTextDocument(document);
      const inKey = new vscode.Position(2, 5);
      const labels = await waitFor(
        async () => {
          const list = await vscode.commands.executeCommand<vscode.CompletionList>('vscode.executeCompletionItemProvider', document.uri, inKey);
          const found = list.items.map((item) => (typeof item.label === 'string' ? item.label : item.label.label));
          return found.some((label) => label.includes('go-unclosed-body')) ? found : undefined;
        },
        60_000,
        () => 'completion of rule ids in socket-lens.json',
      );
      for (const id of ['go-unclosed-body', 'js-per-request-client', 'keep-alive']) assert.ok(labels.some((l) => l.includes(id)), `${id} offered: ${labels.join(', ')}`);
      if (canTakeScreenshots()) {
        editor.selection = new vscode.Selection(inKey, inKey);
        let shot: Awaited<ReturnType<typeof takeScreenshot>> | undefined;
        for (let attempt = 0; attempt < 5 && !shot; attempt++) {
          await vscode.commands.executeCommand('editor.action.triggerSuggest');
          await sleep(1200);
          const candidate = await takeScreenshot('socket-lens-json-completion');
          if (candidate.bytes > 10_000) shot = candidate;
        }
        assert.ok(shot, 'screenshot of the completion list');
        await vscode.commands.executeCommand('hideSuggestWidget');
      }
      await vscode.commands.executeCommand('workbench.action.revertAndCloseActiveEditor');
    } finally {
      fs.rmSync(folder, { recursive: true, force: true });
    }
  });

  test('the "ignore on this line" quick fix leaves the cursor on a selected reason placeholder', async () => {
    const file = expectedFile('go');
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    const editor = await vscode.window.showTextDocument(await vscode.workspace.openTextDocument(vscode.Uri.file(file.path)));
    const uri = editor.document.uri;
    const finding = file.findings[0];
    try {
      const diagnostic = await waitFor(
        () => socketLensDiagnostics(uri).find((d) => diagnosticCode(d) === finding.rule && d.range.start.line === finding.line - 1),
        30_000,
        () => `diagnostic ${finding.rule} on line ${finding.line}`,
      );
      const actions = await vscode.commands.executeCommand<vscode.CodeAction[]>('vscode.executeCodeActionProvider', uri, diagnostic.range, vscode.CodeActionKind.QuickFix.value);
      const ignore = actions.find((a) => a.title.startsWith(`Ignore ${finding.rule}`));
      assert.ok(ignore?.edit, `the suppression quick fix is offered: ${JSON.stringify(actions.map((a) => a.title))}`);
      assert.ok(await vscode.workspace.applyEdit(ignore.edit), 'VS Code applied it');
      const inserted = editor.document.lineAt(finding.line - 1).text;
      assert.match(inserted, new RegExp(`^\\s*// socketlens:ignore ${finding.rule} reason$`));
      assert.equal(editor.document.getText(editor.selection), 'reason', 'the placeholder is selected: typing replaces it');
      assert.equal(editor.selection.active.line, finding.line - 1);
    } finally {
      await vscode.commands.executeCommand('workbench.action.files.revert');
    }
    assert.equal(editor.document.isDirty, false);
  });
});
