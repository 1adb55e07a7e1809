// Socket Lens host inspector webview. Every value from the host is inserted with textContent (never as
// HTML); charts are SVG elements built with createElementNS. No inline styles (the CSP forbids them).
(function () {
  'use strict';
  const vscode = acquireVsCodeApi();
  const SVG = 'http://www.w3.org/2000/svg';
  const STATE_ORDER = ['ESTABLISHED', 'TIME_WAIT', 'CLOSE_WAIT', 'SYN_RECV', 'SYN_SENT', 'FIN_WAIT1', 'FIN_WAIT2', 'LAST_ACK', 'CLOSING', 'CLOSE', 'LISTEN'];
  const RATE_LABELS = {
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

  const $ = (id) => document.getElementById(id);
  function el(tag, cls, text) {
    const e = document.createElement(tag);
    if (cls) e.className = cls;
    if (text !== undefined && text !== null) e.textContent = String(text);
    return e;
  }
  function clear(node) {
    while (node.firstChild) node.removeChild(node.firstChild);
  }
  function fmt(n) {
    if (typeof n !== 'number' || !isFinite(n)) return '–';
    return n >= 100 || Number.isInteger(n) ? Math.round(n).toLocaleString('en-US') : n.toFixed(n < 10 ? 2 : 1);
  }

  function sparkline(values) {
    const w = 120;
    const h = 24;
    const svg = document.createElementNS(SVG, 'svg');
    svg.setAttribute('class', 'spark');
    svg.setAttribute('viewBox', '0 0 ' + w + ' ' + h);
    svg.setAttribute('width', String(w));
    svg.setAttribute('height', String(h));
    if (values.length < 2) return svg;
    const max = Math.max.apply(null, values.concat([1]));
    const min = Math.min.apply(null, values);
    const span = Math.max(1, max - min);
    const pts = values.map((v, i) => (i * (w - 2)) / (values.length - 1) + 1 + ',' + (h - 2 - ((v - min) * (h - 4)) / span).toFixed(1));
    const line = document.createElementNS(SVG, 'polyline');
    line.setAttribute('points', pts.join(' '));
    line.setAttribute('class', 'spark-line');
    svg.appendChild(line);
    return svg;
  }

  function row(table, cells, cls) {
    const tr = el('tr', cls);
    for (const c of cells) {
      const td = el('td');
      if (c instanceof Node) td.appendChild(c);
      else td.textContent = c === undefined || c === null ? '' : String(c);
      tr.appendChild(td);
    }
    table.appendChild(tr);
    return tr;
  }
  function header(table, cells) {
    const tr = el('tr');
    for (const c of cells) tr.appendChild(el('th', null, c));
    table.appendChild(tr);
  }

  function renderStatus(m) {
    const s = $('status');
    s.textContent = m.text;
    s.className = 'status status-' + m.state;
    $('status-detail').textContent = m.detail || '';
    $('retry').hidden = !m.canRetry;
  }

  function renderHints(hints) {
    const box = $('hints');
    clear(box);
    if (!hints.length) {
      box.appendChild(el('p', 'muted', 'No hints: nothing unusual in the latest sample.'));
      return;
    }
    for (const h of hints) {
      const d = el('details', 'hint hint-' + h.severity);
      if (h.severity !== 'info') d.open = true;
      const sum = el('summary');
      sum.appendChild(el('span', 'badge badge-' + h.severity, h.severity));
      sum.appendChild(el('span', 'hint-title', h.title));
      d.appendChild(sum);
      d.appendChild(el('p', null, h.detail));
      if (h.evidence && h.evidence.length) {
        const ul = el('ul', 'evidence');
        for (const e of h.evidence) ul.appendChild(el('li', null, e));
        d.appendChild(ul);
      }
      if (h.arithmetic) d.appendChild(el('p', 'arithmetic', h.arithmetic));
      const fix = el('p', 'fix');
      fix.appendChild(el('strong', null, 'Fix: '));
      fix.appendChild(document.createTextNode(h.fix));
      d.appendChild(fix);
      if (h.sysctl && h.sysctl.length) {
        const pre = el('pre', 'sysctl-change');
        pre.textContent = h.sysctl.map((s) => s.key + ' = ' + s.value + '    # ' + s.comment).join('\n');
        d.appendChild(pre);
      }
      box.appendChild(d);
    }
  }

  function renderSnapshot(m) {
    const r = m.report;
    renderHints(r.hints);

    const states = $('states');
    clear(states);
    header(states, ['State', 'Count', 'History']);
    const names = STATE_ORDER.concat(Object.keys(r.states).filter((k) => STATE_ORDER.indexOf(k) < 0));
    for (const name of names) {
      if (!(name in r.states)) continue;
      const series = m.history.map((p) => p.states[name] || 0);
      row(states, [name, fmt(r.states[name]), sparkline(series)], r.states[name] ? '' : 'zero');
    }

    const rates = $('rates');
    clear(rates);
    header(rates, ['Rate', 'Per second', 'History']);
    const rateKeys = Object.keys(RATE_LABELS).filter((k) => k in r.rates);
    if (!rateKeys.length) row(rates, ['(rates appear after the second sample)', '', '']);
    for (const k of rateKeys) row(rates, [RATE_LABELS[k], fmt(r.rates[k]), sparkline(m.rateHistory.map((p) => p.rates[k] || 0))]);

    const peers = $('peers');
    clear(peers);
    header(peers, ['State', 'Grouped by', 'Endpoint', 'Sockets']);
    const groupName = { remote: 'remote ip:port', local: 'local ip:port', remoteHost: 'remote ip' };
    const shown = r.peers.filter((p) => p.count > 1).slice(0, 15);
    if (!shown.length) row(peers, ['(no peer holds more than one socket in TIME_WAIT / CLOSE_WAIT / SYN_RECV)', '', '', '']);
    for (const p of shown) row(peers, [p.state, groupName[p.grouping] || p.grouping, p.endpoint, fmt(p.count)]);

    const listeners = $('listeners');
    clear(listeners);
    header(listeners, ['Listener', 'Queued', 'Limit', 'Fill']);
    for (const l of r.listeners.slice(0, 15)) {
      const fill = l.limit ? l.queue / l.limit : 0;
      const tr = row(listeners, [l.local, fmt(l.queue), l.limit === null ? 'unknown' : fmt(l.limit), l.limit ? Math.round(fill * 100) + ' %' : '–']);
      if (fill >= 1) tr.className = 'full';
      else if (fill >= 0.8) tr.className = 'high';
    }

    const sysctls = $('sysctls');
    clear(sysctls);
    header(sysctls, ['Sysctl', 'Value', 'Meaning']);
    for (const k of Object.keys(r.sysctl).sort()) row(sysctls, [k, r.sysctl[k], m.meanings[k] || '']);

    $('meta').textContent =
      'Source: ' + (r.source || '–') + ' · full frame ' + fmt(r.tableFrameBytes) + ' B · collector ' + fmt(r.tableCollectMs) + ' ms per full sample · updated ' + new Date(r.takenAt).toLocaleTimeString() + ' · boot ' + r.bootId + ' · netns ' + r.netns;
  }

  window.addEventListener('message', (event) => {
    const m = event.data;
    if (!m || typeof m !== 'object') return;
    if (m.type === 'host') {
      $('host').textContent = m.label;
      document.title = 'TCP: ' + m.label;
    } else if (m.type === 'status') renderStatus(m);
    else if (m.type === 'snapshot') renderSnapshot(m);
  });
  $('retry').addEventListener('click', () => vscode.postMessage({ type: 'retry' }));
  $('copy-sysctl').addEventListener('click', () => vscode.postMessage({ type: 'copySysctl' }));
  vscode.postMessage({ type: 'ready' });
})();
