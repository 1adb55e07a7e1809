/**
 * `npm test`: builds, type-checks, lints (Biome), installs what the tiers need, then runs every tier — unit, fuzz
 * (a bounded slice with a fixed seed), server (bundled language server and CLI as processes),
 * inspector (real sshd and sockets), fleet (real Prometheus and node_exporter in network namespaces)
 * and editor (code-server + Chromium). A failing tier does not stop the others; the exit code is
 * non-zero if anything failed. The last line sums up the mocha counts of all tiers.
 */
import { spawn } from 'node:child_process';

interface Step {
  script: string;
  /** A failure here makes the later steps meaningless. */
  required?: boolean;
}

const STEPS: Step[] = [
  { script: 'build', required: true },
  { script: 'typecheck', required: true },
  { script: 'lint' },
  { script: 'test:setup', required: true },
  { script: 'test:unit' },
  { script: 'test:fuzz' },
  { script: 'test:server' },
  { script: 'test:inspector' },
  { script: 'test:fleet' },
  { script: 'test:editor' },
];

interface Outcome {
  script: string;
  code: number;
  seconds: number;
  passed: number;
  failed: number;
  pending: number;
}

function runScript(script: string): Promise<Outcome> {
  const started = Date.now();
  return new Promise((resolve) => {
    const child = spawn('npm', ['run', '--silent', script], { stdio: ['ignore', 'pipe', 'pipe'] });
    let tail = '';
    const collect = (chunk: Buffer, out: NodeJS.WriteStream) => {
      out.write(chunk);
      tail = (tail + chunk.toString()).slice(-200_000);
    };
    child.stdout.on('data', (c: Buffer) => collect(c, process.stdout));
    child.stderr.on('data', (c: Buffer) => collect(c, process.stderr));
    child.on('close', (code) => {
      // Mocha's summary lines: "  12 passing (3s)", "  1 failing", "  2 pending".
      const count = (word: string) =>
        [...tail.matchAll(new RegExp(`^\\s*(\\d+) ${word}\\b`, 'gm'))].reduce((sum, m) => sum + Number(m[1]), 0);
      resolve({
        script,
        code: code ?? 1,
        seconds: (Date.now() - started) / 1000,
        passed: count('passing'),
        failed: count('failing'),
        pending: count('pending'),
      });
    });
  });
}

async function main(): Promise<void> {
  const outcomes: Outcome[] = [];
  for (const step of STEPS) {
    process.stdout.write(`\n=== npm run ${step.script}\n`);
    const outcome = await runScript(step.script);
    outcomes.push(outcome);
    if (outcome.code !== 0 && step.required) break;
  }
  process.stdout.write('\n=== summary\n');
  for (const o of outcomes) {
    const counts = o.passed + o.failed + o.pending > 0 ? ` ${o.passed} passed, ${o.failed} failed, ${o.pending} pending` : '';
    process.stdout.write(`${o.code === 0 ? 'ok  ' : 'FAIL'} ${o.script.padEnd(15)} ${o.seconds.toFixed(1).padStart(6)} s${counts}\n`);
  }
  const skipped = STEPS.length - outcomes.length;
  if (skipped > 0) process.stdout.write(`not run: ${STEPS.slice(outcomes.length).map((s) => s.script).join(', ')} (an earlier required step failed)\n`);
  const failedSteps = outcomes.filter((o) => o.code !== 0).length + skipped;
  const sum = (k: 'passed' | 'failed' | 'pending') => outcomes.reduce((n, o) => n + o[k], 0);
  // A failing step without a mocha count (build, type-check, a crashed runner) still counts as a failure.
  const failed = Math.max(sum('failed'), failedSteps);
  process.stdout.write(`tests: ${sum('passed')} passed, ${failed} failed, ${sum('pending')} skipped\n`);
  process.exitCode = failedSteps > 0 ? 1 : 0;
}

void main();
