import * as assert from 'node:assert';
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { Finding } from '../../../server/src/engine/finding';
import type { FileSystemView } from '../../../server/src/engine/frontEnd';
import { GoFrontEnd } from '../../../server/src/engine/go/goFrontEnd';
import { LIBRARY_IMPORT, quotedPieces, scanGoText } from '../../../server/src/engine/go/goLexicalTriggers';
import { LIBRARY_CONSTRUCTORS } from '../../../server/src/engine/go/goLibraryModels';
import { loadGoParser } from '../../../server/src/engine/go/goParser';

/**
 * The lexical pre-filter (goLexicalTriggers.ts) skips files that cannot yield a finding. One test per anchor:
 * a file that needs analysis is flagged, analysed, and reports the same as with the pre-filter off. Then the
 * whole Go fixture corpus, with and without the pre-filter: identical findings.
 */

type Files = Record<string, string>;

/** Go source from its lines. */
const src = (...lines: string[]): string => `${lines.join('\n')}\n`;

function memoryFileSystem(files: Files): FileSystemView {
  return {
    readFile: (p) => files[p],
    listDirectory: (dir) => Object.keys(files).filter((p) => path.dirname(p) === dir),
  };
}

const diskFileSystem: FileSystemView = {
  readFile: (p) => {
    try {
      return fs.readFileSync(p, 'utf8');
    } catch {
      return undefined;
    }
  },
  listDirectory: (dir) => {
    try {
      return fs.readdirSync(dir).map((n) => path.join(dir, n));
    } catch {
      return [];
    }
  },
};

async function frontEnd(fileSystem: FileSystemView, prefilter: boolean): Promise<GoFrontEnd> {
  return new GoFrontEnd(await loadGoParser(), fileSystem, { prefilter });
}

const line = (f: Finding) => `${f.rule} ${f.start}-${f.end} ${f.message} ${JSON.stringify(f.fixes)}`;

/** Scans `open` as the CLI does (a directory at a time: every file given, then each analysed): findings per file. */
function scan(goFrontEnd: GoFrontEnd, files: Files, open: readonly string[]): Map<string, string[]> {
  const out = new Map<string, string[]>();
  const byDir = new Map<string, string[]>();
  for (const p of open) byDir.set(path.dirname(p), [...(byDir.get(path.dirname(p)) ?? []), p]);
  for (const group of byDir.values()) {
    for (const p of group) goFrontEnd.update(p, files[p]!, 0);
    for (const p of group) out.set(p, goFrontEnd.analyze(p, {}).map(line));
  }
  return out;
}

/** Findings of `target` with the pre-filter on, after checking they equal those with it off and are not empty. */
async function findingsWithPrefilter(files: Files, target: string, open: readonly string[] = Object.keys(files)): Promise<string[]> {
  const on = scan(await frontEnd(memoryFileSystem(files), true), files, open);
  const off = scan(await frontEnd(memoryFileSystem(files), false), files, open);
  assert.deepStrictEqual(on, off);
  const found = on.get(target) ?? [];
  assert.ok(found.length > 0, `expected a finding in ${target}`);
  return found;
}

describe('Go lexical pre-filter: a file that needs analysis is never skipped', () => {
  it('anchor 1: a quoted "net/http" (plain, renamed, raw string) makes a file analysed alone', async () => {
    for (const spec of ['"net/http"', 'web "net/http"', '`net/http`']) {
      const q = spec.startsWith('web') ? 'web' : 'http';
      const text = src(
        'package p',
        '',
        `import ${spec}`,
        '',
        'func f() int {',
        `\tresp, err := ${q}.Get("http://127.0.0.1:1/")`,
        '\tif err != nil {',
        '\t\treturn 0',
        '\t}',
        '\treturn resp.StatusCode',
        '}',
      );
      assert.deepStrictEqual(scanGoText(text), { importsNetHttp: true, mayReportAlone: true });
      const found = await findingsWithPrefilter({ '/m/p/f.go': text }, '/m/p/f.go');
      assert.match(found[0]!, /^go-unclosed-body/);
    }
  });

  it('anchor 2: an import the library table matches (database/sql, go-redis with a version)', async () => {
    const sql = src(
      'package p',
      '',
      'import "database/sql"',
      '',
      'func ping(dsns []string) {',
      '\tfor _, d := range dsns {',
      '\t\tdb, _ := sql.Open("pgx", d)',
      '\t\t_ = db.Ping()',
      '\t}',
      '}',
    );
    assert.deepStrictEqual(scanGoText(sql), { importsNetHttp: false, mayReportAlone: true });
    assert.match((await findingsWithPrefilter({ '/m/p/db.go': sql }, '/m/p/db.go'))[0]!, /^go-per-request-client/);
    const redis = src(
      'package p',
      '',
      'import "github.com/redis/go-redis/v9"',
      '',
      'func each(addrs []string) {',
      '\tfor _, a := range addrs {',
      '\t\tc := redis.NewClient(&redis.Options{Addr: a})',
      '\t\t_ = c.Ping(nil)',
      '\t}',
      '}',
    );
    assert.strictEqual(scanGoText(redis).mayReportAlone, true);
    assert.match((await findingsWithPrefilter({ '/m/p/r.go': redis }, '/m/p/r.go'))[0]!, /^go-per-request-client/);
  });

  it('anchor 2: every row of the library table is recognised as a quoted import, and only as a whole path', () => {
    // One import path per row (a new row needs one here).
    const samples = [
      'database/sql',
      'github.com/jmoiron/sqlx',
      'gorm.io/gorm',
      'github.com/jackc/pgx/v5/pgxpool',
      'github.com/redis/go-redis/v9',
      'github.com/go-redis/redis',
      'google.golang.org/grpc',
      'go.mongodb.org/mongo-driver/v2/mongo',
      'github.com/hashicorp/go-cleanhttp',
      'github.com/hashicorp/go-retryablehttp',
      'github.com/go-resty/resty/v2',
      'resty.dev/v3',
      'golang.org/x/oauth2',
    ];
    for (const row of LIBRARY_CONSTRUCTORS) assert.ok(samples.some((s) => row.path.test(s)), `no sample import path for ${row.path}`);
    for (const sample of samples) {
      assert.ok(LIBRARY_CONSTRUCTORS.some((row) => row.path.test(sample)), `${sample} is no row of the table`);
      assert.ok(LIBRARY_IMPORT.test(`import "${sample}"`), `${sample} is not recognised`);
      assert.ok(LIBRARY_IMPORT.test(`import x \`${sample}\``), `${sample} (raw string) is not recognised`);
      assert.ok(!LIBRARY_IMPORT.test(`import "${sample}/sub"`), `${sample}/sub is not a row of the table`);
      assert.ok(!LIBRARY_IMPORT.test(`import "x${sample}"`), `x${sample} is not a row of the table`);
    }
  });

  it('anchor 3: x.RoundTrip(req) in a file without net/http', async () => {
    const text = src(
      'package p',
      '',
      'type tripper interface{ RoundTrip(any) (*reply, error) }',
      '',
      'type reply struct{ StatusCode int }',
      '',
      'func forward(t tripper, req any) int {',
      '\tresp, err := t.RoundTrip(req)',
      '\tif err != nil {',
      '\t\treturn 0',
      '\t}',
      '\treturn resp.StatusCode',
      '}',
    );
    assert.deepStrictEqual(scanGoText(text), { importsNetHttp: false, mayReportAlone: true });
    assert.match((await findingsWithPrefilter({ '/m/p/rt.go': text }, '/m/p/rt.go'))[0]!, /^go-unclosed-body/);
  });

  it('anchor 4: t.DisableKeepAlives = true on a package variable declared in another file', async () => {
    const files = {
      '/m/p/transport.go': src(
        'package p',
        '',
        'import "net/http"',
        '',
        'var shared = &http.Transport{}',
      ),
      '/m/p/setup.go': src(
        'package p',
        '',
        'func configure() {',
        '\tshared.DisableKeepAlives = true',
        '}',
      ),
    };
    assert.deepStrictEqual(scanGoText(files['/m/p/setup.go']), { importsNetHttp: false, mayReportAlone: true });
    assert.match((await findingsWithPrefilter(files, '/m/p/setup.go'))[0]!, /^go-disable-keepalives/);
    const perHost = { ...files, '/m/p/setup.go': src(
      'package p',
      '',
      'func configure() {',
      '\tshared.MaxIdleConnsPerHost = -1',
      '}',
    ) };
    assert.strictEqual(scanGoText(perHost['/m/p/setup.go']).mayReportAlone, true);
    assert.match((await findingsWithPrefilter(perHost, '/m/p/setup.go'))[0]!, /^go-disable-keepalives/);
  });

  it('anchor 5: a response helper, a client variable and a client field of the package, used in a file without net/http', async () => {
    const helpers = src(
      'package p',
      '',
      'import "net/http"',
      '',
      'var api = &http.Client{}',
      '',
      'type svc struct{ hc *http.Client }',
      '',
      'func fetch(u string) (*http.Response, error) {',
      '\treturn http.Get(u)',
      '}',
    );
    const uses = {
      fetch: src(
        'func a() int {',
        '\tresp, err := fetch("http://127.0.0.1:1/")',
        '\tif err != nil {',
        '\t\treturn 0',
        '\t}',
        '\treturn resp.StatusCode',
        '}',
      ),
      clientVar: src(
        'func b() int {',
        '\tresp, err := api.Get("http://127.0.0.1:1/")',
        '\tif err != nil {',
        '\t\treturn 0',
        '\t}',
        '\treturn resp.StatusCode',
        '}',
      ),
      clientField: src(
        'func (s *svc) c() int {',
        '\tresp, err := s.hc.Get("http://127.0.0.1:1/")',
        '\tif err != nil {',
        '\t\treturn 0',
        '\t}',
        '\treturn resp.StatusCode',
        '}',
      ),
    };
    for (const [name, body] of Object.entries(uses)) {
      const user = `package p\n\n${body}`;
      assert.strictEqual(scanGoText(user).mayReportAlone, false, name);
      const found = await findingsWithPrefilter({ '/m/p/helpers.go': helpers, '/m/p/user.go': user }, '/m/p/user.go');
      assert.match(found[0]!, /^go-unclosed-body/, name);
    }
  });

  it('anchor 5 also when the helper file is only on disk (one open file, as in the editor)', async () => {
    const files = {
      '/m/p/helpers.go': src(
        'package p',
        '',
        'import "net/http"',
        '',
        'func fetch(u string) (*http.Response, error) {',
        '\treturn http.Get(u)',
        '}',
      ),
      '/m/p/user.go': src(
        'package p',
        '',
        'func a() int {',
        '\tresp, _ := fetch("http://127.0.0.1:1/")',
        '\treturn resp.StatusCode',
        '}',
      ),
    };
    const found = await findingsWithPrefilter(files, '/m/p/user.go', ['/m/p/user.go']);
    assert.match(found[0]!, /^go-unclosed-body/);
  });

  it('anchor 6: a response helper of another package of the module, called from a file without net/http', async () => {
    const files = {
      '/m/go.mod': 'module example.com/m\n\ngo 1.19\n',
      '/m/api/api.go': src(
        'package api',
        '',
        'import "net/http"',
        '',
        'func Fetch() (*http.Response, error) {',
        '\treturn http.Get("http://127.0.0.1:1/")',
        '}',
      ),
      '/m/app/app.go': src(
        'package app',
        '',
        'import "example.com/m/api"',
        '',
        'func status() int {',
        '\tresp, err := api.Fetch()',
        '\tif err != nil {',
        '\t\treturn 0',
        '\t}',
        '\treturn resp.StatusCode',
        '}',
      ),
    };
    assert.strictEqual(scanGoText(files['/m/app/app.go']).mayReportAlone, false);
    assert.match((await findingsWithPrefilter(files, '/m/app/app.go', ['/m/app/app.go']))[0]!, /^go-unclosed-body/);
  });

  it('a package that cannot matter is not parsed at all; a quiet file of an HTTP package is parsed once, for its facts', async () => {
    const quiet = { '/m/q/a.go': 'package q\n\nfunc f() {}\n', '/m/q/b.go': src(
      'package q',
      '',
      '// RoundTripper is only mentioned as a word inside another',
      'func g() { f() }',
    ) };
    const fe = await frontEnd(memoryFileSystem(quiet), true);
    assert.deepStrictEqual([...scan(fe, quiet, Object.keys(quiet)).values()], [[], []]);
    assert.strictEqual(fe.parses, 0);

    const mixed = {
      '/m/h/client.go': src(
        'package h',
        '',
        'import "net/http"',
        '',
        'func get(u string) (*http.Response, error) {',
        '\treturn http.Get(u)',
        '}',
      ),
      '/m/h/util.go': 'package h\n\nfunc trim(s string) string { return s }\n',
    };
    const fe2 = await frontEnd(memoryFileSystem(mixed), true);
    scan(fe2, mixed, Object.keys(mixed));
    assert.strictEqual(fe2.parses, 2);
  });

  it('quoted pieces cover every string between two quotes of a line, whatever came before', () => {
    const text = 'x := \'"\' // a stray "quote\nimport "net/http"\ns := `raw`+"a\\"b"';
    const pieces = quotedPieces(text);
    for (const p of ['net/http', 'raw', 'a\\']) assert.ok(pieces.has(p), p);
  });

  it('the Go fixture corpus gives identical findings with and without the pre-filter, with fewer parses', async function () {
    this.timeout(120000);
    const root = path.resolve(__dirname, '..', '..', 'fixtures', 'go');
    const files: Files = {};
    const walkDir = (dir: string): void => {
      for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
        const p = path.join(dir, e.name);
        if (e.isDirectory()) walkDir(p);
        else if (p.endsWith('.go')) files[p] = fs.readFileSync(p, 'utf8');
      }
    };
    walkDir(root);
    const open = Object.keys(files).sort();
    const withFilter = await frontEnd(diskFileSystem, true);
    const without = await frontEnd(diskFileSystem, false);
    const on = scan(withFilter, files, open);
    const off = scan(without, files, open);
    assert.ok(open.length > 100, `${open.length} fixture files`);
    assert.ok([...off.values()].flat().length > 50, `the corpus has findings (${[...off.values()].flat().length})`);
    assert.deepStrictEqual(on, off);
    assert.ok(withFilter.parses <= without.parses, `${withFilter.parses} parses with the pre-filter, ${without.parses} without`);
  });
});
