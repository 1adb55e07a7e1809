import * as assert from 'node:assert';
import * as path from 'node:path';
import type { FileSystemView } from '../../../server/src/engine/frontEnd';
import { createGoFrontEnd, GoFrontEnd } from '../../../server/src/engine/go/goFrontEnd';
import { extractFacts } from '../../../server/src/engine/go/goFileFacts';
import { loadGoParser } from '../../../server/src/engine/go/goParser';
import { parseGo } from '../../../server/src/engine/go/goTree';

/** The per-file facts keep only what the package summary asks, and the findings built on them do not change. */

const fileSystem = (files: Map<string, string>): FileSystemView => ({
  readFile: (p) => files.get(p),
  listDirectory: (dir) => [...files.keys()].filter((p) => path.dirname(p) === dir),
});

const HELPERS = `package w

import (
\t"fmt"
\t"net/http"
)

// Reads the response many times, then closes it.
func finish(resp *http.Response) {
\tfmt.Println(resp.StatusCode, resp.Header, resp.Status)
\tfmt.Println(resp.StatusCode, resp.Proto)
\tresp.Body.Close()
}

// Only reads the response: a caller still owns the body.
func look(resp *http.Response) int {
\tfmt.Println(resp.StatusCode, resp.Header, resp.Status)
\treturn resp.StatusCode
}

// Passes it on to finish, twice.
func relay(resp *http.Response) {
\tfinish(resp)
\tfinish(resp)
}
`;

const CALLER = `package w

import "net/http"

func viaFinish() {
\tresp, err := http.Get("http://127.0.0.1:1/")
\tif err != nil {
\t\treturn
\t}
\tfinish(resp)
}

func viaRelay() {
\tresp, err := http.Get("http://127.0.0.1:1/")
\tif err != nil {
\t\treturn
\t}
\trelay(resp)
}

func viaLook() int {
\tresp, err := http.Get("http://127.0.0.1:1/")
\tif err != nil {
\t\treturn 0
\t}
\treturn look(resp)
}
`;

describe('compact Go facts', () => {
  it('keep one use per parameter that closes it, the distinct calls it is passed to, and no neutral use', async () => {
    const facts = extractFacts(parseGo(await loadGoParser(), HELPERS));
    const uses = (name: string) => facts.functions.find((f) => f.name === name)?.paramUses[0];
    assert.deepStrictEqual(uses('finish'), [{ kind: 'close' }]);
    assert.deepStrictEqual(uses('look'), []);
    assert.deepStrictEqual(uses('relay'), [{ kind: 'call', name: 'finish', index: 0 }]);
  });

  it('report the same findings through helpers: only the response handed to the reading helper leaks', async () => {
    const files = new Map([
      ['/w/helpers.go', HELPERS],
      ['/w/caller.go', CALLER],
    ]);
    const go = new GoFrontEnd(await loadGoParser(), fileSystem(files));
    for (const [p, text] of files) go.update(p, text, 1);
    const findings = go.analyze('/w/caller.go', {});
    const lines = findings.map((f) => CALLER.slice(0, f.start).split('\n').length);
    assert.deepStrictEqual(lines, [22], JSON.stringify(findings.map((f) => [f.rule, f.message])));
  });

  it('keep a call site repeated in the same context once, with one context object per caller', async () => {
    const text = 'package w\n\nfunc a() {}\n\nfunc b() {\n\ta()\n\ta()\n\tfor {\n\t\ta()\n\t\ta()\n\t}\n}\n\nfunc c() {\n\ta()\n}\n';
    const facts = extractFacts(parseGo(await loadGoParser(), text));
    assert.deepStrictEqual(
      facts.callSites.map((s) => [s.callee, s.context]),
      [
        ['a', { kind: 'inherit', caller: 'b' }],
        ['a', { kind: 'per-request', reason: 'loop' }],
        ['a', { kind: 'inherit', caller: 'c' }],
      ],
    );
  });

  it('the tree budget given to createGoFrontEnd is the one used (the server gives its own)', async () => {
    const files = new Map([['/w/caller.go', CALLER], ['/w/helpers.go', HELPERS]]);
    const go = (await createGoFrontEnd({ fileSystem: fileSystem(files), treeBudgetChars: 0 })) as GoFrontEnd;
    for (const [p, text] of files) go.update(p, text, 1);
    go.analyze('/w/caller.go', {});
    const parses = go.parses;
    go.analyze('/w/caller.go', {});
    assert.strictEqual(go.parses, parses + 1, 'no tree may stay with a budget of 0: the file is parsed again');
  });
});
