import * as assert from 'node:assert';
import { Engine } from '../../../server/src/engine/engine';
import type { FileSystemView } from '../../../server/src/engine/frontEnd';

const ROOT = '/virtual/shop';
const API = `${ROOT}/api/api.go`;
const APP = `${ROOT}/app/app.go`;
const OTHER = `${ROOT}/other/other.go`;

const openHelper = (url: string) => `package api

import "net/http"

func Fetch() (*http.Response, error) {
	return http.Get("${url}")
}
`;
const closingHelper = `package api

import "net/http"

func Fetch() (*http.Response, error) {
	resp, err := http.Get("http://127.0.0.1:9000/")
	if err != nil {
		return nil, err
	}
	defer resp.Body.Close()
	return resp, nil
}
`;
const caller = (suffix: string) => `package app

import "example.com/shop/api"

func status() (int, error) {
	resp, err := api.Fetch()
	if err != nil {
		return 0, err
	}
	return resp.StatusCode, nil${suffix}
}
`;
const unrelated = `package other

func nothing() {}
`;

/** A file system holding a module, counting reads per path. */
function moduleOnDisk(files: Record<string, string>): { fs: FileSystemView; reads: Map<string, number> } {
  const reads = new Map<string, number>();
  const fs: FileSystemView = {
    readFile: (p) => {
      reads.set(p, (reads.get(p) ?? 0) + 1);
      return files[p];
    },
    listDirectory: (d) => Object.keys(files).filter((p) => p.slice(0, p.lastIndexOf('/')) === d),
  };
  return { fs, reads };
}

describe('Go module-wide summaries (packages of the go.mod module, by import path)', () => {
  it('a response returned open by a helper of another package is a source; one it closed is not', async () => {
    const { fs } = moduleOnDisk({ [`${ROOT}/go.mod`]: 'module example.com/shop\n\ngo 1.19\n', [API]: openHelper('http://127.0.0.1:9000/'), [APP]: caller('') });
    const engine = await Engine.create({ fileSystem: fs });
    engine.update(APP, caller(''), 1);
    assert.deepStrictEqual(engine.analyze(APP).map((f) => [f.rule, f.line]), [['go-unclosed-body', 6]]);
    // The helper, edited in the editor, now closes the body before returning: the caller is re-analysed.
    const affected = engine.update(API, closingHelper, 1);
    assert.deepStrictEqual(affected, [API, APP]);
    assert.deepStrictEqual(engine.analyze(APP), []);
  });

  it('outside the module (no go.mod, or another module) the helper is unknown code: silence', async () => {
    const { fs } = moduleOnDisk({ [API]: openHelper('http://127.0.0.1:9000/'), [APP]: caller('') });
    const engine = await Engine.create({ fileSystem: fs });
    engine.update(APP, caller(''), 1);
    assert.deepStrictEqual(engine.analyze(APP), []);
    const other = moduleOnDisk({ [`${ROOT}/go.mod`]: 'module example.com/other\n', [API]: openHelper('http://127.0.0.1:9000/'), [APP]: caller('') });
    const engine2 = await Engine.create({ fileSystem: other.fs });
    engine2.update(APP, caller(''), 1);
    assert.deepStrictEqual(engine2.analyze(APP), []);
  });

  it('is incremental: an edit re-reads nothing from disk and re-reports only the dependants of a changed summary', async () => {
    const { fs, reads } = moduleOnDisk({
      [`${ROOT}/go.mod`]: 'module example.com/shop\n\ngo 1.19\n',
      [API]: openHelper('http://127.0.0.1:9000/'),
      [APP]: caller(''),
      [OTHER]: unrelated,
    });
    const engine = await Engine.create({ fileSystem: fs });
    engine.update(APP, caller(''), 1);
    engine.update(OTHER, unrelated, 1);
    engine.analyze(APP);
    engine.analyze(OTHER);
    const readsAfterIndexing = [...reads.values()].reduce((a, b) => a + b, 0);
    assert.strictEqual(reads.get(API), 1);
    // Edits of the caller: no file of the module is read again.
    for (let v = 2; v < 12; v++) {
      engine.update(APP, caller(`\n\t// edit ${v}`), v);
      assert.strictEqual(engine.analyze(APP).length, 1);
    }
    assert.strictEqual([...reads.values()].reduce((a, b) => a + b, 0), readsAfterIndexing);
    // The helper opened in the editor: a change inside a string keeps its summary, so only itself is affected.
    engine.update(API, openHelper('http://127.0.0.1:9000/'), 1);
    assert.deepStrictEqual(engine.update(API, openHelper('http://127.0.0.1:9001/'), 2), [API]);
    // A change of its summary re-reports the caller, never the unrelated package.
    const affected = engine.update(API, closingHelper, 3);
    assert.ok(affected.includes(APP) && !affected.includes(OTHER), affected.join(', '));
  });

  it('a file without a folder (an untitled document) never reads a go.mod of the working directory', async () => {
    const { fs, reads } = moduleOnDisk({ 'go.mod': 'module example.com/shop\n', [API]: openHelper('http://127.0.0.1:9000/') });
    const engine = await Engine.create({ fileSystem: fs });
    engine.update('untitled.go', caller(''), 1);
    assert.deepStrictEqual(engine.analyze('untitled.go'), []);
    assert.ok(![...reads.keys()].some((p) => p.endsWith('go.mod')), [...reads.keys()].join(', '));
  });
});
