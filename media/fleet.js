// Socket Lens fleet webview. Every value from Prometheus (labels, instance names) is inserted with
// textContent, never as HTML; trend lines are SVG elements built with createElementNS. No inline styles.
(() => {
  
  const vscode = acquireVsCodeApi();
  const SVG = 'http://www.w3.org/2000/svg';
  const $ = (id) => document.getElementById(id);
  let view ;
  let drillDown = false;
  let selected ; // instance + '\u0000' + job

  function el(tag, cls, text) {
    const e = document.createElement(tag);
    if (cls) e.className = cls;
    if (text !== undefined && text !== null) e.textContent = String(text);
    return e;
  }
  function clear(node) {
    while (node.firstChild) node.removeChild(node.firstChild);
  }
  function count(v) {
    return typeof v === 'number' && Number.isFinite(v) ? Math.round(v).toLocaleString('en-US') : undefined;
  }
  function keyOf(h) {
    return `${h.instance}\u0000${h.job}`;
  }

  function sparkline(values, cls) {
    const w = 70;
    const h = 18;
    const svg = document.createElementNS(SVG, 'svg');
    svg.setAttribute('class', 'spark');
    svg.setAttribute('viewBox', `0 0 ${w} ${h}`);
    svg.setAttribute('width', String(w));
    svg.setAttribute('height', String(h));
    if (!values || values.length < 2) return svg;
    const max = Math.max.apply(null, values);
    const min = Math.min.apply(null, values);
    const span = Math.max(1, max - min);
    const x = (i) => ((i * (w - 2)) / (values.length - 1) + 1).toFixed(1);
    const y = (v) => (h - 2 - ((v - min) * (h - 4)) / span).toFixed(1);
    const pts = values.map((v, i) => `${x(i)},${y(v)}`);
    const line = document.createElementNS(SVG, 'polyline');
    line.setAttribute('points', pts.join(' '));
    line.setAttribute('class', cls);
    svg.appendChild(line);
    return svg;
  }

  const { parseFilter, matches } = window.socketLensFleetFilter;

  function stateCell(host, state, counterKey) {
    const fromStates = host.states ? host.states[state] : undefined;
    const value = host.states ? fromStates : counterKey ? host.counters[counterKey] : undefined;
    const text = count(value);
    const td = el('td', `num${text === undefined ? ' unknown' : ''}`, text === undefined ? '?' : text);
    if (text === undefined) td.title = 'unknown: this host does not export it (node_exporter --collector.tcpstat)';
    return td;
  }

  function renderRows() {
    const started = performance.now();
    const body = $('rows');
    clear(body);
    if (!view) return;
    const terms = parseFilter($('filter').value);
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
    $('meta').textContent =
      shown + ' of ' + view.hosts.length + ' hosts shown · ' +
      view.queries + ' Prometheus queries in ' + view.elapsedMs + ' ms · evaluated ' + view.evaluatedAt;
    // Reported back so the extension (and its tests) can see how long a full table takes to build.
    vscode.postMessage({ type: 'rendered', rows: shown, ms: Math.round(performance.now() - started) });
  }

  function renderDetail() {
    const section = $('detail');
    const host = view?.hosts.find((h) => keyOf(h) === selected);
    if (!host) {
      section.hidden = true;
      return;
    }
    section.hidden = false;
    $('detail-title').textContent = host.instance + (host.job ? ` (${host.job})` : '');
    $('detail-status').textContent = `${host.status}: ${host.statusDetail}`;
    const hints = $('detail-hints');
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
    const unknown = $('detail-unknown');
    clear(unknown);
    for (const u of host.unknown) unknown.appendChild(el('li', undefined, u));
    const labels = $('detail-labels');
    clear(labels);
    for (const k of Object.keys(host.labels).sort()) {
      const tr = el('tr');
      tr.appendChild(el('td', undefined, k));
      tr.appendChild(el('td', undefined, host.labels[k]));
      labels.appendChild(tr);
    }
  }

  function setStatus(kind, text) {
    const s = $('status');
    s.className = `status status-${kind}`;
    s.textContent = text;
  }

  window.addEventListener('message', (event) => {
    const m = event.data;
    if (!m || typeof m !== 'object') return;
    if (m.type === 'loading') {
      $('source').textContent = m.prometheus;
      setStatus('loading', 'loading');
    } else if (m.type === 'fleet') {
      view = m.view;
      drillDown = !!m.drillDown;
      $('source').textContent = view.prometheus + (view.match ? ` {${view.match}}` : '');
      setStatus('live', `${view.hosts.length} hosts`);
      $('error').hidden = true;
      const notes = $('notes');
      clear(notes);
      for (const n of view.notes) notes.appendChild(el('li', undefined, n));
      renderRows();
      renderDetail();
    } else if (m.type === 'error') {
      setStatus('error', `error: ${m.kind}`);
      $('error').hidden = false;
      $('error-text').textContent = m.message + (view ? ' (showing the last successful reading)' : '');
      $('enter-token').hidden = !m.canEnterToken;
    }
  });
  $('filter').addEventListener('input', renderRows);
  $('refresh').addEventListener('click', () => vscode.postMessage({ type: 'refresh' }));
  $('enter-token').addEventListener('click', () => vscode.postMessage({ type: 'enterToken' }));
  vscode.postMessage({ type: 'ready' });
})();
