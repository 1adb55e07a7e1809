/**
 * The host inspector webview (bundled into media/inspector.js). Every value from the host is inserted with
 * textContent (never as HTML); charts are SVG elements. No inline styles (the CSP forbids them).
 *
 * The DOM is updated in place: hints and table rows are keyed, and a text node is only written when its text
 * changed. So an opened (or closed) hint stays as the user left it, a text selection survives refreshes, and the
 * scroll position does not move.
 */
import { arrange, byId, el, formatCount, listItems, newSparkline, setClass, setHidden, setSparkline, setText } from './dom';
import {
  PEER_GROUP_NAMES,
  RATE_LABELS,
  STATE_ORDER,
  type PanelToWebview,
  type SnapshotMessage,
  type StatusMessage,
  type WebviewToPanel,
} from './panelProtocol';
import { vsCodeApi } from './vscodeApi';

type Hint = SnapshotMessage['report']['hints'][number];
/** A table cell: text, or a sparkline of values. */
type Cell = string | { spark: number[] };
interface Row {
  key: string;
  cells: Cell[];
  cls?: string;
}

const vscode = vsCodeApi<WebviewToPanel>();
const SPARK = { width: 120, height: 24 };
let hasSample = false;
let lastStatus: StatusMessage['state'] = 'connecting';

/** The rows of each keyed table, kept between refreshes. */
const tables = new WeakMap<HTMLTableElement, { rows: Map<string, HTMLTableRowElement>; body: HTMLTableSectionElement }>();

/** A keyed table: rows are kept by key between refreshes and only their changed cells are written. */
function syncTable(table: HTMLTableElement, headers: readonly string[], rows: readonly Row[]): void {
  let state = tables.get(table);
  if (!state) {
    const head = el('thead');
    const tr = el('tr');
    for (const c of headers) tr.appendChild(el('th', undefined, c));
    head.appendChild(tr);
    table.appendChild(head);
    state = { rows: new Map(), body: table.appendChild(el('tbody')) };
    tables.set(table, state);
  }
  const ordered: HTMLTableRowElement[] = [];
  const seen = new Set<string>();
  for (const r of rows) {
    seen.add(r.key);
    let tr = state.rows.get(r.key);
    if (!tr) {
      tr = el('tr');
      tr.dataset.key = r.key;
      for (const c of r.cells) {
        const td = el('td');
        if (typeof c === 'object') td.appendChild(newSparkline(SPARK));
        tr.appendChild(td);
      }
      state.rows.set(r.key, tr);
    }
    setClass(tr, r.cls ?? '');
    r.cells.forEach((c, i) => {
      const td = tr.children[i]!;
      if (typeof c === 'object') setSparkline(td.firstChild as SVGSVGElement, c.spark, SPARK);
      else setText(td, c);
    });
    ordered.push(tr);
  }
  for (const key of Array.from(state.rows.keys())) if (!seen.has(key)) state.rows.delete(key);
  arrange(state.body, ordered);
}

function renderStatus(m: StatusMessage): void {
  lastStatus = m.state;
  const s = byId('status');
  setText(s, m.text);
  setClass(s, `status status-${m.state}`);
  setText(byId('status-detail'), m.detail || '');
  setHidden(byId('retry'), !m.canRetry);
  const advice = m.advice;
  setHidden(byId('advice'), !advice);
  if (advice) {
    setText(byId('advice-what'), advice.what);
    setText(byId('advice-todo'), advice.todo);
    setHidden(byId('advice-command-row'), !advice.command);
    setText(byId('advice-command'), advice.command ?? '');
  }
  renderWaiting();
}

function renderWaiting(): void {
  setHidden(byId('sections'), !hasSample);
  const waiting = byId('waiting');
  setHidden(waiting, hasSample || lastStatus === 'error');
  setText(waiting, lastStatus === 'stopped' ? 'Stopped. Press Retry to reconnect.' : 'Connecting… the first sample appears within a few seconds.');
}

/** The parts of a hint's <details> that refreshes write into. */
interface HintView {
  details: HTMLDetailsElement;
  badge: HTMLElement;
  title: HTMLElement;
  detail: HTMLElement;
  evidence: HTMLElement;
  arithmeticBox: HTMLElement;
  arithmetic: HTMLElement;
  fix: HTMLElement;
  sysctl: HTMLElement;
}

const hintViews = new Map<string, HintView>();

function hintView(key: string, h: Hint): HintView {
  const known = hintViews.get(key);
  if (known) return known;
  const details = el('details');
  details.dataset.key = key;
  // Opened by default for warnings and critical ones, once: afterwards it stays as the user leaves it.
  details.open = h.severity !== 'info';
  const summary = el('summary');
  const badge = summary.appendChild(el('span'));
  const title = summary.appendChild(el('span', 'hint-title'));
  details.appendChild(summary);
  const detail = details.appendChild(el('p', 'hint-detail'));
  const evidence = details.appendChild(el('ul', 'evidence'));
  const arithmeticBox = details.appendChild(el('div', 'arithmetic-box'));
  arithmeticBox.appendChild(el('span', 'label', 'Arithmetic'));
  const arithmetic = arithmeticBox.appendChild(el('p', 'arithmetic'));
  const fixLine = details.appendChild(el('p', 'fix'));
  fixLine.appendChild(el('strong', undefined, 'Fix: '));
  const fix = fixLine.appendChild(el('span', 'fix-text'));
  const sysctl = details.appendChild(el('pre', 'sysctl-change'));
  const view: HintView = { details, badge, title, detail, evidence, arithmeticBox, arithmetic, fix, sysctl };
  hintViews.set(key, view);
  return view;
}

function renderHints(hints: readonly Hint[]): void {
  setHidden(byId('no-hints'), hints.length > 0);
  const counts = new Map<string, number>();
  const ordered: HintView[] = [];
  for (const h of hints) {
    const occurrence = counts.get(h.id) ?? 0;
    counts.set(h.id, occurrence + 1);
    const d = hintView(`${h.id}#${occurrence}`, h);
    setClass(d.details, `hint hint-${h.severity}`);
    setClass(d.badge, `badge badge-${h.severity}`);
    setText(d.badge, h.severity);
    setText(d.title, h.title);
    setText(d.detail, h.detail);
    const evidence = h.evidence ?? [];
    for (const [i, li] of listItems(d.evidence, evidence.length).entries()) setText(li, evidence[i]);
    setHidden(d.evidence, evidence.length === 0);
    setHidden(d.arithmeticBox, !h.arithmetic);
    setText(d.arithmetic, h.arithmetic ?? '');
    setText(d.fix, h.fix);
    const sysctl = h.sysctl?.length ? h.sysctl.map((s) => `${s.key} = ${s.value}    # ${s.comment}`).join('\n') : '';
    setHidden(d.sysctl, !sysctl);
    setText(d.sysctl, sysctl);
    ordered.push(d);
  }
  for (const [key, view] of Array.from(hintViews)) if (!ordered.includes(view)) hintViews.delete(key);
  arrange(
    byId('hints'),
    ordered.map((v) => v.details),
  );
}

function renderSnapshot(m: SnapshotMessage): void {
  const r = m.report;
  hasSample = true;
  renderWaiting();
  setHidden(byId('copy-sysctl'), !m.canProposeSysctl);
  const notes = m.notes ?? [];
  const notesList = byId('notes');
  for (const [i, li] of listItems(notesList, notes.length).entries()) setText(li, notes[i]);
  setHidden(notesList, notes.length === 0);
  renderHints(r.hints);

  const ordered: string[] = [...STATE_ORDER];
  const names = ordered.concat(Object.keys(r.states).filter((k) => !ordered.includes(k))).filter((n) => n in r.states);
  syncTable(
    byId<HTMLTableElement>('states'),
    ['State', 'Count', 'History'],
    names.map((name) => ({
      key: name,
      cls: r.states[name] ? '' : 'zero',
      cells: [name, formatCount(r.states[name]), { spark: m.history.map((p) => p.states[name] ?? 0) }],
    })),
  );

  const rateKeys = Object.keys(RATE_LABELS).filter((k) => k in r.rates);
  syncTable(
    byId<HTMLTableElement>('rates'),
    ['Rate', 'Per second', 'History'],
    rateKeys.length
      ? rateKeys.map((k) => ({ key: k, cells: [RATE_LABELS[k]!, formatCount(r.rates[k]), { spark: m.rateHistory.map((p) => p.rates[k] ?? 0) }] }))
      : [{ key: '-', cls: 'zero', cells: ['(rates appear after the second sample)', '', ''] }],
  );

  const shown = r.peers.filter((p) => p.count > 1).slice(0, 15);
  syncTable(
    byId<HTMLTableElement>('peers'),
    ['State', 'Grouped by', 'Endpoint', 'Sockets'],
    shown.length
      ? shown.map((p) => ({
          key: `${p.state}|${p.grouping}|${p.endpoint}`,
          cells: [p.state, PEER_GROUP_NAMES[p.grouping] ?? p.grouping, p.endpoint, formatCount(p.count)],
        }))
      : [{ key: '-', cls: 'zero', cells: ['(no peer holds more than one socket in TIME_WAIT / CLOSE_WAIT / SYN_RECV)', '', '', ''] }],
  );

  syncTable(
    byId<HTMLTableElement>('listeners'),
    ['Listener', 'Queued', 'Limit', 'Fill'],
    r.listeners.slice(0, 15).map((l) => {
      const fill = l.limit ? l.queue / l.limit : 0;
      return {
        key: l.local,
        cls: fill >= 1 ? 'full' : fill >= 0.8 ? 'high' : '',
        cells: [l.local, formatCount(l.queue), l.limit === null ? 'unknown' : formatCount(l.limit), l.limit ? `${Math.round(fill * 100)} %` : '–'],
      };
    }),
  );

  syncTable(
    byId<HTMLTableElement>('sysctls'),
    ['Sysctl', 'Value', 'Meaning'],
    Object.keys(r.sysctl)
      .sort()
      .map((k) => ({ key: k, cells: [k, r.sysctl[k]!, m.meanings[k] ?? ''] })),
  );

  setText(
    byId('meta'),
    [
      `Source: ${r.source || '–'}`,
      `full frame ${formatCount(r.tableFrameBytes)} B`,
      `collector ${formatCount(r.tableCollectMs)} ms per full sample`,
      `updated ${new Date(r.takenAt).toLocaleTimeString()}`,
      `boot ${r.bootId}`,
      `netns ${r.netns}`,
    ].join(' · '),
  );
}

/** For the editor tests (messages come only from this panel's extension): what the user would see. */
function probe(): void {
  const openHints: string[] = [];
  hintViews.forEach((v, key) => {
    if (v.details.open) openHints.push(key);
  });
  vscode.postMessage({
    type: 'probed',
    hintKeys: Array.from(hintViews.keys()),
    openHints,
    selection: String(window.getSelection() ?? ''),
    scrollY: window.scrollY,
    copySysctlVisible: !byId('copy-sysctl').hidden,
    sectionsVisible: !byId('sections').hidden,
    adviceVisible: !byId('advice').hidden,
    adviceCommand: byId('advice-command').textContent ?? '',
  });
}

/** Opens a hint, scrolls to it and, with `select`, selects its explanation (as a user reading it would). */
function reveal(key: string, select: boolean): void {
  const view = hintViews.get(key);
  if (!view) return;
  view.details.open = true;
  view.details.scrollIntoView({ block: 'center' });
  if (select) {
    const range = document.createRange();
    range.selectNodeContents(view.detail);
    const selection = window.getSelection();
    selection?.removeAllRanges();
    selection?.addRange(range);
  }
}

window.addEventListener('message', (event: MessageEvent<PanelToWebview | null>) => {
  const m = event.data;
  if (!m || typeof m !== 'object') return;
  if (m.type === 'host') {
    setText(byId('host'), m.label);
    document.title = `TCP: ${m.label}`;
  } else if (m.type === 'status') renderStatus(m);
  else if (m.type === 'snapshot') renderSnapshot(m);
  else if (m.type === 'probe') probe();
  else if (m.type === 'reveal' && typeof m.key === 'string') reveal(m.key, m.select === true);
});
byId('retry').addEventListener('click', () => vscode.postMessage({ type: 'retry' }));
byId('copy-sysctl').addEventListener('click', () => vscode.postMessage({ type: 'copySysctl' }));
byId('copy-command').addEventListener('click', () => vscode.postMessage({ type: 'copyCommand' }));
renderWaiting();
vscode.postMessage({ type: 'ready' });
