import { randomBytes } from 'node:crypto';
import type * as vscode from 'vscode';

/** The inspector webview's HTML: strict CSP, one nonce'd script, no inline styles, nothing remote. */
export function buildPanelHtml(webview: vscode.Webview, mediaRoot: vscode.Uri, asUri: (root: vscode.Uri, file: string) => vscode.Uri, title: string): string {
  const nonce = randomBytes(18).toString('base64');
  const script = webview.asWebviewUri(asUri(mediaRoot, 'inspector.js'));
  const style = webview.asWebviewUri(asUri(mediaRoot, 'inspector.css'));
  const csp = [
    "default-src 'none'",
    `style-src ${webview.cspSource}`,
    `script-src 'nonce-${nonce}'`,
    `img-src ${webview.cspSource}`,
    `font-src ${webview.cspSource}`,
  ].join('; ');
  const escapedTitle = title.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="UTF-8">
<meta http-equiv="Content-Security-Policy" content="${csp}">
<meta name="viewport" content="width=device-width, initial-scale=1.0">
<link rel="stylesheet" href="${style}">
<title>${escapedTitle}</title>
</head>
<body>
<header class="bar">
  <h1 id="host"></h1>
  <span id="status" class="status status-connecting">connecting</span>
  <span id="status-detail" class="status-detail"></span>
  <span class="spacer"></span>
  <button id="retry" type="button" hidden>Retry now</button>
  <button id="copy-sysctl" type="button" hidden>Copy as sysctl.d file</button>
</header>
<main>
  <section id="advice" class="advice" hidden>
    <p id="advice-what"></p>
    <p id="advice-todo" class="advice-todo"></p>
    <div id="advice-command-row" class="advice-command-row" hidden>
      <code id="advice-command"></code>
      <button id="copy-command" type="button">Copy command</button>
    </div>
  </section>
  <p id="waiting" class="muted"></p>
  <div id="sections" hidden>
    <ul id="notes" class="notes" hidden></ul>
    <section id="hints-section">
      <h2>Hints</h2>
      <p id="no-hints" class="muted" hidden>No hints: nothing unusual in the latest sample.</p>
      <div id="hints"></div>
    </section>
    <section><h2>Connections by state</h2><table id="states" class="grid"></table></section>
    <section><h2>Rates</h2><table id="rates" class="grid"></table></section>
    <section><h2>Top peers</h2><table id="peers" class="grid"></table></section>
    <section><h2>Listener accept queues</h2><table id="listeners" class="grid"></table></section>
    <section><h2>Sysctls</h2><table id="sysctls" class="grid"></table></section>
    <footer id="meta" class="muted"></footer>
  </div>
</main>
<script nonce="${nonce}" src="${script}"></script>
</body>
</html>`;
}
