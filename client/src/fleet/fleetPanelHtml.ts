import type * as vscode from 'vscode';
import { webviewDocumentHtml } from '../webviewDocument';

/** The fleet webview's HTML: the shared document (strict CSP, nonce'd packaged scripts) around the panel's markup. */
export function buildFleetPanelHtml(
  webview: vscode.Webview,
  mediaRoot: vscode.Uri,
  asUri: (root: vscode.Uri, file: string) => vscode.Uri,
): string {
  return webviewDocumentHtml({
    webview,
    mediaRoot,
    asUri,
    title: 'TCP fleet',
    styles: ['fleet.css'],
    scripts: ['fleet.js'],
    body: FLEET_BODY,
  });
}

const FLEET_BODY = `
<header class="bar">
  <h1>TCP fleet</h1>
  <span id="source" class="muted"></span>
  <span id="status" class="status status-loading">loading</span>
  <span class="spacer"></span>
  <input id="filter" type="search" placeholder="Filter: job=node, instance=~web, or any text" aria-label="Filter hosts by label">
  <button id="refresh" type="button">Refresh</button>
</header>
<section id="error" class="error" hidden>
  <p id="error-text"></p>
  <button id="enter-token" type="button" hidden>Enter bearer token…</button>
</section>
<ul id="notes" class="notes"></ul>
<main>
  <table id="hosts" class="grid">
    <thead><tr>
      <th>#</th><th>Instance</th><th>Job</th><th>Status</th><th>Risk</th>
      <th class="num">ESTAB</th><th class="num">TIME_WAIT</th><th class="num">CLOSE_WAIT</th><th class="num">SYN_RECV</th>
      <th>Trend (TIME_WAIT · CLOSE_WAIT)</th><th>Worst hint</th><th></th>
    </tr></thead>
    <tbody id="rows"></tbody>
  </table>
  <section id="detail" hidden>
    <h2 id="detail-title"></h2>
    <p id="detail-status" class="muted"></p>
    <div id="detail-hints"></div>
    <h3>Not known from Prometheus</h3>
    <ul id="detail-unknown"></ul>
    <h3>Labels</h3>
    <table id="detail-labels" class="grid"></table>
  </section>
</main>
<footer id="meta" class="muted"></footer>
`;
