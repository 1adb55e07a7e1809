/**
 * Runner side of the restricted-mode run: a tiny HTTP endpoint on 127.0.0.1 through which the in-extension-host
 * suite reads the notifications the workbench shows (the extension API cannot read them back):
 * GET /notifications -> ["message", …], the text of every notification toast or notification-center row in the page.
 */
import * as http from 'node:http';
import type { Page } from 'playwright-core';

export interface NotificationProbe {
  url: string;
  close(): Promise<void>;
}

export async function startNotificationProbe(page: () => Page | undefined): Promise<NotificationProbe> {
  const server = http.createServer(async (request, response) => {
    const current = page();
    if (request.method !== 'GET' || !request.url?.startsWith('/notifications') || !current) {
      response.writeHead(400).end('GET /notifications while the browser is open');
      return;
    }
    try {
      const messages = await current.$$eval('.notification-list-item-message', (rows) => rows.map((row) => (row.textContent ?? '').trim()));
      response.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(messages));
    } catch (error) {
      response.writeHead(500).end(String(error));
    }
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address() as { port: number };
  return {
    url: `http://127.0.0.1:${address.port}/notifications`,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}
