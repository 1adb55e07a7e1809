/**
 * Socket Lens in an UNTRUSTED workspace (restricted mode), run by test/editor/runEditorTests.ts in a second
 * code-server started without --disable-workspace-trust. The server's machine settings point
 * `socketLens.inspector.sshPath` at a canary script that would create a marker file if it ever ran.
 *
 * Checks: the folder really is untrusted and the canary really is configured; analysis still works (it only reads
 * text); `socketLens.inspectHost` runs plain `ssh` (its own "Connection refused" reaches the panel), never the
 * canary, and warns that the configured ssh settings are ignored.
 *
 * Environment (besides the suite's): SOCKET_LENS_SSH_CANARY (the script), SOCKET_LENS_SSH_CANARY_MARKER (the file it
 * would create), SOCKET_LENS_NOTIFICATIONS_URL (restricted/notificationProbe.ts).
 */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as http from 'node:http';
import * as vscode from 'vscode';
import { activateSocketLens, assertDiagnosticsMatchCli, canTakeScreenshots, expectedFile, sleep, takeScreenshot, waitFor } from '../suite/helpers';

const IGNORED_WARNING = 'Socket Lens: This workspace is not trusted: the configured ssh path and extra options are ignored.';
/** Port 1 on loopback: nothing listens, so a real ssh fails with "Connection refused" (the canary prints nothing). */
const HOST = 'canary@127.0.0.1:1';


/** The parts of the inspector panel object the command returns that this test looks at. */
interface InspectorPanelView {
  readonly status: { state: string; text: string; detail: string } | undefined;
  readonly connectionAttempts: number;
}

function requiredEnv(name: string): string {
  const value = process.env[name];
  if (!value) throw new Error(`${name} is not set: run the restricted suite through \`npm run test:editor\``);
  return value;
}

/** The text of every notification the workbench shows now (toasts and notification-center rows). */
function visibleNotifications(): Promise<string[]> {
  const url = requiredEnv('SOCKET_LENS_NOTIFICATIONS_URL');
  return new Promise((resolve, reject) => {
    const request = http.get(url, { timeout: 10_000 }, (response) => {
      const chunks: Buffer[] = [];
      response.on('data', (chunk: Buffer) => chunks.push(chunk));
      response.on('end', () => {
        const body = Buffer.concat(chunks).toString('utf8');
        if (response.statusCode !== 200) reject(new Error(`notification probe: ${response.statusCode} ${body}`));
        else resolve(JSON.parse(body) as string[]);
      });
    });
    request.on('timeout', () => request.destroy(new Error('notification probe timed out')));
    request.on('error', reject);
  });
}

function inspectorTab(label: string): vscode.Tab | undefined {
  return vscode.window.tabGroups.all.flatMap((group) => group.tabs).find((tab) => tab.input instanceof vscode.TabInputWebview && tab.label === label);
}

suite('Socket Lens in an untrusted workspace (restricted mode)', () => {
  const canary = requiredEnv('SOCKET_LENS_SSH_CANARY');
  const marker = requiredEnv('SOCKET_LENS_SSH_CANARY_MARKER');

  test('the folder is not trusted and the ssh path setting is the canary', () => {
    assert.equal(vscode.workspace.isTrusted, false, 'the workspace must open untrusted (restricted mode)');
    const config = vscode.workspace.getConfiguration('socketLens.inspector');
    assert.equal(
      config.get('sshPath'),
      canary,
      `socketLens.inspector.sshPath is the canary, so ignoring it is what this suite proves; inspect: ${JSON.stringify(config.inspect('sshPath'))}`,
    );
    assert.equal(fs.existsSync(canary), true, `the canary ${canary} exists`);
    assert.equal(fs.existsSync(marker), false, 'nothing ran the canary yet');
  });

  test('the extension activates and reports the CLI findings on a leaking file', async () => {
    await activateSocketLens();
    await assertDiagnosticsMatchCli(expectedFile('go'));
  });

  test('Inspect Host runs plain ssh, never the configured canary, and warns that the ssh settings are ignored', async () => {
    const panel = await vscode.commands.executeCommand<InspectorPanelView | undefined>('socketLens.inspectHost', HOST);
    assert.ok(panel, 'the command opened a panel for the host');
    await waitFor(() => inspectorTab(`TCP: ${HOST}`), 10_000, () => `a webview tab "TCP: ${HOST}"`);
    // "Connection refused" comes from OpenSSH itself; the canary exits 1 without a word ("ssh exited with code 1").
    await waitFor(
      () => {
        assert.equal(fs.existsSync(marker), false, `the canary ran: ${marker} exists; status ${JSON.stringify(panel.status)}`);
        return panel.status?.state === 'error' && panel.status.text === 'error: connection refused' ? true : undefined;
      },
      30_000,
      () => `error status "connection refused" from a real ssh; status ${JSON.stringify(panel.status)}`,
    );
    let seen: string[] = [];
    try {
      await waitFor(
        async () => {
          seen = await visibleNotifications();
          return seen.includes(IGNORED_WARNING) ? true : undefined;
        },
        10_000,
        () => 'the warning notification',
      );
    } catch (error) {
      assert.fail(`${(error as Error).message}: expected "${IGNORED_WARNING}" among the notifications ${JSON.stringify(seen)}`);
    }
    if (canTakeScreenshots()) {
      const shot = await takeScreenshot('restricted-mode');
      assert.ok(shot.bytes > 10_000, `screenshot ${shot.path} has content (${shot.bytes} bytes)`);
    }
    // A second attempt after the backoff spawns the ssh program once more; then give a stray canary time to show.
    await waitFor(() => (panel.connectionAttempts >= 2 ? true : undefined), 15_000, () => `a reconnect after the backoff; attempts ${panel.connectionAttempts}`);
    await sleep(3000);
    assert.equal(fs.existsSync(marker), false, `the canary ran: ${marker} exists`);

    const tab = inspectorTab(`TCP: ${HOST}`);
    if (tab) await vscode.window.tabGroups.close(tab);
    await waitFor(() => (panel.status?.state === 'stopped' ? true : undefined), 10_000, () => `stopped after close; status ${JSON.stringify(panel.status)}`);
  });
});
