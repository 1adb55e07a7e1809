import { randomBytes } from 'node:crypto';
import type * as vscode from 'vscode';

/** The fleet webview's HTML: strict CSP, one nonce'd script, no inline styles, nothing remote. */
export function buildFleetPanelHtml(
  webview: vscode.Webview,
  mediaRoot: vscode.Uri,
  asUri: (root: vscode.Uri, file: string) => vscode.Uri,
): string {
  const nonce = randomBytes(18).toString('base64');
  const script = webview.asWebviewUri(asUri(mediaRoot, 'fleet.js'));
  const filterScript = webview.asWebviewUri(asUri(mediaRoot, 'fleetFilter.js'));
  const style = webview.asWebviewUri(asUri(mediaRoot, 'fleet.css'));
  const csp = ["default-src 'none'", `style-src ${webview.cspSource}`, `script-src 'nonce-${nonce}'`, `img-src ${webview.cspSource}`].join('; ');
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="UTF-8">
<meta http-equiv="Content-Security-Policy" content="${csp}">
<meta name="viewport" content="width=device-width, initial-scale=1.0">
<link rel="stylesheet" href="${style}">
<title>TCP fleet</title>
</head>
<body>
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
<script nonce="${nonce}" src="${filterScript}"></script>
<script nonce="${nonce}" src="${script}"></script>
</body>
</html>`;
}
