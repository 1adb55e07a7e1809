// Socket Lens host inspector webview. Every value from the host is inserted with textContent (never as
// HTML); charts are SVG elements built with createElementNS. No inline styles (the CSP forbids them).
//
// The DOM is updated in place: hints and table rows are keyed, and a text node is only written when its
// text changed. So an opened (or closed) hint stays as the user left it, a text selection survives
// refreshes, and the scroll position does not move.
(() => {
  
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
  const GROUP_NAME = { remote: 'remote ip:port', local: 'local ip:port', remoteHost: 'remote ip' };

  const $ = (id) => document.getElementById(id);
  let hasSample = false;
  let lastStatus = 'connecting';

  function el(tag, cls, text) {
    const e = document.createElement(tag);
    if (cls) e.className = cls;
    if (text !== undefined && text !== null) e.textContent = String(text);
    return e;
  }
  /** Writes text only when it changed (rewriting equal text would drop a selection inside it). */
  function setText(node, text) {
    const t = text === undefined || text === null ? '' : String(text);
    if (node.textContent !== t) node.textContent = t;
  }
  function setClass(node, cls) {
    if (node.className !== cls) node.className = cls;
  }
  function setHidden(node, hidden) {
    if (node.hidden !== hidden) node.hidden = hidden;
  }
  function fmt(n) {
    if (typeof n !== 'number' || !Number.isFinite(n)) return '–';
    return n >= 100 || Number.isInteger(n) ? Math.round(n).toLocaleString('en-US') : n.toFixed(n < 10 ? 2 : 1);
  }
  /** Puts `nodes` into `parent` in this order, moving only those out of place, and removes the others. */
  function arrange(parent, nodes) {
    const wanted = new Set(nodes);
    for (const child of Array.from(parent.children)) if (!wanted.has(child)) parent.removeChild(child);
    nodes.forEach((node, i) => {
      const at = parent.children[i];
      if (at !== node) parent.insertBefore(node, at || null);
    });
  }

  function newSparkline() {
    const w = 120;
    const h = 24;
    const svg = document.createElementNS(SVG, 'svg');
    svg.setAttribute('class', 'spark');
    svg.setAttribute('viewBox', `0 0 ${w} ${h}`);
    svg.setAttribute('width', String(w));
    svg.setAttribute('height', String(h));
    const line = document.createElementNS(SVG, 'polyline');
    line.setAttribute('class', 'spark-line');
    svg.appendChild(line);
    return svg;
  }
  function updateSparkline(svg, values) {
    const w = 120;
    const h = 24;
    const line = svg.firstChild;
    if (values.length < 2) {
      line.setAttribute('points', '');
      return;
    }
    const max = Math.max.apply(null, values.concat([1]));
    const min = Math.min.apply(null, values);
    const span = Math.max(1, max - min);
    const pts = values.map((v, i) => `${(i * (w - 2)) / (values.length - 1) + 1},${(h - 2 - ((v - min) * (h - 4)) / span).toFixed(1)}`);
    line.setAttribute('points', pts.join(' '));
  }

  /**
   * A keyed table: `rows` is [{ key, cells, cls }] where a cell is text or { spark: [numbers] }. Rows are
   * kept by key between refreshes and only their changed cells are written.
   */
  function syncTable(table, headers, rows) {
    if (!table._rows) {
      table._rows = new Map();
      const head = el('thead');
      const tr = el('tr');
      for (const c of headers) tr.appendChild(el('th', null, c));
      head.appendChild(tr);
      table.appendChild(head);
      table._body = el('tbody');
      table.appendChild(table._body);
    }
    const ordered = [];
    const seen = new Set();
    for (const r of rows) {
      seen.add(r.key);
      let tr = table._rows.get(r.key);
      if (!tr) {
        tr = el('tr');
        tr.dataset.key = r.key;
        for (const c of r.cells) {
          const td = el('td');
          if (c && typeof c === 'object' && c.spark) td.appendChild(newSparkline());
          tr.appendChild(td);
        }
        table._rows.set(r.key, tr);
      }
      setClass(tr, r.cls || '');
      r.cells.forEach((c, i) => {
        const td = tr.children[i];
        if (c && typeof c === 'object' && c.spark) updateSparkline(td.firstChild, c.spark);
        else setText(td, c);
      });
      ordered.push(tr);
    }
    for (const key of Array.from(table._rows.keys())) if (!seen.has(key)) table._rows.delete(key);
    arrange(table._body, ordered);
  }

  function renderStatus(m) {
    lastStatus = m.state;
    const s = $('status');
    setText(s, m.text);
    setClass(s, `status status-${m.state}`);
    setText($('status-detail'), m.detail || '');
    setHidden($('retry'), !m.canRetry);
    const advice = m.advice;
    setHidden($('advice'), !advice);
    if (advice) {
      setText($('advice-what'), advice.what);
      setText($('advice-todo'), advice.todo);
      setHidden($('advice-command-row'), !advice.command);
      setText($('advice-command'), advice.command || '');
    }
    renderWaiting();
  }

  function renderWaiting() {
    setHidden($('sections'), !hasSample);
    const waiting = $('waiting');
    setHidden(waiting, hasSample || lastStatus === 'error');
    setText(waiting, lastStatus === 'stopped' ? 'Stopped. Press Retry to reconnect.' : 'Connecting… the first sample appears within a few seconds.');
  }

  const hintNodes = new Map();

  function hintNode(key, h) {
    let d = hintNodes.get(key);
    if (d) return d;
    d = el('details');
    d.dataset.key = key;
    // Opened by default for warnings and critical ones, once: afterwards it stays as the user leaves it.
    d.open = h.severity !== 'info';
    const sum = el('summary');
    d._badge = sum.appendChild(el('span'));
    d._title = sum.appendChild(el('span', 'hint-title'));
    d.appendChild(sum);
    d._detail = d.appendChild(el('p', 'hint-detail'));
    d._evidence = d.appendChild(el('ul', 'evidence'));
    d._arithmeticBox = d.appendChild(el('div', 'arithmetic-box'));
    d._arithmeticBox.appendChild(el('span', 'label', 'Arithmetic'));
    d._arithmetic = d._arithmeticBox.appendChild(el('p', 'arithmetic'));
    const fix = d.appendChild(el('p', 'fix'));
    fix.appendChild(el('strong', null, 'Fix: '));
    d._fix = fix.appendChild(el('span', 'fix-text'));
    d._sysctl = d.appendChild(el('pre', 'sysctl-change'));
    hintNodes.set(key, d);
    return d;
  }

  function renderHints(hints) {
    const box = $('hints');
    setHidden($('no-hints'), hints.length > 0);
    const counts = {};
    const ordered = [];
    for (const h of hints) {
      counts[h.id] = (counts[h.id] || 0) + 1;
      const key = `${h.id}#${counts[h.id] - 1}`;
      const d = hintNode(key, h);
      setClass(d, `hint hint-${h.severity}`);
      setClass(d._badge, `badge badge-${h.severity}`);
      setText(d._badge, h.severity);
      setText(d._title, h.title);
      setText(d._detail, h.detail);
      const evidence = h.evidence || [];
      while (d._evidence.children.length > evidence.length) d._evidence.removeChild(d._evidence.lastChild);
      evidence.forEach((e, i) => {
        setText(d._evidence.children[i] || d._evidence.appendChild(el('li')), e);
      });
      setHidden(d._evidence, evidence.length === 0);
      setHidden(d._arithmeticBox, !h.arithmetic);
      setText(d._arithmetic, h.arithmetic || '');
      setText(d._fix, h.fix);
      const sysctl = h.sysctl?.length ? h.sysctl.map((s) => `${s.key} = ${s.value}    # ${s.comment}`).join('\n') : '';
      setHidden(d._sysctl, !sysctl);
      setText(d._sysctl, sysctl);
      ordered.push(d);
    }
    for (const key of Array.from(hintNodes.keys())) if (!ordered.includes(hintNodes.get(key))) hintNodes.delete(key);
    arrange(box, ordered);
  }

  function renderSnapshot(m) {
    const r = m.report;
    hasSample = true;
    renderWaiting();
    setHidden($('copy-sysctl'), !m.canProposeSysctl);
    const notes = $('notes');
    while (notes.children.length > (m.notes || []).length) notes.removeChild(notes.lastChild);
    (m.notes || []).forEach((n, i) => {
      setText(notes.children[i] || notes.appendChild(el('li')), n);
    });
    setHidden(notes, !(m.notes?.length));
    renderHints(r.hints);

    const names = STATE_ORDER.concat(Object.keys(r.states).filter((k) => STATE_ORDER.indexOf(k) < 0)).filter((n) => n in r.states);
    syncTable(
      $('states'),
      ['State', 'Count', 'History'],
      names.map((name) => ({
        key: name,
        cls: r.states[name] ? '' : 'zero',
        cells: [name, fmt(r.states[name]), { spark: m.history.map((p) => p.states[name] || 0) }],
      })),
    );

    const rateKeys = Object.keys(RATE_LABELS).filter((k) => k in r.rates);
    syncTable(
      $('rates'),
      ['Rate', 'Per second', 'History'],
      rateKeys.length
        ? rateKeys.map((k) => ({ key: k, cells: [RATE_LABELS[k], fmt(r.rates[k]), { spark: m.rateHistory.map((p) => p.rates[k] || 0) }] }))
        : [{ key: '-', cls: 'zero', cells: ['(rates appear after the second sample)', '', ''] }],
    );

    const shown = r.peers.filter((p) => p.count > 1).slice(0, 15);
    syncTable(
      $('peers'),
      ['State', 'Grouped by', 'Endpoint', 'Sockets'],
      shown.length
        ? shown.map((p) => ({
            key: `${p.state}|${p.grouping}|${p.endpoint}`,
            cells: [p.state, GROUP_NAME[p.grouping] || p.grouping, p.endpoint, fmt(p.count)],
          }))
        : [{ key: '-', cls: 'zero', cells: ['(no peer holds more than one socket in TIME_WAIT / CLOSE_WAIT / SYN_RECV)', '', '', ''] }],
    );

    syncTable(
      $('listeners'),
      ['Listener', 'Queued', 'Limit', 'Fill'],
      r.listeners.slice(0, 15).map((l) => {
        const fill = l.limit ? l.queue / l.limit : 0;
        return {
          key: l.local,
          cls: fill >= 1 ? 'full' : fill >= 0.8 ? 'high' : '',
          cells: [l.local, fmt(l.queue), l.limit === null ? 'unknown' : fmt(l.limit), l.limit ? `${Math.round(fill * 100)} %` : '–'],
        };
      }),
    );

    syncTable(
      $('sysctls'),
      ['Sysctl', 'Value', 'Meaning'],
      Object.keys(r.sysctl)
        .sort()
        .map((k) => ({ key: k, cells: [k, r.sysctl[k], m.meanings[k] || ''] })),
    );

    setText(
      $('meta'),
      [
        `Source: ${r.source || '–'}`,
        `full frame ${fmt(r.tableFrameBytes)} B`,
        `collector ${fmt(r.tableCollectMs)} ms per full sample`,
        `updated ${new Date(r.takenAt).toLocaleTimeString()}`,
        `boot ${r.bootId}`,
        `netns ${r.netns}`,
      ].join(' · '),
    );
  }

  /** For the editor tests (messages come only from this panel's extension): what the user would see. */
  function probe() {
    const open = [];
    hintNodes.forEach((d, key) => {
      if (d.open) open.push(key);
    });
    vscode.postMessage({
      type: 'probed',
      hintKeys: Array.from(hintNodes.keys()),
      openHints: open,
      selection: String(window.getSelection() || ''),
      scrollY: window.scrollY,
      copySysctlVisible: !$('copy-sysctl').hidden,
      sectionsVisible: !$('sections').hidden,
      adviceVisible: !$('advice').hidden,
      adviceCommand: $('advice-command').textContent,
    });
  }

  /** Opens a hint, scrolls to it and, with `select`, selects its explanation (as a user reading it would). */
  function reveal(key, select) {
    const d = hintNodes.get(key);
    if (!d) return;
    d.open = true;
    d.scrollIntoView({ block: 'center' });
    if (select) {
      const range = document.createRange();
      range.selectNodeContents(d._detail);
      const selection = window.getSelection();
      selection.removeAllRanges();
      selection.addRange(range);
    }
  }

  window.addEventListener('message', (event) => {
    const m = event.data;
    if (!m || typeof m !== 'object') return;
    if (m.type === 'host') {
      setText($('host'), m.label);
      document.title = `TCP: ${m.label}`;
    } else if (m.type === 'status') renderStatus(m);
    else if (m.type === 'snapshot') renderSnapshot(m);
    else if (m.type === 'probe') probe();
    else if (m.type === 'reveal' && typeof m.key === 'string') reveal(m.key, m.select === true);
  });
  $('retry').addEventListener('click', () => vscode.postMessage({ type: 'retry' }));
  $('copy-sysctl').addEventListener('click', () => vscode.postMessage({ type: 'copySysctl' }));
  $('copy-command').addEventListener('click', () => vscode.postMessage({ type: 'copyCommand' }));
  renderWaiting();
  vscode.postMessage({ type: 'ready' });
})();
