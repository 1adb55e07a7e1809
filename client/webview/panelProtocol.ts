/**
 * The host inspector panel's messages, both ways, and the display facts both sides share (state order, rate
 * labels). Compiled into the extension (client/src/inspector/inspectorPanel.ts) and into the webview script
 * (client/webview/inspector.ts → media/inspector.js) from this one file.
 */
import type { ConnectionAdvice } from '$shared/inspector/connectionAdvice';
import type { SessionStatus } from '$shared/inspector/inspectorSession';
import type { TcpState } from '$shared/inspector/sample';
import type { SnapshotReport } from '$shared/inspector/snapshotReport';

/** The session status as the panel shows it. */
export interface StatusMessage {
  type: 'status';
  state: SessionStatus['state'];
  text: string;
  detail: string;
  canRetry: boolean;
  advice?: ConnectionAdvice;
}

/** A sample and what the panel needs to show it (plain data; the webview inserts every string as text). */
export interface SnapshotMessage {
  type: 'snapshot';
  report: SnapshotReport;
  history: Array<{ clock: number; states: Record<string, number> }>;
  rateHistory: Array<{ clock: number; rates: Record<string, number> }>;
  meanings: Record<string, string>;
  /** Whether any hint proposes a sysctl change ("Copy as sysctl.d file" is shown only then). */
  canProposeSysctl: boolean;
  /** Notes about how the sample was taken (e.g. ss missing, counted from /proc). */
  notes: string[];
}

/** What the panel shows: a status or a sample. */
export type PanelMessage = StatusMessage | SnapshotMessage;

/** Everything the panel posts to the webview. */
export type PanelToWebview =
  | PanelMessage
  | { type: 'host'; label: string }
  /** Asks the webview to report what it shows (a 'probed' message). */
  | { type: 'probe' }
  /** Opens a hint (by key: hint id + '#' + occurrence), scrolls to it and optionally selects its text. */
  | { type: 'reveal'; key: string; select: boolean };

/** What the webview reports about itself when probed. */
export interface PanelView {
  hintKeys: string[];
  openHints: string[];
  selection: string;
  scrollY: number;
  copySysctlVisible: boolean;
  sectionsVisible: boolean;
  adviceVisible: boolean;
  adviceCommand: string;
}

/** Everything the webview posts to the panel. */
export type WebviewToPanel =
  | { type: 'ready' }
  | { type: 'retry' }
  | { type: 'copySysctl' }
  /** Copies the advice command of the panel's own last status (the webview never names the command). */
  | { type: 'copyCommand' }
  | ({ type: 'probed' } & PanelView);

/** The order of the "Connections by state" table (states not named here follow, in report order). */
export const STATE_ORDER: readonly TcpState[] = [
  'ESTABLISHED',
  'TIME_WAIT',
  'CLOSE_WAIT',
  'SYN_RECV',
  'SYN_SENT',
  'FIN_WAIT1',
  'FIN_WAIT2',
  'LAST_ACK',
  'CLOSING',
  'CLOSE',
  'LISTEN',
];

/** The rows of the "Rates" table, in order: rate key (snapshot.ts RATE_DEFINITIONS) → label. */
export const RATE_LABELS: Readonly<Record<string, string>> = {
  newConnections: 'New connections',
  activeOpens: 'Outgoing connects',
  passiveOpens: 'Accepted connections',
  listenOverflows: 'Listen overflows',
  listenDrops: 'Listen drops',
  syncookiesSent: 'SYN cookies sent',
  reqQFullDrop: 'SYN queue full drops',
  timeWaitOverflow: 'TIME_WAIT overflows',
  retransSegs: 'Retransmitted segments',
  estabResets: 'Resets of established',
  outRsts: 'Resets sent',
  attemptFails: 'Failed connection attempts',
  abortOnTimeout: 'Aborts on timeout',
  abortOnMemory: 'Aborts on memory',
  memoryPressures: 'Memory pressure events',
};

/** How the "Top peers" table names a grouping. */
export const PEER_GROUP_NAMES: Readonly<Record<string, string>> = { remote: 'remote ip:port', local: 'local ip:port', remoteHost: 'remote ip' };
