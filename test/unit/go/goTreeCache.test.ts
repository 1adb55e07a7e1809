import * as assert from 'node:assert';
import * as path from 'node:path';
import type { FileSystemView } from '../../../server/src/engine/frontEnd';
import { GoFrontEnd } from '../../../server/src/engine/go/goFrontEnd';
import { loadGoParser } from '../../../server/src/engine/go/goParser';

/** Trees are cached by a character budget; a file is parsed once per version even in a package wider than it. */

const fileSystem = (files: Map<string, string>): FileSystemView => ({
  readFile: (p) => files.get(p),
  listDirectory: (dir) => [...files.keys()].filter((p) => path.dirname(p) === dir),
});

/** A file of package `w` that leaks a response (each file has one finding). */
const leaking = (i: number) =>
  `package w\n\nimport "net/http"\n\nfunc get${i}() int {\n\tresp, err := http.Get("http://127.0.0.1:1/")\n` +
  '\tif err != nil {\n\t\treturn 0\n\t}\n\treturn resp.StatusCode\n}\n';

describe('Go tree cache', () => {
  it('a package of 100 files is parsed once per file even when no analysed tree may stay (budget 0)', async () => {
    const files = new Map(Array.from({ length: 100 }, (_, i) => [`/w/f${i}.go`, leaking(i)] as const));
    const goFrontEnd = new GoFrontEnd(await loadGoParser(), fileSystem(files), { treeBudgetChars: 0 });
    for (const [p, text] of files) goFrontEnd.update(p, text, 0);
    for (const p of files.keys()) assert.strictEqual(goFrontEnd.analyze(p, {}).length, 1, p);
    assert.strictEqual(goFrontEnd.parses, 100);
  });

  it('a file whose tree was evicted is parsed again when asked again, with the same findings', async () => {
    const files = new Map([['/w/a.go', leaking(1)], ['/w/b.go', leaking(2)]]);
    const goFrontEnd = new GoFrontEnd(await loadGoParser(), fileSystem(files), { treeBudgetChars: 0 });
    for (const [p, text] of files) goFrontEnd.update(p, text, 1);
    const first = goFrontEnd.analyze('/w/a.go', {});
    assert.strictEqual(goFrontEnd.parses, 2);
    assert.deepStrictEqual(goFrontEnd.analyze('/w/a.go', {}), first);
    assert.strictEqual(goFrontEnd.parses, 3);
  });

  it('with a budget, analysed trees stay: asking again parses nothing', async () => {
    const files = new Map([['/w/a.go', leaking(1)], ['/w/b.go', leaking(2)]]);
    const goFrontEnd = new GoFrontEnd(await loadGoParser(), fileSystem(files));
    for (const [p, text] of files) goFrontEnd.update(p, text, 1);
    goFrontEnd.analyze('/w/a.go', {});
    goFrontEnd.analyze('/w/b.go', {});
    goFrontEnd.analyze('/w/a.go', {});
    assert.strictEqual(goFrontEnd.parses, 2);
  });
});
