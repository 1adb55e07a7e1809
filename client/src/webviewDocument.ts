import { randomBytes } from 'node:crypto';
import type * as vscode from 'vscode';

/** What a Socket Lens webview page is made of: packaged styles and scripts under `media/`, a title and its body. */
export interface WebviewDocument {
  webview: vscode.Webview;
  mediaRoot: vscode.Uri;
  asUri: (root: vscode.Uri, file: string) => vscode.Uri;
  /** Plain text; escaped here. */
  title: string;
  /** Files under media/, loaded in order; `panel.css` (shared layout and theme colours) always comes first. */
  styles: readonly string[];
  scripts: readonly string[];
  /** Static markup only: remote values are inserted later by the page's script, as text. */
  body: string;
}

/**
 * The HTML of every Socket Lens webview: a strict CSP (nothing inline, nothing remote), one nonce for the
 * packaged scripts, the shared stylesheet first. Written once so the two panels cannot drift apart on security.
 */
export function webviewDocumentHtml(doc: WebviewDocument): string {
  const nonce = randomBytes(18).toString('base64');
  const src = (file: string) => doc.webview.asWebviewUri(doc.asUri(doc.mediaRoot, file));
  const csp = [
    "default-src 'none'",
    `style-src ${doc.webview.cspSource}`,
    `script-src 'nonce-${nonce}'`,
    `img-src ${doc.webview.cspSource}`,
    `font-src ${doc.webview.cspSource}`,
  ].join('; ');
  const title = doc.title.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
  const styles = ['panel.css', ...doc.styles].map((f) => `<link rel="stylesheet" href="${src(f)}">`).join('\n');
  const scripts = doc.scripts.map((f) => `<script nonce="${nonce}" src="${src(f)}"></script>`).join('\n');
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="UTF-8">
<meta http-equiv="Content-Security-Policy" content="${csp}">
<meta name="viewport" content="width=device-width, initial-scale=1.0">
${styles}
<title>${title}</title>
</head>
<body>
${doc.body.trim()}
${scripts}
</body>
</html>`;
}
