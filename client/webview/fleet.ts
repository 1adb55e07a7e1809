/**
 * The fleet webview (bundled into media/fleet.js). Every value from Prometheus (labels, instance names) is
 * inserted with textContent, never as HTML; trend lines are SVG elements. No inline styles.
 */
import type { FleetHostView, FleetView } from '$shared/inspector/fleet/fleetReportView';
import { byId, clear, el, newSparkline, setSparkline } from './dom';
import { matches, parseFilter } from './fleetFilter';
import type { FleetPanelMessage, FleetWebviewMessage } from './fleetProtocol';
import { vsCodeApi } from './vscodeApi';

const vscode = vsCodeApi<FleetWebviewMessage>();
const SPARK = { width: 70, height: 18 };
let view: FleetView | undefined;
let drillDown = false;
/** instance + '\u0000' + job */
let selected: string | undefined;

function count(v: unknown): string | undefined {
  return typeof v === 'number' && Number.isFinite(v) ? Math.round(v).toLocaleString('en-US') : undefined;
}

function keyOf(h: FleetHostView): string {
  return `${h.instance}\u0000${h.job}`;
}

function sparkline(values: readonly number[] | undefined, lineClass: string): SVGSVGElement {
  const svg = newSparkline(SPARK, lineClass);
  setSparkline(svg, values ?? [], SPARK);
  return svg;
}

function stateCell(host: FleetHostView, state: string, counterKey?: string): HTMLTableCellElement {
  const value = host.states ? host.states[state] : counterKey ? host.counters[counterKey] : undefined;
  const text = count(value);
  const td = el('td', `num${text === undefined ? ' unknown' : ''}`, text ?? '?');
  if (text === undefined) td.title = 'unknown: this host does not export it (node_exporter --collector.tcpstat)';
  return td;
}

function renderRows(): void {
  const started = performance.now();
  const body = byId('rows');
  clear(body);
  if (!view) return;
  const terms = parseFilter(byId<HTMLInputElement>('filter').value);
  let shown = 0;
  for (const host of view.hosts) {
    if (!matches(host.labels, terms)) continue;
    shown++;
    const tr = el('tr');
    tr.dataset.key = keyOf(host);
    if (keyOf(host) === selected) tr.classList.add('selected');
    tr.appendChild(el('td', 'num', host.rank));
    tr.appendChild(el('td', 'instance', host.instance));
    tr.appendChild(el('td', undefined, host.job));
    const status = el('td', undefined, host.status);
    status.title = host.statusDetail;
    tr.appendChild(status);
    const risk = el('td');
    risk.appendChild(el('span', `risk risk-${host.risk}`, host.risk));
    tr.appendChild(risk);
    tr.appendChild(stateCell(host, 'ESTABLISHED', 'Tcp.CurrEstab'));
    tr.appendChild(stateCell(host, 'TIME_WAIT', 'sockstat.TCP.tw'));
    tr.appendChild(stateCell(host, 'CLOSE_WAIT'));
    tr.appendChild(stateCell(host, 'SYN_RECV'));
    const trend = el('td');
    trend.appendChild(sparkline(host.trendLines.TIME_WAIT, 'spark-tw'));
    trend.appendChild(sparkline(host.trendLines.CLOSE_WAIT, 'spark-cw'));
    tr.appendChild(trend);
    const worst = host.hints[0];
    tr.appendChild(el('td', 'worst', worst ? worst.title : host.status === 'up' ? 'none' : host.statusDetail));
    const open = el('td');
    if (drillDown) {
      const button = el('button', 'secondary open', 'Open over SSH');
      button.type = 'button';
      button.addEventListener('click', (e) => {
        e.stopPropagation();
        vscode.postMessage({ type: 'open', instance: host.instance, job: host.job });
      });
      open.appendChild(button);
    }
    tr.appendChild(open);
    tr.addEventListener('click', () => {
      selected = keyOf(host);
      renderRows();
      renderDetail();
    });
    body.appendChild(tr);
  }
  byId('meta').textContent =
    `${shown} of ${view.hosts.length} hosts shown · ${view.queries} Prometheus queries in ${view.elapsedMs} ms · evaluated ${view.evaluatedAt}`;
  // Reported back so the extension (and its tests) can see how long a full table takes to build.
  vscode.postMessage({ type: 'rendered', rows: shown, ms: Math.round(performance.now() - started) });
}

function renderDetail(): void {
  const section = byId('detail');
  const host = view?.hosts.find((h) => keyOf(h) === selected);
  if (!host) {
    section.hidden = true;
    return;
  }
  section.hidden = false;
  byId('detail-title').textContent = host.instance + (host.job ? ` (${host.job})` : '');
  byId('detail-status').textContent = `${host.status}: ${host.statusDetail}`;
  const hints = byId('detail-hints');
  clear(hints);
  if (host.hints.length === 0) hints.appendChild(el('p', 'muted', host.status === 'up' ? 'No hints.' : 'No current data, so no hints.'));
  for (const h of host.hints) {
    const box = el('div', `hint hint-${h.severity}`);
    const title = el('div');
    title.appendChild(el('span', `risk risk-${h.severity}`, h.severity));
    title.appendChild(document.createTextNode(' '));
    title.appendChild(el('span', 'hint-title', h.title));
    box.appendChild(title);
    box.appendChild(el('p', undefined, h.detail));
    const ul = el('ul');
    for (const e of h.evidence) ul.appendChild(el('li', undefined, e));
    box.appendChild(ul);
    if (h.arithmetic) box.appendChild(el('p', 'arithmetic', h.arithmetic));
    box.appendChild(el('p', undefined, `→ ${h.fix}`));
    hints.appendChild(box);
  }
  const unknown = byId('detail-unknown');
  clear(unknown);
  for (const u of host.unknown) unknown.appendChild(el('li', undefined, u));
  const labels = byId('detail-labels');
  clear(labels);
  for (const k of Object.keys(host.labels).sort()) {
    const tr = el('tr');
    tr.appendChild(el('td', undefined, k));
    tr.appendChild(el('td', undefined, host.labels[k]));
    labels.appendChild(tr);
  }
}

function setStatus(kind: string, text: string): void {
  const s = byId('status');
  s.className = `status status-${kind}`;
  s.textContent = text;
}

window.addEventListener('message', (event: MessageEvent<FleetPanelMessage | null>) => {
  const m = event.data;
  if (!m || typeof m !== 'object') return;
  if (m.type === 'loading') {
    byId('source').textContent = m.prometheus;
    setStatus('loading', 'loading');
  } else if (m.type === 'fleet') {
    view = m.view;
    drillDown = !!m.drillDown;
    byId('source').textContent = view.prometheus + (view.match ? ` {${view.match}}` : '');
    setStatus('live', `${view.hosts.length} hosts`);
    byId('error').hidden = true;
    const notes = byId('notes');
    clear(notes);
    for (const n of view.notes) notes.appendChild(el('li', undefined, n));
    renderRows();
    renderDetail();
  } else if (m.type === 'error') {
    setStatus('error', `error: ${m.kind}`);
    byId('error').hidden = false;
    byId('error-text').textContent = m.message + (view ? ' (showing the last successful reading)' : '');
    byId('enter-token').hidden = !m.canEnterToken;
  }
});
byId('filter').addEventListener('input', renderRows);
byId('refresh').addEventListener('click', () => vscode.postMessage({ type: 'refresh' }));
byId('enter-token').addEventListener('click', () => vscode.postMessage({ type: 'enterToken' }));
vscode.postMessage({ type: 'ready' });
