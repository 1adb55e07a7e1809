import type { SnapshotReport } from '$shared/inspector/snapshotReport';
import { escapeControl } from '$shared/inspector/terminalText';

/** What the live view shows: the latest report, the state history for deltas and trends, and the session status. */
export interface LiveViewState {
  host: string;
  /** 'connecting', 'live', 'stale', 'error: …'. */
  status: string;
  /** A line explaining the status when something is wrong (error detail, retry), or undefined. */
  statusDetail: string | undefined;
  intervalSeconds: number;
  samples: number;
  report: SnapshotReport | undefined;
  /** Socket-table samples, oldest first (states per sample). */
  history: ReadonlyArray<{ states: Record<string, number> }>;
  now: Date;
}

const STATE_ORDER = [
  'ESTABLISHED', 'TIME_WAIT', 'CLOSE_WAIT', 'SYN_RECV', 'SYN_SENT', 'FIN_WAIT1', 'FIN_WAIT2', 'LAST_ACK', 'CLOSING', 'CLOSE', 'LISTEN',
];
/** Always shown, even at zero: the states the hints are about. */
const KEY_STATES = new Set(['ESTABLISHED', 'TIME_WAIT', 'CLOSE_WAIT']);
const SPARK = '▁▂▃▄▅▆▇█';
const TREND_POINTS = 16;
const SEVERITY_TAG: Record<string, string> = { critical: 'CRIT', warning: 'WARN', info: 'info' };

const RATE_LINES: ReadonlyArray<ReadonlyArray<[string, string]>> = [
  [
    ['newConnections', 'new conns'],
    ['passiveOpens', 'accepted'],
    ['listenOverflows', 'listen overflows'],
  ],
  [
    ['retransSegs', 'retransmits'],
    ['outRsts', 'resets sent'],
    ['syncookiesSent', 'SYN cookies'],
  ],
];

function count(n: number): string {
  return Math.round(n).toLocaleString('en-US');
}

function rate(n: number | undefined): string {
  if (n === undefined) return '–';
  return n >= 100 ? count(n) : n.toFixed(n < 10 ? 1 : 0);
}

function delta(now: number, before: number | undefined): string {
  if (before === undefined) return '';
  const d = now - before;
  return d === 0 ? '0' : `${d > 0 ? '+' : '−'}${count(Math.abs(d))}`;
}

/** A small trend of the last values: one block character per sample, scaled between their min and max. */
export function sparkline(values: readonly number[]): string {
  if (values.length === 0) return '';
  const min = Math.min(...values);
  const max = Math.max(...values);
  const span = max - min;
  return values.map((v) => SPARK[span === 0 ? 0 : Math.round(((v - min) / span) * (SPARK.length - 1))]).join('');
}

function fit(line: string, width: number): string {
  const safe = escapeControl(line);
  const chars = Array.from(safe);
  return chars.length <= width ? safe : `${chars.slice(0, Math.max(0, width - 1)).join('')}…`;
}

/**
 * The live view as screen lines, at most `rows` lines of at most `columns` characters (each line already
 * escaped: host text cannot carry control characters). Layout, top to bottom: title, status detail, state
 * counts with deltas and trends, rates, as many hints as fit (one line each), and the key help.
 */
export function renderLiveView(state: LiveViewState, size: { columns: number; rows: number }): string[] {
  const width = Math.max(20, size.columns);
  const rows = Math.max(8, size.rows);
  const top: string[] = [];
  const time = state.now.toISOString().slice(11, 19);
  top.push(`Socket Lens · ${state.host} · ${state.status} · ${time} UTC · sample ${state.samples} · every ${state.intervalSeconds} s`);
  top.push(state.statusDetail !== undefined ? `! ${state.statusDetail}` : '');
  const report = state.report;
  if (report === undefined) {
    top.push(state.status.startsWith('error') ? 'No sample yet.' : 'Waiting for the first sample…');
  } else {
    top.push(`${'State'.padEnd(12)} ${'Count'.padStart(9)} ${'Δ'.padStart(8)}  Trend (last ${TREND_POINTS} samples)`);
    const previous = state.history.length >= 2 ? state.history[state.history.length - 2]!.states : undefined;
    const names = [...STATE_ORDER, ...Object.keys(report.states).filter((k) => !STATE_ORDER.includes(k))];
    for (const name of names) {
      const value = report.states[name] ?? 0;
      if (value === 0 && !KEY_STATES.has(name)) continue;
      const trend = sparkline(state.history.slice(-TREND_POINTS).map((h) => h.states[name] ?? 0));
      top.push(`${name.padEnd(12)} ${count(value).padStart(9)} ${delta(value, previous?.[name]).padStart(8)}  ${trend}`);
    }
    top.push('');
    RATE_LINES.forEach((line, i) => {
      const parts = line.map(([key, label]) => `${label} ${rate(report.rates[key])}`);
      top.push(`${i === 0 ? 'Rates /s' : ''.padEnd(8)}  ${parts.join(' · ')}`);
    });
  }
  const footer = 'q or Ctrl-C quits · socket-lens inspect HOST shows the details';
  const lines = top.slice(0, rows - 1);
  const room = rows - 1 - lines.length;
  const hints = report?.hints ?? [];
  if (report !== undefined && room >= 2) {
    lines.push('');
    const hintRows = room - 1;
    if (hints.length === 0) lines.push('Hints: none');
    else {
      const shown = hints.length <= hintRows ? hints.length : Math.max(0, hintRows - 1);
      for (const h of hints.slice(0, shown)) lines.push(`${SEVERITY_TAG[h.severity] ?? h.severity}  ${h.title}`);
      if (shown < hints.length) lines.push(`… ${hints.length - shown} more hint${hints.length - shown === 1 ? '' : 's'}`);
    }
  }
  while (lines.length < rows - 1) lines.push('');
  lines.push(footer);
  return lines.map((l) => fit(l, width));
}
