/** The `$socket-lens` problem matcher contributed in package.json reads the CLI's text output as VS Code would. */
import * as assert from 'node:assert';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { jsonFindings, runCli } from '../support/cliProcess';
import { REPO_ROOT } from '../support/languageServerProcess';

interface Matcher {
  name: string;
  fileLocation: [string, string];
  pattern: { regexp: string; file: number; line: number; column: number; severity: number; code: number; message: number };
}

describe('the $socket-lens problem matcher', () => {
  const manifest = JSON.parse(fs.readFileSync(path.join(REPO_ROOT, 'package.json'), 'utf8'));
  const matcher = (manifest.contributes.problemMatchers as Matcher[]).find((m) => m.name === 'socket-lens')!;
  let dir: string;
  before(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'socket-lens-matcher-'));
    fs.cpSync(path.join(REPO_ROOT, 'examples'), dir, { recursive: true });
  });
  after(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('matches every finding line of `socket-lens scan` (plain, --verbose, coloured as in a terminal) and nothing else', () => {
    const expected = jsonFindings(runCli(['scan', '--format', 'json'], dir).stdout).map((f) => `${f.file}:${f.line}:${f.column} ${f.severity} ${f.rule}`);
    assert.ok(expected.length > 3);
    const regexp = new RegExp(matcher.pattern.regexp);
    for (const [args, env] of [[['scan'], {}], [['scan', '--verbose'], {}], [['scan'], { FORCE_COLOR: '1' }]] as const) {
      const matched = runCli([...args], dir, env)
        .stdout.split('\n')
        .map((line) => regexp.exec(line))
        .filter((m): m is RegExpExecArray => m !== null)
        .map((m) => {
          const p = matcher.pattern;
          assert.ok(fs.existsSync(path.join(dir, m[p.file])), `${m[p.file]} is a path relative to the task's folder`);
          assert.ok(m[p.message].length > 20);
          return `${m[p.file]}:${m[p.line]}:${m[p.column]} ${m[p.severity]} ${m[p.code]}`;
        });
      assert.deepStrictEqual(matched, expected, `${args.join(' ')} ${JSON.stringify(env)}`);
    }
    assert.strictEqual(matcher.fileLocation[0], 'autoDetect');
    assert.match(matcher.fileLocation[1], /^\$\{workspaceFolder\}$/);
  });
});
