import type { SocketTableSource } from '$shared/inspector/collectorScript';
import { InspectorSession, type SessionStatus } from '$shared/inspector/inspectorSession';
import type { InspectorTransport } from '$shared/inspector/inspectorTransport';
import type { Snapshot } from '$shared/inspector/snapshot';
import { toReport, type SnapshotReport } from '$shared/inspector/snapshotReport';
import { escapeControl, terminalSafeJson } from '$shared/inspector/terminalText';
import { TerminalScreen } from './terminalScreen';
import { renderLiveView, type LiveViewState } from './watchLiveView';

export interface WatchOptions {
  label: string;
  transport: InspectorTransport;
  source: SocketTableSource;
  seconds: number;
  json: boolean;
  firstFrameTimeoutMs: number | undefined;
  io: { stdout: NodeJS.WritableStream; stderr: NodeJS.WritableStream };
  /** Keys for the live view (q, Ctrl-C); process.stdin by default when it is a terminal. */
  stdin?: NodeJS.ReadStream;
  signal?: AbortSignal;
}

/** Signals that end --watch cleanly (the terminal closing sends SIGHUP); the session is stopped first. */
const ENDING_SIGNALS: readonly NodeJS.Signals[] = ['SIGINT', 'SIGTERM', 'SIGHUP'];

function statusText(status: SessionStatus): { text: string; detail: string | undefined } {
  switch (status.state) {
    case 'error': {
      const retry = status.retryInMs !== undefined ? `; retrying in ${Math.max(1, Math.round(status.retryInMs / 1000))} s` : '';
      return { text: `error: ${status.error.reason}`, detail: `${status.error.reason} (${status.error.detail})${retry}` };
    }
    case 'stale':
      return { text: 'stale', detail: `no data for ${Math.round(status.lastFrameAgoMs / 1000)} s` };
    case 'connecting':
      return { text: 'connecting', detail: status.attempt > 1 ? `connecting, attempt ${status.attempt}` : undefined };
    default:
      return { text: status.state, detail: undefined };
  }
}

/**
 * `inspect --watch`: one long-lived session. On a terminal (and without --json) a full-screen live view
 * redrawn in place; otherwise one JSON object per line per sample, with status changes on stderr.
 * Ends on q / Ctrl-C (live view), SIGINT, SIGTERM, SIGHUP or the abort signal (exit 0), or on an error
 * that retrying cannot fix (exit 1, the reason on stderr).
 */
export function runWatch(options: WatchOptions): Promise<number> {
  const { io, label, seconds } = options;
  const stdout = io.stdout as NodeJS.WriteStream;
  const live = !options.json && stdout.isTTY === true;
  const stdin = options.stdin ?? (process.stdin.isTTY ? process.stdin : undefined);
  const screen = live ? new TerminalScreen(stdout, stdin) : undefined;
  const view: LiveViewState = {
    host: label,
    status: 'connecting',
    statusDetail: undefined,
    intervalSeconds: seconds,
    samples: 0,
    report: undefined,
    history: [],
    now: new Date(),
  };
  const redraw = (): void => {
    view.now = new Date();
    screen?.draw(renderLiveView(view, screen.size));
  };
  const show = (report: SnapshotReport, snapshot: Pick<Snapshot, 'history'> | undefined): void => {
    view.samples++;
    if (!live) {
      io.stdout.write(`${terminalSafeJson(report)}\n`);
      return;
    }
    view.report = report;
    view.history = snapshot?.history ?? [];
    redraw();
  };

  return new Promise<number>((resolve) => {
    let lastStatus = '';
    let failure: string | undefined;
    const session = new InspectorSession({
      hostLabel: label,
      transport: options.transport,
      socketTableSource: options.source,
      ...(options.firstFrameTimeoutMs !== undefined ? { firstFrameTimeoutMs: options.firstFrameTimeoutMs } : {}),
      intervals: { counterIntervalSeconds: seconds, socketTableIntervalSeconds: seconds, sysctlIntervalSeconds: Math.max(60, seconds) },
      onStatus: (status) => {
        const { text, detail } = statusText(status);
        const line = detail ?? text;
        if (status.state === 'error' && status.retryInMs === undefined) failure = `${status.error.reason} (${status.error.detail})`;
        if (live) {
          view.status = text;
          view.statusDetail = detail;
          redraw();
        } else if (line !== lastStatus && status.state !== 'live') {
          const shown = status.state === 'error' ? `error: ${line}` : line;
          io.stderr.write(`[${new Date().toISOString()}] ${escapeControl(label)}: ${escapeControl(shown)}\n`);
        }
        lastStatus = line;
        if (failure !== undefined) void finish(1);
      },
      onSnapshot: (snapshot, hints) => show(toReport(snapshot, hints), snapshot),
    });
    let done = false;
    const finish = async (code: number): Promise<void> => {
      if (done) return;
      done = true;
      for (const sig of ENDING_SIGNALS) process.off(sig, onSignal);
      await session.stop();
      screen?.leave();
      if (live && failure !== undefined) io.stderr.write(`socket-lens inspect: ${escapeControl(label)}: ${escapeControl(failure)}\n`);
      resolve(code);
    };
    const onSignal = (): void => void finish(0);
    for (const sig of ENDING_SIGNALS) process.on(sig, onSignal);
    options.signal?.addEventListener('abort', () => void finish(0), { once: true });
    screen?.enter(() => void finish(0), redraw);
    redraw();
    if (options.transport.kind === 'platform-table' && !live) {
      // macOS / Windows: no collector; the session polls the platform's socket table tool instead.
      io.stderr.write('socket-lens inspect: on this platform only the socket table is available (no kernel counters)\n');
    }
    session.start();
  });
}
