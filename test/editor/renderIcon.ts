/**
 * `npm run icon`: renders media/icon.svg (drawn for this project) to media/icon.png, 256×256 with a transparent
 * background, with Debian's Chromium through playwright-core.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { chromium } from 'playwright-core';
import { CHROMIUM_PATH } from './chromium';

const MEDIA = path.resolve(__dirname, '..', '..', 'media');
const SIZE = 256;

async function main(): Promise<void> {
  const browser = await chromium.launch({ executablePath: CHROMIUM_PATH, headless: true, args: ['--no-sandbox', '--disable-gpu'] });
  try {
    const page = await browser.newPage({ viewport: { width: SIZE, height: SIZE } });
    await page.goto(pathToFileURL(path.join(MEDIA, 'icon.svg')).href);
    await page.screenshot({ path: path.join(MEDIA, 'icon.png'), omitBackground: true, clip: { x: 0, y: 0, width: SIZE, height: SIZE } });
    console.log(`wrote media/icon.png (${fs.statSync(path.join(MEDIA, 'icon.png')).size} bytes)`);
  } finally {
    await browser.close();
  }
}

main().catch((err) => {
  console.error(err);
  process.exitCode = 1;
});
