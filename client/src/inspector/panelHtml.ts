import type * as vscode from 'vscode';
import { webviewDocumentHtml } from '../webviewDocument';

/** The inspector webview's HTML: the shared document (strict CSP, nonce'd packaged scripts) around the panel's markup. */
export function buildPanelHtml(webview: vscode.Webview, mediaRoot: vscode.Uri, asUri: (root: vscode.Uri, file: string) => vscode.Uri, title: string): string {
  return webviewDocumentHtml({ webview, mediaRoot, asUri, title, styles: ['inspector.css'], scripts: ['inspector.js'], body: PANEL_BODY });
}

const PANEL_BODY = `
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
`;
