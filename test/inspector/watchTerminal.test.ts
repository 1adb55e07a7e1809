import * as assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import * as path from 'node:path';

/**
 * `socket-lens inspect --watch` in a real pseudo-terminal (tmux, 80×24, on a private tmux server):
 * the live view redraws in place on the alternate screen, still shows its title and state counts after
 * five refreshes, fits the terminal, and `q` or Ctrl-C restores the normal screen, the cursor and the
 * terminal's line mode.
 */
let runs = 0;
let SOCKET = '';
const MAIN = path.join(__dirname, '..', '..', 'server', 'src', 'cli', 'main.ts');

function tmux(...args: string[]): string {
  return execFileSync('tmux', ['-L', SOCKET, ...args], { encoding: 'utf8' });
}

function screen(): string[] {
  return tmux('capture-pane', '-p', '-t', 'watch').replace(/\n$/, '').split('\n');
}

function flags(): { alternate: boolean; cursorVisible: boolean } {
  const [alternate, cursor] = tmux('display-message', '-p', '-t', 'watch', '#{alternate_on} #{cursor_flag}').trim().split(' ');
  return { alternate: alternate === '1', cursorVisible: cursor === '1' };
}

async function waitFor<T>(what: string, probe: () => T | undefined, timeoutMs: number): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}; screen:\n${screen().join('\n')}`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

function sampleNumber(lines: string[]): number | undefined {
  const m = /^Socket Lens · This machine · live · .* · sample (\d+) · every 1 s$/.exec(lines[0] ?? '');
  return m ? Number(m[1]) : undefined;
}

describe('inspect --watch live view in a real terminal (tmux 80×24)', function () {
  this.timeout(90000);

  before(() => {
    const probe = spawnSync('tmux', ['-V'], { encoding: 'utf8' });
    assert.equal(probe.status, 0, 'tmux is installed (npm run test:setup installs it)');
  });

  beforeEach(() => {
    SOCKET = `sl-watch-${process.pid}-${++runs}`; // a fresh private tmux server per test
  });
  afterEach(() => {
    spawnSync('tmux', ['-L', SOCKET, 'kill-server']); // this test's private tmux server only
  });

  for (const [key, name] of [['q', 'q'], ['C-c', 'Ctrl-C']] as const) {
    it(`after 5 refreshes the counts are on screen and fit; ${name} restores the terminal`, async () => {
      const command = `node --import tsx ${MAIN} inspect --watch 1; echo "EXIT=$?"; stty -a | tr ' ' '\\n' | grep -x -- '-\\?icanon'; sleep 60`;
      tmux('new-session', '-d', '-x', '80', '-y', '24', '-s', 'watch', command);
      const lines = await waitFor('5 refreshes', () => {
        const l = screen();
        const n = sampleNumber(l);
        return n !== undefined && n >= 5 ? l : undefined;
      }, 45000);
      assert.equal(lines.length, 24, 'the view fills the 24 rows and no more');
      for (const line of lines) assert.ok([...line].length <= 80, `fits 80 columns: ${JSON.stringify(line)}`);
      const header = lines.findIndex((l) => /^State +Count +Δ +Trend/.test(l));
      assert.ok(header >= 1, 'the counts header is on screen');
      const countLine = /^TIME_WAIT +[\d,]+ +(0|[+−][\d,]+) +[▁-█]{5,}$/m;
      assert.match(lines.slice(header + 1).join('\n'), countLine, 'a count line with a delta and a trend of 5+ samples');
      assert.match(lines.join('\n'), /^Rates \/s {2}new conns /m);
      assert.equal(lines[23], 'q or Ctrl-C quits · socket-lens inspect HOST shows the details');
      assert.deepEqual(flags(), { alternate: true, cursorVisible: false });

      tmux('send-keys', '-t', 'watch', key);
      const after = await waitFor('exit', () => {
        const l = screen();
        return l.some((x) => x.startsWith('EXIT=')) && l.some((x) => /^-?icanon$/.test(x)) ? l : undefined;
      }, 10000);
      assert.ok(after.includes('EXIT=0'), after.join('\n'));
      assert.ok(after.includes('icanon'), 'line mode (icanon) restored, not left raw');
      assert.ok(!after.some((l) => l.startsWith('Socket Lens ·')), 'the live view is gone with the alternate screen');
      assert.deepEqual(flags(), { alternate: false, cursorVisible: true });
    });
  }
});
