/**
 * A tiny HTTP endpoint on 127.0.0.1 through which the in-extension-host suite asks the runner (which drives the
 * browser) for a screenshot: POST /screenshot?name=NAME -> {"path","bytes","problems","quickFixes"} where problems are
 * the rows the Problems panel shows at that moment (empty when it is closed) and quickFixes the entries of the open
 * quick-fix (light bulb) menu (empty when none is open); statusBar the texts of the status bar items, and hover the
 * text of the editor hover when one is showing, and panelText the lines the panel's editor (the Output view) shows. POST /click?statusBarItem=ID clicks that status bar item as a user
 * would (the mouse, in the browser).
 */
import * as fs from 'node:fs';
import * as http from 'node:http';
import * as path from 'node:path';
import type { Page } from 'playwright-core';

export interface ScreenshotService {
  url: string;
  taken: string[];
  close(): Promise<void>;
}

export async function startScreenshotService(page: () => Page | undefined, outputDirectory: string): Promise<ScreenshotService> {
  const taken: string[] = [];
  const server = http.createServer(async (request, response) => {
    const url = new URL(request.url ?? '/', 'http://127.0.0.1');
    const name = (url.searchParams.get('name') ?? '').replace(/[^A-Za-z0-9_.-]/g, '_');
    const current = page();
    const statusBarItem = url.searchParams.get('statusBarItem');
    if (request.method === 'POST' && url.pathname === '/click' && statusBarItem && current) {
      try {
        await current.locator(`.part.statusbar [id="${statusBarItem.replace(/["\\]/g, '')}"] a`).first().click({ timeout: 10_000 });
        response.writeHead(200).end('clicked');
      } catch (error) {
        response.writeHead(500).end(String(error));
      }
      return;
    }
    if (request.method !== 'POST' || url.pathname !== '/screenshot' || !name || !current) {
      response.writeHead(400).end('POST /screenshot?name=NAME while the browser is open');
      return;
    }
    try {
      const file = path.join(outputDirectory, `${name}.png`);
      await current.screenshot({ path: file });
      taken.push(file);
      // What the Problems panel lists at that moment, as the user reads it (one string per row).
      const problems = await current
        .$$eval('.markers-panel .monaco-list-row', (rows) => rows.map((row) => (row.textContent ?? '').trim()))
        .catch(() => [] as string[]);
      const quickFixes = await current
        .$$eval('.action-widget .monaco-list-row', (rows) => rows.map((row) => (row.textContent ?? '').trim()))
        .catch(() => [] as string[]);
      const statusBar = await current
        .$$eval('.part.statusbar .statusbar-item', (items) => items.map((item) => `${item.id}: ${(item.textContent ?? '').trim()}`))
        .catch(() => [] as string[]);
      const hover = await current
        .$$eval('.monaco-hover:not(.hidden) .hover-contents', (parts) => parts.map((part) => (part.textContent ?? '').trim()).join('\n'))
        .catch(() => '');
      // The lines an editor in the panel shows (the Output view), as rendered.
      const panelText = await current
        // biome-ignore lint/performance/useDomNodeTextContent: the text as rendered on screen is what a user reads
        .$$eval('.part.panel .monaco-editor .view-lines', (views) => views.map((view) => (view as unknown as { innerText: string }).innerText).join('\n'))
        .catch(() => '');
      response
        .writeHead(200, { 'content-type': 'application/json' })
        .end(JSON.stringify({ path: file, bytes: fs.statSync(file).size, problems, quickFixes, statusBar, hover, panelText }));
    } catch (error) {
      response.writeHead(500).end(String(error));
    }
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address() as { port: number };
  return {
    url: `http://127.0.0.1:${address.port}/screenshot`,
    taken,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}
