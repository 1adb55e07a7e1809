import * as vscode from 'vscode';
import { adviceFor } from '$shared/inspector/connectionAdvice';
import { computeHints, type Hint } from '$shared/inspector/hints';
import type { HostTarget } from '$shared/inspector/hostValidation';
import { InspectorSession, type SessionStatus } from '$shared/inspector/inspectorSession';
import { transportFor } from '$shared/inspector/inspectorTransport';
import type { Snapshot } from '$shared/inspector/snapshot';
import { toReport } from '$shared/inspector/snapshotReport';
import { SYSCTL_MEANINGS } from '$shared/inspector/sysctlMeanings';
import { buildSysctlProposal } from '$shared/inspector/sysctlProposal';
import type { PanelMessage, PanelToWebview, PanelView, WebviewToPanel } from '../../webview/panelProtocol';
import type { InspectorSettings } from './inspectorSettings';
import { buildPanelHtml } from './panelHtml';

/** How the sample was taken, when the user should know (the panel shows these under the status). */
function sampleNotes(snapshot: Snapshot): string[] {
  if (snapshot.meta.source === 'proc') {
    return ['ss is not available on this host: sockets are counted from /proc/net/tcp and tcp6 (same counts; listener queue limits unknown).'];
  }
  return [];
}

function statusMessage(status: SessionStatus, target?: HostTarget, settings?: InspectorSettings): PanelMessage {
  switch (status.state) {
    case 'connecting':
      return { type: 'status', state: 'connecting', text: 'connecting', detail: status.attempt > 1 ? `attempt ${status.attempt}` : '', canRetry: false };
    case 'live':
      return { type: 'status', state: 'live', text: 'live', detail: '', canRetry: false };
    case 'stale':
      return { type: 'status', state: 'stale', text: 'stale', detail: `no data for ${Math.round(status.lastFrameAgoMs / 1000)} s`, canRetry: true };
    case 'error':
      return {
        type: 'status',
        state: 'error',
        text: `error: ${status.error.reason}`,
        detail: `${status.error.detail}${status.retryInMs !== undefined ? ` — retrying in ${Math.round(status.retryInMs / 100) / 10} s` : ''}`,
        canRetry: true,
        advice: adviceFor(status.error, target, settings?.sshExtraArgs ?? [], settings?.sshPath ?? 'ssh'),
      };
    case 'stopped':
      return { type: 'status', state: 'stopped', text: 'stopped', detail: '', canRetry: true };
  }
}

/** One webview panel per inspected host. Closing it ends its ssh session. */
export class InspectorPanel {
  private static readonly open = new Map<string, InspectorPanel>();
  private session: InspectorSession | undefined;
  private latest: { snapshot: Snapshot; hints: Hint[] } | undefined;
  private lastStatus: PanelMessage | undefined;
  private readonly disposables: vscode.Disposable[] = [];

  static get panels(): ReadonlyMap<string, InspectorPanel> {
    return InspectorPanel.open;
  }

  /** Opens (or reveals) the panel of a host: `target` for a remote host, none for this machine. */
  static show(context: vscode.ExtensionContext, host: { id: string; target?: HostTarget }, settings: InspectorSettings): InspectorPanel {
    const existing = InspectorPanel.open.get(host.id);
    if (existing) {
      existing.panel.reveal();
      return existing;
    }
    const created = new InspectorPanel(context, host.id, host.target, settings);
    InspectorPanel.open.set(host.id, created);
    return created;
  }

  readonly panel: vscode.WebviewPanel;
  readonly label: string;

  private constructor(
    context: vscode.ExtensionContext,
    readonly hostId: string,
    private readonly target: HostTarget | undefined,
    private readonly settings: InspectorSettings,
  ) {
    this.label = target === undefined ? 'This machine' : target.label;
    const media = vscode.Uri.joinPath(context.extensionUri, 'media');
    this.panel = vscode.window.createWebviewPanel('socketLens.inspector', `TCP: ${this.label}`, vscode.ViewColumn.Active, {
      enableScripts: true,
      localResourceRoots: [media],
      retainContextWhenHidden: true,
    });
    this.panel.webview.html = buildPanelHtml(this.panel.webview, media, (root, file) => vscode.Uri.joinPath(root, file), `TCP: ${this.label}`);
    this.disposables.push(
      this.panel.onDidDispose(() => void this.dispose()),
      this.panel.webview.onDidReceiveMessage((m: unknown) => void this.onMessage(m)),
    );
    this.start();
  }

  private disposed = false;

  private post(message: PanelToWebview): void {
    if (this.disposed) return;
    try {
      void this.panel.webview.postMessage(message);
    } catch {
      /* the webview went away between the check and the call */
    }
  }

  private start(): void {
    const ssh = { sshPath: this.settings.sshPath, extraArgs: this.settings.sshExtraArgs };
    this.session = new InspectorSession({
      hostLabel: this.label,
      transport: transportFor(this.target, ssh),
      intervals: this.settings.intervals,
      onStatus: (s) => this.onStatus(s),
      onSnapshot: (snapshot, hints) => this.onSnapshot(snapshot, hints),
    });
    this.session.start();
  }

  private onStatus(status: SessionStatus): void {
    this.lastStatus = statusMessage(status, this.target, this.settings);
    this.post(this.lastStatus);
  }

  private onSnapshot(snapshot: Snapshot, hints: Hint[]): void {
    this.latest = { snapshot, hints };
    this.post({
      type: 'snapshot',
      report: toReport(snapshot, hints),
      history: snapshot.history,
      rateHistory: snapshot.rateHistory,
      meanings: SYSCTL_MEANINGS as Record<string, string>,
      canProposeSysctl: hints.some((h) => (h.sysctl?.length ?? 0) > 0),
      notes: sampleNotes(snapshot),
    });
  }

  private async onMessage(message: unknown): Promise<void> {
    // Typed by the protocol, checked anyway: the webview is a page, and what it posts is only data.
    if (typeof message !== 'object' || message === null) return;
    const type = (message as { type?: unknown }).type as WebviewToPanel['type'] | undefined;
    if (type === 'ready') {
      this.post({ type: 'host', label: this.label });
      if (this.lastStatus) this.post(this.lastStatus);
      if (this.latest) this.onSnapshot(this.latest.snapshot, this.latest.hints);
    } else if (type === 'retry') {
      this.session?.retryNow();
    } else if (type === 'copySysctl') {
      await this.copySysctl();
    } else if (type === 'copyCommand') {
      // The command comes from this side's own status, never from the webview.
      const command = this.lastStatus?.type === 'status' ? this.lastStatus.advice?.command : undefined;
      if (command) {
        await vscode.env.clipboard.writeText(command);
        void vscode.window.showInformationMessage('Socket Lens: command copied. Run it in a terminal.');
      }
    } else if (type === 'probed') {
      const waiting = this.probes.splice(0);
      for (const resolve of waiting) resolve(message as Extract<WebviewToPanel, { type: 'probed' }>);
    }
  }

  private readonly probes: Array<(view: PanelView) => void> = [];

  /** What the webview shows right now (open hints, selection, scroll, visible parts); for tests and diagnostics. */
  probeView(timeoutMs = 5000): Promise<PanelView | undefined> {
    return new Promise((resolve) => {
      const timer = setTimeout(() => resolve(undefined), timeoutMs);
      this.probes.push((view) => {
        clearTimeout(timer);
        resolve(view);
      });
      this.post({ type: 'probe' });
    });
  }

  /** Opens a hint in the webview (by key: hint id + '#' + occurrence), scrolls to it and optionally selects its text. */
  revealHint(key: string, select: boolean): void {
    this.post({ type: 'reveal', key, select });
  }

  /** "Copy as sysctl.d file": a commented proposal on the clipboard; nothing is applied anywhere. */
  async copySysctl(): Promise<string | undefined> {
    if (!this.latest) {
      void vscode.window.showInformationMessage('Socket Lens: no sample from this host yet.');
      return undefined;
    }
    const text = buildSysctlProposal(this.label, computeHints(this.latest.snapshot), this.latest.snapshot.sysctl);
    await vscode.env.clipboard.writeText(text);
    void vscode.window.showInformationMessage('Socket Lens: sysctl.d proposal copied. Review it before applying it on the host.');
    return text;
  }

  get status(): PanelMessage | undefined {
    return this.lastStatus;
  }

  /** Socket-table samples in the current history (what the state sparklines show). */
  get tableSamples(): number {
    return this.latest?.snapshot.history.length ?? 0;
  }

  /** ssh (or local collector) processes started for this panel so far. */
  get connectionAttempts(): number {
    return this.session?.connections ?? 0;
  }

  get snapshotCount(): number {
    return this.session?.framesReceived ?? (this.latest ? 1 : 0);
  }

  async dispose(): Promise<void> {
    if (this.disposed) return;
    this.disposed = true;
    if (InspectorPanel.open.get(this.hostId) === this) InspectorPanel.open.delete(this.hostId);
    for (const d of this.disposables.splice(0)) d.dispose();
    const session = this.session;
    await session?.stop();
    if (!session) this.lastStatus = statusMessage({ state: 'stopped' });
  }

  static async disposeAll(): Promise<void> {
    await Promise.all([...InspectorPanel.open.values()].map((p) => {
      p.panel.dispose();
      return p.dispose();
    }));
  }
}
