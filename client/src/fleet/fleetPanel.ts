import * as vscode from 'vscode';
import { readFleet } from '$shared/inspector/fleet/fleetSource';
import { toFleetView, type FleetView } from '$shared/inspector/fleet/fleetReportView';
import { PrometheusClient, PrometheusError } from '$shared/inspector/fleet/prometheusClient';
import { sshHostFor } from '$shared/inspector/fleet/sshHostTemplate';
import type { FleetPanelMessage, FleetWebviewMessage } from '../../webview/fleetProtocol';
import { inspectHost } from '../inspector/inspectHostCommand';
import { buildFleetPanelHtml } from './fleetPanelHtml';
import { readFleetSettings, type FleetSettings } from './fleetSettings';
import { readToken, storeToken } from './fleetTokens';


/** The one fleet panel: reads Prometheus on open, every refreshSeconds and on request. */
export class FleetPanel {
  private static instance: FleetPanel | undefined;
  readonly panel: vscode.WebviewPanel;
  private timer: NodeJS.Timeout | undefined;
  private inFlight: Promise<void> | undefined;
  private disposed = false;
  private settings: FleetSettings;
  /** The newest successful reading and the newest message sent (for tests and re-sends). */
  latestView: FleetView | undefined;
  lastMessage: FleetPanelMessage | undefined;
  refreshes = 0;
  /** What the webview last reported: rows in its table and the ms it took to build them. */
  lastRender: { rows: number; ms: number } | undefined;

  static get current(): FleetPanel | undefined {
    return FleetPanel.instance;
  }

  static show(context: vscode.ExtensionContext, baseUrl: string): FleetPanel {
    if (FleetPanel.instance && FleetPanel.instance.baseUrl === baseUrl) {
      FleetPanel.instance.panel.reveal();
      void FleetPanel.instance.refresh();
      return FleetPanel.instance;
    }
    FleetPanel.instance?.dispose();
    FleetPanel.instance = new FleetPanel(context, baseUrl);
    return FleetPanel.instance;
  }

  private constructor(
    private readonly context: vscode.ExtensionContext,
    readonly baseUrl: string,
  ) {
    this.settings = readFleetSettings();
    const media = vscode.Uri.joinPath(context.extensionUri, 'media');
    this.panel = vscode.window.createWebviewPanel('socketLens.fleet', 'TCP fleet', vscode.ViewColumn.Active, {
      enableScripts: true,
      localResourceRoots: [media],
      retainContextWhenHidden: true,
    });
    this.panel.webview.html = buildFleetPanelHtml(this.panel.webview, media, (root, file) => vscode.Uri.joinPath(root, file));
    context.subscriptions.push(
      this.panel.onDidDispose(() => this.dispose()),
      this.panel.onDidChangeViewState((e) => {
        if (e.webviewPanel.visible) void this.refresh();
      }),
      this.panel.webview.onDidReceiveMessage((m: unknown) => void this.onMessage(m)),
    );
    void this.refresh();
    // Hidden panels are not refreshed; revealing one refreshes it at once.
    this.timer = setInterval(() => {
      if (this.panel.visible) void this.refresh();
    }, this.settings.refreshSeconds * 1000);
  }

  private post(message: FleetPanelMessage): void {
    this.lastMessage = message;
    if (this.disposed) return;
    void this.panel.webview.postMessage(message);
  }

  /** One fleet refresh; a refresh already running is awaited instead of starting another. */
  refresh(): Promise<void> {
    if (this.inFlight) return this.inFlight;
    this.inFlight = this.readOnce().finally(() => {
      this.inFlight = undefined;
    });
    return this.inFlight;
  }

  private async readOnce(): Promise<void> {
    if (this.disposed) return;
    this.settings = readFleetSettings();
    if (!this.latestView) this.post({ type: 'loading', prometheus: this.baseUrl });
    try {
      const token = await readToken(this.context.secrets, this.baseUrl);
      const client = new PrometheusClient({ baseUrl: this.baseUrl, bearerToken: token });
      const view = toFleetView(await readFleet(client, { match: this.settings.match }));
      this.refreshes++;
      this.latestView = view;
      this.post({ type: 'fleet', view, drillDown: this.settings.sshHostTemplate.trim() !== '' });
    } catch (err) {
      const kind = err instanceof PrometheusError ? err.kind : 'error';
      this.post({ type: 'error', kind, message: (err as Error).message, canEnterToken: kind === 'unauthorized' });
    }
  }

  private async onMessage(message: unknown): Promise<void> {
    if (typeof message !== 'object' || message === null) return;
    // Typed by the protocol, checked anyway: the webview is a page, and what it posts is only data.
    const m = message as { type?: FleetWebviewMessage['type']; instance?: unknown; job?: unknown; rows?: unknown; ms?: unknown };
    if (m.type === 'ready') {
      if (this.lastMessage) this.post(this.lastMessage);
    } else if (m.type === 'refresh') {
      await this.refresh();
    } else if (m.type === 'open' && typeof m.instance === 'string' && typeof m.job === 'string') {
      await this.openHost(m.instance, m.job);
    } else if (m.type === 'rendered' && typeof m.rows === 'number' && typeof m.ms === 'number') {
      this.lastRender = { rows: m.rows, ms: m.ms };
    } else if (m.type === 'enterToken') {
      await this.enterToken();
    }
  }

  /** The drill-down: the instance's labels through the SSH host template into the single-host panel. */
  async openHost(instance: string, job: string): Promise<string | undefined> {
    const host = this.latestView?.hosts.find((h) => h.instance === instance && h.job === job);
    if (!host) return undefined;
    const mapped = sshHostFor(readFleetSettings().sshHostTemplate, host.labels);
    if (!mapped.ok) {
      void vscode.window.showErrorMessage(`Socket Lens: cannot open ${instance} over SSH: ${mapped.reason}`);
      return undefined;
    }
    await inspectHost(this.context, mapped.host);
    return mapped.host;
  }

  private async enterToken(): Promise<void> {
    const token = await vscode.window.showInputBox({
      title: `Bearer token for ${this.baseUrl}`,
      prompt: 'Kept in VS Code secret storage and sent only to this Prometheus URL.',
      password: true,
      ignoreFocusOut: true,
    });
    if (token === undefined || token.trim() === '') return;
    await this.useToken(token.trim());
  }

  /** Stores the bearer token for this panel's URL in secret storage and refreshes with it. */
  async useToken(token: string): Promise<void> {
    await storeToken(this.context.secrets, this.baseUrl, token);
    await this.refresh();
  }

  dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
    if (FleetPanel.instance === this) FleetPanel.instance = undefined;
    this.panel.dispose();
  }
}
