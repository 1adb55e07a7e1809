/** Debian's Chromium driven by playwright-core (no browser download), as in ../shared/README.md §1. */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { chromium, type BrowserContext, type Page } from 'playwright-core';

export const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

const CHROMIUM_FLAGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

export interface OpenedBrowser {
  context: BrowserContext;
  page: Page;
  close(): Promise<void>;
}

/** Launches Chromium headless with a fresh user-data-dir and one page of the given size. */
export async function openChromium(userDataDirectory: string, consoleLog: string): Promise<OpenedBrowser> {
  if (!fs.existsSync(CHROMIUM_PATH)) {
    throw new Error(`${CHROMIUM_PATH} not found; run \`npm run test:setup\` (apt-get install chromium).`);
  }
  fs.rmSync(userDataDirectory, { recursive: true, force: true });
  fs.mkdirSync(userDataDirectory, { recursive: true });
  fs.mkdirSync(path.dirname(consoleLog), { recursive: true });
  const context = await chromium.launchPersistentContext(userDataDirectory, {
    executablePath: CHROMIUM_PATH,
    headless: true,
    args: ['--headless', ...CHROMIUM_FLAGS],
    viewport: { width: 1440, height: 900 },
    // Every Chromium process inherits this, so a leftover check can find them all by the folder's path.
    env: { ...process.env, SOCKET_LENS_CHROMIUM_PROFILE: userDataDirectory },
    timeout: 60_000,
  });
  const page = context.pages()[0] ?? (await context.newPage());
  const log = fs.createWriteStream(consoleLog, { flags: 'a' });
  page.on('console', (message) => log.write(`[${message.type()}] ${message.text()}\n`));
  page.on('pageerror', (error) => log.write(`[pageerror] ${error.stack ?? error.message}\n`));
  return {
    context,
    page,
    close: async () => {
      await context.close().catch(() => undefined);
      log.end();
    },
  };
}

/**
 * The workbench URL that makes VS Code load an extension under development and run a test suite in its extension
 * host (the mechanism of VS Code's own browser integration tests).
 */
export function workbenchTestUrl(baseUrl: string, folder: string, extensionDevelopmentPath: string, extensionTestsPath?: string): string {
  const authority = new URL(baseUrl).host;
  const remote = (absolutePath: string) => `vscode-remote://${authority}${absolutePath}`;
  const payload: Array<[string, string]> = [['extensionDevelopmentPath', remote(extensionDevelopmentPath)]];
  if (extensionTestsPath) payload.push(['extensionTestsPath', remote(extensionTestsPath)]);
  return `${baseUrl}?folder=${encodeURIComponent(folder)}&payload=${encodeURIComponent(JSON.stringify(payload))}`;
}
