/**
 * The host inspector in a real VS Code: `socketLens.inspectHost` on "This machine" (the command takes
 * the host id so the QuickPick is skipped) opens the panel, the local collector goes live, the panel is
 * screenshotted, and closing it ends the session.
 */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as net from 'node:net';
import * as vscode from 'vscode';
import { EXTENSION_ID, canTakeScreenshots, takeScreenshot, waitFor, withTimeout } from './helpers';

/** The parts of the inspector panel object the command returns that this test looks at. */
interface InspectorPanelView {
  readonly status: { state: string; text: string; detail: string; advice?: { what: string; todo: string; command?: string } } | undefined;
  readonly snapshotCount: number;
  readonly connectionAttempts: number;
  readonly tableSamples: number;
  readonly panel: vscode.WebviewPanel;
  copySysctl(): Promise<string | undefined>;
  probeView(timeoutMs?: number): Promise<
    { hintKeys: string[]; openHints: string[]; selection: string; scrollY: number; adviceVisible: boolean; sectionsVisible: boolean } | undefined
  >;
  revealHint(key: string, select: boolean): void;
}

const THEMES: Array<[string, string]> = [
  ['Default Light Modern', 'light'],
  ['Default Dark Modern', 'dark'],
  ['Default High Contrast', 'high-contrast'],
];

function inspectorTabs(): vscode.Tab[] {
  return vscode.window.tabGroups.all.flatMap((group) => group.tabs).filter((tab) => tab.input instanceof vscode.TabInputWebview && tab.label === 'TCP: This machine');
}

suite('Socket Lens host inspector in the editor', () => {
  const held: net.Socket[] = [];
  let server: net.Server | undefined;

  suiteSetup(async () => {
    // Faster refresh for the test (user settings; the panel reads them when it opens).
    const config = vscode.workspace.getConfiguration('socketLens.inspector');
    await config.update('counterIntervalSeconds', 1, vscode.ConfigurationTarget.Global);
    await config.update('socketTableIntervalSeconds', 2, vscode.ConfigurationTarget.Global);
    // Loopback sockets in known states so the panel has something to show: CLOSE_WAIT held by a server
    // that never closes, and TIME_WAIT from client-closed connections.
    server = net.createServer({ allowHalfOpen: true }, (socket) => {
      held.push(socket);
      socket.on('error', () => undefined);
    });
    await new Promise<void>((resolve) => server!.listen(0, '127.0.0.1', resolve));
    const port = (server.address() as net.AddressInfo).port;
    for (let i = 0; i < 30; i++) {
      await new Promise<void>((resolve) => {
        const client = net.connect({ port, host: '127.0.0.1', allowHalfOpen: true }, () => {
          client.end();
          resolve();
        });
        client.on('error', () => resolve());
        held.push(client);
      });
    }
  });

  suiteTeardown(async () => {
    const config = vscode.workspace.getConfiguration('socketLens.inspector');
    await config.update('counterIntervalSeconds', undefined, vscode.ConfigurationTarget.Global);
    await config.update('socketTableIntervalSeconds', undefined, vscode.ConfigurationTarget.Global);
    for (const socket of held) socket.destroy();
    await new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve()));
  });

  test('Inspect Host on "This machine" opens a live panel; closing it ends the session', async () => {
    const extension = vscode.extensions.getExtension(EXTENSION_ID);
    assert.ok(extension, `${EXTENSION_ID} is installed`);
    await withTimeout(extension.activate(), 60_000, 'activation');

    const panel = await vscode.commands.executeCommand<InspectorPanelView | undefined>('socketLens.inspectHost', 'local');
    assert.ok(panel, 'the command returned the panel');
    await waitFor(() => (inspectorTabs().length === 1 ? true : undefined), 10_000, () => 'a webview tab "TCP: This machine"');
    await waitFor(
      () => (panel.status?.state === 'live' && panel.tableSamples >= 3 ? true : undefined),
      30_000,
      () => `live status with 3 socket-table samples (every 2 s per the settings); status ${JSON.stringify(panel.status)}, table samples ${panel.tableSamples}`,
    );
    assert.equal(panel.panel.visible, true);
    assert.match(panel.panel.webview.html, /Content-Security-Policy/);
    assert.match(panel.panel.webview.html, /script-src 'nonce-/);

    const proposal = await panel.copySysctl();
    assert.ok(proposal?.startsWith('# /etc/sysctl.d/90-socket-lens.conf'), 'sysctl.d proposal');
    assert.equal(await vscode.env.clipboard.readText(), proposal);

    // Running it again for the same host reveals the same panel instead of opening another session.
    const again = await vscode.commands.executeCommand<InspectorPanelView | undefined>('socketLens.inspectHost', 'local');
    assert.equal(again, panel);
    assert.equal(inspectorTabs().length, 1);

    if (canTakeScreenshots()) {
      await new Promise((resolve) => setTimeout(resolve, 2500)); // one more table sample for the sparklines
      const shot = await takeScreenshot('inspector-this-machine');
      assert.ok(shot.bytes > 10_000, `screenshot ${shot.path} has content (${shot.bytes} bytes)`);
    }

    await vscode.window.tabGroups.close(inspectorTabs());
    await waitFor(() => (panel.status?.state === 'stopped' ? true : undefined), 10_000, () => `stopped after close; status ${JSON.stringify(panel.status)}`);
    assert.equal(inspectorTabs().length, 0);
  });

  test('a hint the user opened stays open, with its text selected, through three refreshes; screenshots in three themes', async () => {
    const panel = await vscode.commands.executeCommand<InspectorPanelView | undefined>('socketLens.inspectHost', 'local');
    assert.ok(panel, 'the command returned the panel');
    // The 30 CLOSE_WAIT sockets held by this suite's server give an info hint, which starts closed.
    const key = 'close-wait#0';
    const first = await waitFor(
      async () => {
        const view = panel.status?.state === 'live' ? await panel.probeView() : undefined;
        return view?.hintKeys.includes(key) ? view : undefined;
      },
      30_000,
      () => `a live panel showing the hint ${key}; status ${JSON.stringify(panel.status)}`,
    );
    assert.ok(!first.openHints.includes(key), 'an info hint starts closed');
    panel.revealHint(key, true);
    const opened = await waitFor(
      async () => {
        const view = await panel.probeView();
        return view?.openHints.includes(key) && view.selection.length > 0 ? view : undefined;
      },
      5_000,
      () => 'the hint opened and its text selected',
    );
    const samples = panel.tableSamples;
    await waitFor(
      () => (panel.tableSamples >= samples + 3 ? true : undefined),
      30_000,
      () => `three refreshes; table samples ${panel.tableSamples} (from ${samples})`,
    );
    const after = await panel.probeView();
    assert.ok(after, 'the webview answered');
    assert.ok(after.openHints.includes(key), `still open after three refreshes: ${JSON.stringify(after)}`);
    assert.equal(after.selection, opened.selection, 'the selection survived the refreshes');
    assert.equal(after.scrollY, opened.scrollY, 'the scroll position did not move');

    if (canTakeScreenshots()) {
      const workbench = vscode.workspace.getConfiguration('workbench');
      const original = workbench.inspect<string>('colorTheme')?.globalValue;
      try {
        for (const [theme, slug] of THEMES) {
          await workbench.update('colorTheme', theme, vscode.ConfigurationTarget.Global);
          await new Promise((resolve) => setTimeout(resolve, 1500));
          const shot = await takeScreenshot(`inspector-hint-open-${slug}`);
          assert.ok(shot.bytes > 10_000, `screenshot ${shot.path} has content (${shot.bytes} bytes)`);
        }
      } finally {
        await workbench.update('colorTheme', original, vscode.ConfigurationTarget.Global);
      }
    }
    await vscode.window.tabGroups.close(inspectorTabs());
    const stopped = (): true | undefined => (panel.status?.state === 'stopped' ? true : undefined);
    await waitFor(stopped, 10_000, () => `stopped after close; status ${JSON.stringify(panel.status)}`);
  });

  test('a host that refuses the connection shows the reason and retries with backoff', async () => {
    // Port 1 on loopback: nothing listens, ssh gets "Connection refused" before any host key exchange.
    const host = 'root@127.0.0.1:1';
    const panel = await vscode.commands.executeCommand<InspectorPanelView | undefined>('socketLens.inspectHost', host);
    assert.ok(panel, 'the command returned the panel');
    const seen = new Set<string>();
    await waitFor(
      () => {
        if (panel.status) seen.add(`${panel.status.state}:${panel.status.text}`);
        return panel.status?.state === 'error' && /retrying in/.test(panel.status.detail) ? true : undefined;
      },
      30_000,
      () => `error status with a retry; status ${JSON.stringify(panel.status)}`,
    );
    assert.equal(panel.status?.text, 'error: connection refused');
    assert.match(panel.status?.advice?.todo ?? '', /Check the host and port/, 'the error says what to do');
    const view = await panel.probeView();
    assert.ok(view?.adviceVisible && !view.sectionsVisible, `advice shown, no empty sections: ${JSON.stringify(view)}`);
    if (canTakeScreenshots()) await takeScreenshot('inspector-error-refused');
    await waitFor(() => (panel.connectionAttempts >= 2 ? true : undefined), 10_000, () => `a reconnect after the backoff; attempts ${panel.connectionAttempts}, seen ${[...seen].join(', ')}`);
    const tab = vscode.window.tabGroups.all.flatMap((group) => group.tabs).find((t) => t.input instanceof vscode.TabInputWebview && t.label === `TCP: ${host}`);
    assert.ok(tab, 'its own panel, next to nothing else');
    await vscode.window.tabGroups.close(tab);
    await waitFor(() => (panel.status?.state === 'stopped' ? true : undefined), 10_000, () => `stopped after close; status ${JSON.stringify(panel.status)}`);
  });

  test('a hostile host string passed to the command is refused before anything runs', async () => {
    const marker = '/tmp/socket-lens-editor-pwned';
    const panel = await vscode.commands.executeCommand<InspectorPanelView | undefined>('socketLens.inspectHost', `-oProxyCommand=touch ${marker}`);
    assert.equal(panel, undefined);
    await new Promise((resolve) => setTimeout(resolve, 500));
    assert.equal(fs.existsSync(marker), false, 'nothing ran');
    assert.equal(vscode.window.tabGroups.all.flatMap((group) => group.tabs).filter((t) => t.input instanceof vscode.TabInputWebview).length, 0);
  });
});
