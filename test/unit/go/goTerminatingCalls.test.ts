/**
 * Issue 9: one definition of "this call never returns" for the body flow and the fixes. With `import l "log"`,
 * `l.Fatalln(err)` ends the error check's path, so the quick fix puts the `defer` right after the check.
 */
import * as assert from 'node:assert';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { applyEdits } from '../../../server/src/engine/applyEdits';
import { Engine } from '../../../server/src/engine/engine';

const FIXTURE = path.join(__dirname, '..', '..', 'fixtures', 'go', 'body', 'renamed-log-import', 'fetch.go');

describe('Go calls that never return, under renamed imports', () => {
  it('l.Fatalln and o.Exit end the error check: each leak gets the defer right after its check', async () => {
    const text = fs.readFileSync(FIXTURE, 'utf8');
    const engine = await Engine.create({ fileSystem: { readFile: () => undefined, listDirectory: () => [] } });
    const file = path.join('/virtual', 'fetch', 'fetch.go');
    engine.update(file, text, 1);
    const findings = engine.analyze(file).filter((f) => f.rule === 'go-unclosed-body');
    assert.deepStrictEqual(findings.map((f) => f.line), [11, 23]);
    for (const f of findings) {
      const fix = f.fixes.find((x) => x.preferred);
      assert.ok(fix, `line ${f.line}: a preferred fix`);
      assert.strictEqual(fix.title, "Close the body: add 'defer resp.Body.Close()' after the error check");
      const fixed = applyEdits(text, fix.edits);
      const check = f.line === 11 ? '\t\tl.Fatalln(err)\n\t}\n' : '\t\to.Exit(2)\n\t}\n';
      assert.ok(fixed.includes(`${check}\tdefer resp.Body.Close()\n`), fixed);
    }
  });
});
