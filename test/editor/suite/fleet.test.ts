/**
 * The fleet panel in a real VS Code: three node_exporter "hosts", each in its own network namespace, scraped
 * by a real Prometheus; TIME_WAIT load in one of them. `socketLens.inspectFleet` (given the URL, so the input
 * box is skipped) must rank the loaded host first with the inspector's hint, show unknown as unknown, and
 * a click must open the single-host panel for the host the SSH template maps it to.
 */
import * as assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { FleetView } from '$shared/inspector/fleet/fleetReportView';
import { writeSyntheticFleet } from '../../fleet/bench/syntheticFleet';
import { LoopbackHttpServer } from '../../fleet/support/loopbackHttpServer';
import { fleetPreconditionProblem } from '../../fleet/support/fleetPreconditions';
import { NamespaceHost } from '../../fleet/support/namespaceHost';
import { NamespaceSshServer } from '../../fleet/support/namespaceSshServer';
import { PrometheusServer } from '../../fleet/support/prometheusServer';
import { timeWaitLoad } from '../../fleet/support/timeWaitLoad';
import { EXTENSION_ID, canTakeScreenshots, sleep, takeScreenshot, waitFor, withTimeout } from './helpers';

/** The parts of the fleet panel object the command returns that this test looks at. */
interface FleetPanelView {
  readonly latestView: FleetView | undefined;
  readonly lastMessage: { type: string; kind?: string; message?: string; canEnterToken?: boolean } | undefined;
  readonly panel: vscode.WebviewPanel;
  readonly lastRender: { rows: number; ms: number } | undefined;
  refresh(): Promise<void>;
  useToken(token: string): Promise<void>;
  openHost(instance: string, job: string): Promise<string | undefined>;
}

const webviewTabs = (label: string): vscode.Tab[] =>
  vscode.window.tabGroups.all.flatMap((g) => g.tabs).filter((t) => t.input instanceof vscode.TabInputWebview && t.label === label);

suite('Socket Lens fleet panel in the editor', () => {
  const hosts: NamespaceHost[] = [];
  let prometheus: PrometheusServer | undefined;
  let sshd: NamespaceSshServer | undefined;

  suiteSetup(async function () {
    this.timeout(120_000);
    const problem = fleetPreconditionProblem();
    if (problem) throw new Error(problem);
    for (let slot = 20; slot < 23; slot++) hosts.push(await NamespaceHost.create(slot));
    // An sshd inside the loaded namespace, so the drill-down reaches it over real ssh.
    sshd = await NamespaceSshServer.start(hosts[1]!);
    await vscode.workspace.getConfiguration('socketLens.inspector').update('sshExtraArgs', sshd.sshExtraArgs, vscode.ConfigurationTarget.Global);
    prometheus = await PrometheusServer.start({ targets: hosts.map((h) => h.target), scrapeIntervalSeconds: 1 });
    hosts[1]!.sysctl('net.ipv4.tcp_max_tw_buckets', '1000');
    const load = await timeWaitLoad(hosts[1]!.name, 950);
    assert.equal(load.done, 950);
    await prometheus.waitForScrapes(3, 60_000);
  });

  suiteTeardown(async () => {
    await vscode.workspace.getConfiguration('socketLens.inspector').update('sshExtraArgs', undefined, vscode.ConfigurationTarget.Global);
    await prometheus?.destroy();
    await sshd?.destroy();
    for (const h of hosts) await h.destroy();
  });

  test('Inspect Fleet ranks the loaded namespace first; a click opens its single-host panel', async () => {
    const extension = vscode.extensions.getExtension(EXTENSION_ID);
    assert.ok(extension, `${EXTENSION_ID} is installed`);
    await withTimeout(extension.activate(), 60_000, 'activation');
    const panel = await vscode.commands.executeCommand<FleetPanelView | undefined>('socketLens.inspectFleet', prometheus!.url);
    assert.ok(panel, 'the command returned the panel');
    await waitFor(() => (webviewTabs('TCP fleet').length === 1 ? true : undefined), 10_000, () => 'a webview tab "TCP fleet"');
    const view = await waitFor(
      () => (panel.latestView && panel.latestView.hosts.length === 3 ? panel.latestView : undefined),
      30_000,
      () => `a reading with 3 hosts; last message ${JSON.stringify(panel.lastMessage)?.slice(0, 300)}`,
    );
    assert.match(panel.panel.webview.html, /Content-Security-Policy/);
    assert.match(panel.panel.webview.html, /script-src 'nonce-/);
    const first = view.hosts[0]!;
    assert.equal(first.instance, hosts[1]!.target);
    assert.equal(first.hints[0]?.id, 'time-wait-buckets');
    assert.equal(first.states?.TIME_WAIT !== undefined && Math.abs(first.states.TIME_WAIT - 950) <= 2, true);
    assert.equal(view.queries, 5);

    if (canTakeScreenshots()) {
      await sleep(1500); // let the webview render the table
      const shot = await takeScreenshot('fleet-three-namespaces');
      assert.ok(shot.bytes > 10_000, `screenshot ${shot.path} has content (${shot.bytes} bytes)`);
    }

    // The drill-down: the default template {instanceHost} maps 198.18.x.y:9100 to 198.18.x.y.
    const sshHost = await panel.openHost(first.instance, first.job);
    assert.equal(sshHost, hosts[1]!.address);
    await waitFor(() => (webviewTabs(`TCP: ${hosts[1]!.address}`).length === 1 ? true : undefined), 10_000, () => 'the single-host panel');
    // The same panel, revealed: it reads the namespace over ssh and goes live.
    const single = await vscode.commands.executeCommand<{ status: { state: string; text: string; detail: string } | undefined }>(
      'socketLens.inspectHost',
      hosts[1]!.address,
    );
    await waitFor(
      () => (single?.status?.state === 'live' ? true : undefined),
      30_000,
      () => `the drill-down panel live over ssh; status ${JSON.stringify(single?.status)}`,
    );
    if (canTakeScreenshots()) {
      await sleep(2500);
      await takeScreenshot('fleet-drill-down-ssh');
    }
    await vscode.window.tabGroups.close(webviewTabs(`TCP: ${hosts[1]!.address}`));
    await vscode.window.tabGroups.close(webviewTabs('TCP fleet'));
  });

  test('behind a bearer-token proxy: 401 offers to enter a token; the stored token gets through', async () => {
    const proxy = await LoopbackHttpServer.bearerProxy(prometheus!.url, 'editor-s3cret');
    try {
      const panel = await vscode.commands.executeCommand<FleetPanelView | undefined>('socketLens.inspectFleet', proxy.url);
      assert.ok(panel, 'the command returned the panel');
      await waitFor(() => (panel.lastMessage?.type === 'error' ? true : undefined), 20_000, () => `an error; ${JSON.stringify(panel.lastMessage)}`);
      assert.equal(panel.lastMessage?.kind, 'unauthorized');
      assert.equal(panel.lastMessage?.canEnterToken, true);
      // What "Enter bearer token…" does after its password input box: secret storage, then a refresh.
      await panel.useToken('editor-s3cret');
      assert.equal(panel.latestView?.hosts[0]?.instance, hosts[1]!.target, JSON.stringify(panel.lastMessage)?.slice(0, 300));
      await vscode.window.tabGroups.close(webviewTabs('TCP fleet'));
      // A new panel for the same URL finds the token in secret storage.
      const again = await vscode.commands.executeCommand<FleetPanelView | undefined>('socketLens.inspectFleet', proxy.url);
      await waitFor(() => (again?.latestView ? true : undefined), 20_000, () => `a reading with the stored token; ${JSON.stringify(again?.lastMessage)}`);
      await vscode.window.tabGroups.close(webviewTabs('TCP fleet'));
    } finally {
      await proxy.close();
    }
  });

  test('1,000 synthetic hosts (a real Prometheus backfilled with promtool): five queries, the table renders', async function () {
    this.timeout(180_000);
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sl-fleet-editor-'));
    let synthetic: PrometheusServer | undefined;
    try {
      // Samples every 30 s up to a few seconds ago, so the targets read as up, not stale.
      const end = Math.floor(Date.now() / 1000) - 5;
      writeSyntheticFleet(path.join(dir, 'fleet.om.txt'), { instances: 1000, end, points: 21, stepSeconds: 30 });
      fs.mkdirSync(path.join(dir, 'data'));
      execFileSync('promtool', ['tsdb', 'create-blocks-from', 'openmetrics', path.join(dir, 'fleet.om.txt'), path.join(dir, 'data')], {
        stdio: 'ignore',
      });
      synthetic = await PrometheusServer.start({ targets: [], dataDir: path.join(dir, 'data') });
      const panel = await vscode.commands.executeCommand<FleetPanelView | undefined>('socketLens.inspectFleet', synthetic.url);
      assert.ok(panel);
      const render = await waitFor(
        () => (panel.latestView?.hosts.length === 1000 && panel.lastRender?.rows === 1000 ? panel.lastRender : undefined),
        60_000,
        () => `1,000 rows rendered; last message ${JSON.stringify(panel.lastMessage)?.slice(0, 300)}, render ${JSON.stringify(panel.lastRender)}`,
      );
      const view = panel.latestView!;
      assert.equal(view.queries, 5);
      assert.equal(view.hosts[0]!.risk, 'critical', 'the growing CLOSE_WAIT hosts come first');
      console.log(`      1,000 hosts: refresh ${view.elapsedMs} ms in ${view.queries} queries; table of ${render.rows} rows built in ${render.ms} ms`);
      assert.ok(render.ms < 5000, `the webview built 1,000 rows in ${render.ms} ms`);
      if (canTakeScreenshots()) {
        await sleep(1000);
        await takeScreenshot('fleet-1000-synthetic');
      }
      await vscode.window.tabGroups.close(webviewTabs('TCP fleet'));
    } finally {
      await synthetic?.destroy();
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  test('Prometheus down: the panel shows the reason instead of hosts', async () => {
    await prometheus!.stop();
    const panel = await vscode.commands.executeCommand<FleetPanelView | undefined>('socketLens.inspectFleet', prometheus!.url);
    assert.ok(panel);
    await panel.refresh();
    assert.equal(panel.lastMessage?.type, 'error');
    assert.equal(panel.lastMessage?.kind, 'unreachable');
    assert.match(panel.lastMessage?.message ?? '', /ECONNREFUSED \(is Prometheus running\?\)/);
    await vscode.window.tabGroups.close(webviewTabs('TCP fleet'));
  });
});
