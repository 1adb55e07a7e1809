/**
 * Entry point of the in-extension-host suite (what extensionTestsPath points at, bundled to
 * out/editor-suite/run-…/index.js). VS Code calls run(); the suite's result becomes the extension host's exit code.
 * It loads every bundled *.test.js next to it, so a new test/editor/suite/NAME.test.ts is picked up by itself.
 *
 * Environment (set by test/editor/runEditorTests.ts):
 *   SOCKET_LENS_EDITOR_LOG     a file that receives one line per test as it finishes (the runner echoes it);
 *   SOCKET_LENS_EDITOR_REPORT  a JSON file written at the end: { passes, failures: [{ title, error }], pending };
 *   SOCKET_LENS_EDITOR_GREP    only run tests whose full title matches this regular expression.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import Mocha = require('mocha');

interface Report {
  passes: string[];
  failures: Array<{ title: string; error: string }>;
  pending: string[];
  durationMs: number;
}

function appendLog(line: string): void {
  console.log(line);
  const log = process.env.SOCKET_LENS_EDITOR_LOG;
  if (log) fs.appendFileSync(log, `${line}\n`);
}

export function run(): Promise<void> {
  const mocha = new Mocha({ ui: 'tdd', color: false, timeout: 120_000, reporter: 'spec' });
  if (process.env.SOCKET_LENS_EDITOR_GREP) mocha.grep(new RegExp(process.env.SOCKET_LENS_EDITOR_GREP));
  const testFiles = fs
    .readdirSync(__dirname)
    .filter((name) => name.endsWith('.test.js'))
    .sort();
  for (const name of testFiles) mocha.addFile(path.join(__dirname, name));

  const report: Report = { passes: [], failures: [], pending: [], durationMs: 0 };
  const started = Date.now();
  appendLog(`suite files: ${testFiles.join(', ')}`);
  return new Promise((resolve, reject) => {
    let runner: Mocha.Runner;
    try {
      runner = mocha.run((failures) => {
        report.durationMs = Date.now() - started;
        const reportFile = process.env.SOCKET_LENS_EDITOR_REPORT;
        if (reportFile) fs.writeFileSync(reportFile, JSON.stringify(report, null, 2));
        if (failures > 0) reject(new Error(`${failures} editor test(s) failed`));
        else if (report.passes.length === 0) reject(new Error('no editor test ran'));
        else resolve();
      });
    } catch (error) {
      reject(error);
      return;
    }
    runner.on('pass', (test) => {
      report.passes.push(test.fullTitle());
      appendLog(`  ✓ ${test.fullTitle()} (${test.duration ?? 0} ms)`);
    });
    runner.on('fail', (test, error: Error) => {
      report.failures.push({ title: test.fullTitle(), error: error.stack ?? String(error) });
      appendLog(`  ✗ ${test.fullTitle()}\n      ${(error.stack ?? String(error)).split('\n').join('\n      ')}`);
    });
    runner.on('pending', (test) => {
      report.pending.push(test.fullTitle());
      appendLog(`  - ${test.fullTitle()} (pending)`);
    });
  });
}
