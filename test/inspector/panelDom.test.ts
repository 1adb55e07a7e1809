import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as http from 'node:http';
import * as os from 'node:os';
import * as path from 'node:path';
import { buildSync } from 'esbuild';
import { chromium, type BrowserContext, type Page } from 'playwright-core';
import type { PanelMessage } from '../../client/webview/panelProtocol';
import { buildPanelHtml } from '../../client/src/inspector/panelHtml';

/**
 * The inspector webview (client/webview/inspector.ts, bundled as `npm run build` bundles it into media/inspector.js,
 * under the panel's real HTML and strict CSP) in a real Chromium,
 * driven by real mouse input: a hint the user opened stays open, one they closed stays closed, their text
 * selection and the scroll position survive refreshes, rows update in place, host text is inserted as text,
 * error states show what to do, and "Copy as sysctl.d file" appears only when there is something to propose.
 * (The editor tier checks the same inside code-server; this runs without it.)
 */
const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const REPO_ROOT = path.join(__dirname, '..', '..');
const MEDIA = path.join(REPO_ROOT, 'media');

/** media/inspector.js as package.json's build:webview makes it, built from the sources now (no stale bundle). */
function inspectorBundle(): Uint8Array {
  const built = buildSync({
    entryPoints: [path.join(REPO_ROOT, 'client', 'webview', 'inspector.ts')],
    bundle: true,
    platform: 'browser',
    format: 'iife',
    target: 'es2020',
    write: false,
    logLevel: 'warning',
  });
  return built.outputFiles[0]!.contents;
}
const HOSTILE = '10.0.0.9:443<img src=x onerror="document.title=1">';

type SnapshotMessage = Extract<PanelMessage, { type: 'snapshot' }>;
type Hint = SnapshotMessage['report']['hints'][number];

function hints(round: number, withSysctl: boolean): Hint[] {
  return [
    {
      id: 'time-wait-port-budget',
      severity: 'critical',
      title: `TIME_WAIT uses ${60 + round} % of the ephemeral port range`,
      detail: 'Each outgoing connection closed by this side holds its port for 60 s.',
      evidence: [`${17000 + round * 100} sockets in TIME_WAIT`],
      arithmetic: `470 new connections/s × 60 s = ${28200 + round} ports of 28,232`,
      fix: 'Reuse connections (keep-alive).',
      ...(withSysctl ? { sysctl: [{ key: 'net.ipv4.tcp_tw_reuse', value: '1', comment: 'reuse TIME_WAIT ports for outgoing connections' }] } : {}),
    },
    {
      id: 'close-wait',
      severity: 'warning',
      title: `CLOSE_WAIT growing (${10 + round})`,
      detail: 'The application does not close sockets the peer closed.',
      evidence: [],
      fix: 'Close the socket after reading EOF.',
    },
    {
      id: 'fin-timeout-misconception',
      severity: 'info',
      title: 'tcp_fin_timeout does not shorten TIME_WAIT',
      detail: 'On Linux TIME_WAIT lasts a fixed 60 seconds (TCP_TIMEWAIT_LEN); tcp_fin_timeout only bounds FIN_WAIT2.',
      evidence: ['tcp_fin_timeout = 60'],
      fix: 'Leave it; reduce the number of short connections instead.',
    },
  ];
}

function snapshot(round: number, withSysctl: boolean): SnapshotMessage {
  const states = { ESTABLISHED: 100 + round, TIME_WAIT: 17000 + round * 100, CLOSE_WAIT: 10 + round, LISTEN: 3 };
  return {
    type: 'snapshot',
    report: {
      host: 'web-1',
      takenAt: new Date(Date.UTC(2026, 0, 1, 0, 0, round)).toISOString(),
      source: 'ss',
      frameBytes: 2000,
      collectMs: 3,
      tableFrameBytes: 4000,
      tableCollectMs: 5,
      bootId: 'b',
      netns: 'n',
      states,
      counters: {},
      rates: { newConnections: 470 + round, listenOverflows: 0 },
      sysctl: { 'net.ipv4.tcp_fin_timeout': '60', 'net.ipv4.ip_local_port_range': '32768\t60999' },
      peers: [{ state: 'TIME_WAIT', grouping: 'remote', endpoint: HOSTILE, count: 500 + round }],
      listeners: [{ local: '127.0.0.1:8080', queue: round, limit: 128 }],
      hints: hints(round, withSysctl),
    },
    history: Array.from({ length: round + 1 }, (_, i) => ({ clock: i, states: { ...states, TIME_WAIT: 17000 + i * 100 } })),
    rateHistory: Array.from({ length: round + 1 }, (_, i) => ({ clock: i, rates: { newConnections: 470 + i } })),
    meanings: { 'net.ipv4.tcp_fin_timeout': 'FIN_WAIT2 timeout' },
    canProposeSysctl: withSysctl,
    notes: [],
  };
}

describe('inspector panel DOM in a real Chromium (issue 14 item 4)', function () {
  this.timeout(90000);
  let server: http.Server;
  let context: BrowserContext;
  let page: Page;
  let profile: string;

  // Page-side code is passed as strings: the test's tsconfig has no DOM types, and the page has no test helpers.
  const send = (message: unknown): Promise<void> => page.evaluate(`window.postMessage(${JSON.stringify(message)}, '*')`);
  const posted = (): Promise<Array<{ type: string }>> => page.evaluate('window.__posted');
  const selection = async (): Promise<string> => String(await page.evaluate('String(window.getSelection())')).trim();
  const scrollY = (): Promise<number> => page.evaluate('window.scrollY');
  /** Polls from this side (page.waitForFunction would eval in the page, which the panel's CSP forbids). */
  const until = async (what: string, expression: string): Promise<void> => {
    const deadline = Date.now() + 10000;
    while (!(await page.evaluate(expression))) {
      if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
      await new Promise((r) => setTimeout(r, 50));
    }
  };
  const hintOpen = (key: string): Promise<boolean> => page.evaluate(`document.querySelector('details[data-key="${key}"]').open`);

  before(async () => {
    assert.ok(fs.existsSync(CHROMIUM), `${CHROMIUM} is installed (npm run test:setup)`);
    let origin = '';
    const script = inspectorBundle();
    server = http.createServer((req, res) => {
      const url = new URL(req.url ?? '/', origin);
      if (url.pathname === '/') {
        const webview = { cspSource: origin, asWebviewUri: (u: unknown) => u };
        const html = buildPanelHtml(webview as never, origin as never, ((root: string, file: string) => `${root}/media/${file}`) as never, 'TCP: web-1');
        res.writeHead(200, { 'content-type': 'text/html' }).end(html);
      } else if (url.pathname === '/media/inspector.js') {
        res.writeHead(200, { 'content-type': 'text/javascript' }).end(script);
      } else if (/^\/media\/(inspector|panel)\.css$/.test(url.pathname)) {
        const file = path.join(MEDIA, path.basename(url.pathname));
        res.writeHead(200, { 'content-type': file.endsWith('.js') ? 'text/javascript' : 'text/css' }).end(fs.readFileSync(file));
      } else res.writeHead(404).end();
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    origin = `http://127.0.0.1:${(server.address() as { port: number }).port}`;
    profile = fs.mkdtempSync(path.join(os.tmpdir(), 'sl-panel-chromium-'));
    context = await chromium.launchPersistentContext(profile, {
      executablePath: CHROMIUM,
      headless: true,
      args: ['--headless', '--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking', '--disable-component-update'],
      viewport: { width: 900, height: 420 },
    });
    page = context.pages()[0] ?? (await context.newPage());
    // What VS Code provides to a webview: acquireVsCodeApi(); messages the panel posts are recorded.
    // (A string, not a function: the test transpiler would add helpers the page does not have.)
    await page.addInitScript({
      content:
        'window.__posted = []; ' +
        'window.acquireVsCodeApi = () => ({ postMessage: (m) => window.__posted.push(m), getState: () => undefined, setState: () => undefined });',
    });
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    await page.goto(`${origin}/`);
    await until('the panel to post "ready"', "window.__posted.some((m) => m.type === 'ready')");
    assert.deepEqual(errors, []);
  });

  after(async () => {
    await context?.close();
    await new Promise<void>((resolve) => server.close(() => resolve()));
    fs.rmSync(profile, { recursive: true, force: true });
  });

  it('before any sample: no empty sections; an error says what happened and what to do, with the command', async () => {
    assert.equal(await page.isVisible('text=Connections by state'), false, 'no empty section headings');
    assert.equal(await page.isVisible('#waiting'), true);
    await send({
      type: 'status',
      state: 'error',
      text: 'error: host key unknown',
      detail: 'Host key verification failed.',
      canRetry: true,
      advice: { what: 'The host key of this host is not in your known_hosts file.', todo: 'Connect once in a terminal…', command: 'ssh -- web-1 true' },
    });
    assert.equal(await page.isVisible('#advice'), true);
    assert.equal(await page.textContent('#advice-command'), 'ssh -- web-1 true');
    assert.equal(await page.isVisible('#retry'), true, 'Retry is offered');
    assert.equal(await page.isVisible('#waiting'), false);
    assert.equal(await page.isVisible('text=Connections by state'), false);
    await page.click('#copy-command');
    assert.ok((await posted()).some((m) => m.type === 'copyCommand'));
  });

  it('a hint the user opened stays open, one they closed stays closed, selection and scroll survive 3 refreshes', async () => {
    await send({ type: 'status', state: 'live', text: 'live', detail: '', canRetry: false });
    await send(snapshot(1, false));
    assert.equal(await page.isVisible('#advice'), false);
    assert.equal(await page.isVisible('#copy-sysctl'), false, 'nothing to propose: no "Copy as sysctl.d file"');
    assert.deepEqual(await page.evaluate("Array.from(document.querySelectorAll('#hints > details'), (d) => d.dataset.key)"), [
      'time-wait-port-budget#0',
      'close-wait#0',
      'fin-timeout-misconception#0',
    ]);
    assert.equal(await hintOpen('fin-timeout-misconception#0'), false, 'info hints start closed');
    assert.equal(await hintOpen('time-wait-port-budget#0'), true, 'critical hints start open');
    // The user closes the critical hint and opens the info one, then selects its explanation with the mouse.
    await page.click('details[data-key="time-wait-port-budget#0"] > summary');
    await page.click('details[data-key="fin-timeout-misconception#0"] > summary');
    const detail = 'details[data-key="fin-timeout-misconception#0"] .hint-detail';
    await page.click(detail, { clickCount: 3 });
    const selected = await selection();
    assert.equal(selected, 'On Linux TIME_WAIT lasts a fixed 60 seconds (TCP_TIMEWAIT_LEN); tcp_fin_timeout only bounds FIN_WAIT2.');
    await page.mouse.wheel(0, 150);
    await until('the page to scroll', 'window.scrollY > 0');
    const scrolled = await scrollY();

    for (let round = 2; round <= 4; round++) {
      await send(snapshot(round, round === 4));
      await page.waitForTimeout(300);
    }
    assert.equal(await hintOpen('fin-timeout-misconception#0'), true, 'still open');
    assert.equal(await hintOpen('time-wait-port-budget#0'), false, 'still closed');
    assert.equal(await selection(), selected, 'selection kept');
    assert.equal(await scrollY(), scrolled, 'scroll kept');
    // …while the content did refresh in place.
    assert.equal(await page.textContent('details[data-key="close-wait#0"] .hint-title'), 'CLOSE_WAIT growing (14)');
    assert.equal(await page.textContent('#states tr[data-key="TIME_WAIT"] td:nth-child(2)'), '17,400');
    assert.equal(await page.isVisible('#copy-sysctl'), true, 'a sysctl change is proposed now');
    assert.equal(await page.isVisible('details[data-key="time-wait-port-budget#0"] .sysctl-change'), false, 'closed hint hides its body');
  });

  it('the arithmetic is shown on expand; host text is inserted as text, never as markup', async () => {
    await page.click('details[data-key="time-wait-port-budget#0"] > summary');
    assert.equal(await page.textContent('details[data-key="time-wait-port-budget#0"] .arithmetic'), '470 new connections/s × 60 s = 28204 ports of 28,232');
    assert.equal(await page.isVisible('details[data-key="time-wait-port-budget#0"] .arithmetic'), true);
    assert.equal(await page.$$eval('img', (imgs) => imgs.length), 0);
    assert.ok((await page.textContent('#peers'))!.includes(HOSTILE));
    assert.notEqual(await page.title(), '1');
  });
});
