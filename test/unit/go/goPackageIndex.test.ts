import * as assert from 'node:assert';
import { Engine } from '../../../server/src/engine/engine';
import type { FileSystemView } from '../../../server/src/engine/frontEnd';

const DIR = '/virtual/svc';
const HELPER = `${DIR}/helper.go`;
const MAIN = `${DIR}/main.go`;
const OTHER = "/virtual/other/main.go";

const closingHelper = `package svc

import "net/http"

func closeBody(r *http.Response) {
	r.Body.Close()
}
`;
const readingHelper = `package svc

import (
	"io"
	"net/http"
)

func closeBody(r *http.Response) {
	_, _ = io.ReadAll(r.Body)
}
`;
const caller = (url: string) => `package svc

import "net/http"

func status() (int, error) {
	resp, err := http.Get("${url}")
	if err != nil {
		return 0, err
	}
	defer closeBody(resp)
	return resp.StatusCode, nil
}
`;

function memoryFileSystem(files: Map<string, string>): FileSystemView {
  return {
    readFile: (p) => files.get(p),
    listDirectory: (dir) => [...files.keys()].filter((p) => p.slice(0, p.lastIndexOf('/')) === dir),
  };
}

const rulesOf = (engine: Engine, file: string) => engine.analyze(file).map((f) => `${f.line} ${f.rule}`);

describe('Go per-package index', () => {
  it('uses helper summaries from a sibling that is only on disk', async () => {
    const disk = new Map([[HELPER, closingHelper], [MAIN, caller('http://a')]]);
    const engine = await Engine.create({ fileSystem: memoryFileSystem(disk) });
    engine.update(MAIN, caller('http://a'), 1);
    assert.deepStrictEqual(rulesOf(engine, MAIN), []);

    const disk2 = new Map([[HELPER, readingHelper], [MAIN, caller('http://a')]]);
    const engine2 = await Engine.create({ fileSystem: memoryFileSystem(disk2) });
    engine2.update(MAIN, caller('http://a'), 1);
    assert.deepStrictEqual(rulesOf(engine2, MAIN), ['6 go-unclosed-body']);
  });

  it('a change in one file re-reports the open files of the same package, not other packages', async () => {
    const disk = new Map([[HELPER, closingHelper], [MAIN, caller('http://a')], [OTHER, 'package other\n']]);
    const engine = await Engine.create({ fileSystem: memoryFileSystem(disk) });
    engine.update(MAIN, caller('http://a'), 1);
    engine.update(OTHER, 'package other\n', 1);
    engine.update(HELPER, closingHelper, 1);
    assert.deepStrictEqual(rulesOf(engine, MAIN), []);

    // The helper stops closing its parameter: main.go's findings change.
    const affected = engine.update(HELPER, readingHelper, 2);
    assert.deepStrictEqual(affected, [HELPER, MAIN]);
    assert.deepStrictEqual(rulesOf(engine, MAIN), ['6 go-unclosed-body']);

    // Back again.
    assert.deepStrictEqual(engine.update(HELPER, closingHelper, 3), [HELPER, MAIN]);
    assert.deepStrictEqual(rulesOf(engine, MAIN), []);
  });

  it('an edit that keeps the package summary (a string literal) affects only the edited file', async () => {
    const disk = new Map([[HELPER, closingHelper], [MAIN, caller('http://a')]]);
    const engine = await Engine.create({ fileSystem: memoryFileSystem(disk) });
    engine.update(MAIN, caller('http://a'), 1);
    engine.update(HELPER, closingHelper, 1);
    assert.deepStrictEqual(engine.update(MAIN, caller('http://b'), 2), [MAIN]);
  });

  it('closing an edited file falls back to its disk text for the package index', async () => {
    const disk = new Map([[HELPER, closingHelper], [MAIN, caller('http://a')]]);
    const engine = await Engine.create({ fileSystem: memoryFileSystem(disk) });
    engine.update(MAIN, caller('http://a'), 1);
    engine.update(HELPER, readingHelper, 1); // unsaved edit in the editor
    assert.deepStrictEqual(rulesOf(engine, MAIN), ['6 go-unclosed-body']);
    const affected = engine.remove(HELPER);
    assert.deepStrictEqual(affected, [MAIN]);
    assert.deepStrictEqual(rulesOf(engine, MAIN), []);
  });

  it('re-analyses a file whose syntax tree was dropped from the cache (many open files)', async () => {
    const disk = new Map([[HELPER, closingHelper], [MAIN, caller('http://a')]]);
    const engine = await Engine.create({ fileSystem: memoryFileSystem(disk) });
    engine.update(MAIN, caller('http://a'), 1);
    engine.update(HELPER, closingHelper, 1);
    assert.deepStrictEqual(rulesOf(engine, MAIN), []);
    // Open 100 files elsewhere: main.go's tree is evicted.
    for (let i = 0; i < 100; i++) {
      const p = `/virtual/many${i}/x.go`;
      engine.update(p, 'package x\n\nfunc f() {}\n', 1);
      engine.analyze(p);
    }
    engine.update(HELPER, readingHelper, 2);
    assert.deepStrictEqual(rulesOf(engine, MAIN), ['6 go-unclosed-body']);
  });

  it('files of another package clause in the same directory (external tests) do not mix', async () => {
    const externalTest = `package svc_test

import "net/http"

func closeBody(r *http.Response) {}
`;
    const disk = new Map([[HELPER, closingHelper], [MAIN, caller('http://a')], [`${DIR}/svc_test.go`, externalTest]]);
    const engine = await Engine.create({ fileSystem: memoryFileSystem(disk) });
    engine.update(MAIN, caller('http://a'), 1);
    assert.deepStrictEqual(rulesOf(engine, MAIN), []);
  });
});
