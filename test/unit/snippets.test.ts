/**
 * Every snippet in snippets/, expanded the way VS Code expands it with its defaults, parses: Go with
 * tree-sitter-go (no ERROR/MISSING nodes) and gofmt, JS with the TypeScript parser and `node --check`,
 * TS with the TypeScript parser. Where the real tools are here, Go snippets also pass `go vet` and TS
 * snippets type-check with `tsc` against @types/node (and undici's own types when installed).
 */
import * as assert from 'node:assert';
import { execFileSync, spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as ts from 'typescript';
import { Language, Parser, type Node as SyntaxNode } from 'web-tree-sitter';
import { Engine } from '../../server/src/engine/engine';

const REPO_ROOT = path.resolve(__dirname, '..', '..');
const SNIPPETS = path.join(REPO_ROOT, 'snippets');

// ------------------------------------------------------------------ snippet expansion

type SnippetNode =
  | { kind: 'text'; value: string }
  | { kind: 'tabstop'; index: number; placeholder?: SnippetNode[] }
  | { kind: 'choice'; index: number; options: string[] }
  | { kind: 'variable'; name: string; fallback?: SnippetNode[] };

/** Parses VS Code snippet syntax (tab stops, placeholders, choices, variables, `\` escapes). */
function parseSnippet(source: string): SnippetNode[] {
  let pos = 0;
  const digits = () => {
    const m = /^\d+/.exec(source.slice(pos));
    if (!m) return undefined;
    pos += m[0].length;
    return Number(m[0]);
  };
  const name = () => {
    const m = /^[_a-zA-Z][_a-zA-Z0-9]*/.exec(source.slice(pos));
    if (!m) return undefined;
    pos += m[0].length;
    return m[0];
  };
  function sequence(insidePlaceholder: boolean): SnippetNode[] {
    const nodes: SnippetNode[] = [];
    let text = '';
    const flush = () => {
      if (text) nodes.push({ kind: 'text', value: text });
      text = '';
    };
    while (pos < source.length) {
      const ch = source[pos];
      if (ch === '\\' && pos + 1 < source.length && '$}\\'.includes(source[pos + 1])) {
        text += source[pos + 1];
        pos += 2;
        continue;
      }
      if (ch === '}' && insidePlaceholder) {
        flush();
        return nodes;
      }
      if (ch !== '$') {
        text += ch;
        pos++;
        continue;
      }
      const start = pos;
      pos++;
      const node = dollar();
      if (node) {
        flush();
        nodes.push(node);
      } else {
        // not snippet syntax: a literal `$`
        pos = start + 1;
        text += '$';
      }
    }
    if (insidePlaceholder) throw new Error(`unterminated placeholder in snippet: ${source}`);
    flush();
    return nodes;
  }
  function dollar(): SnippetNode | undefined {
    const index = digits();
    if (index !== undefined) return { kind: 'tabstop', index };
    const bare = name();
    if (bare !== undefined) return { kind: 'variable', name: bare };
    if (source[pos] !== '{') return undefined;
    pos++;
    const braced = digits();
    if (braced !== undefined) {
      if (source[pos] === '}') {
        pos++;
        return { kind: 'tabstop', index: braced };
      }
      if (source[pos] === ':') {
        pos++;
        const placeholder = sequence(true);
        pos++; // the closing }
        return { kind: 'tabstop', index: braced, placeholder };
      }
      if (source[pos] === '|') {
        const end = source.indexOf('|}', pos + 1);
        if (end === -1) throw new Error(`unterminated choice in snippet: ${source}`);
        const options = source
          .slice(pos + 1, end)
          .split(/(?<!\\),/)
          .map((o) => o.replace(/\\([,|\\])/g, '$1'));
        pos = end + 2;
        return { kind: 'choice', index: braced, options };
      }
      if (source[pos] === '/') throw new Error(`transforms are not supported by this test: ${source}`);
      return undefined;
    }
    const variable = name();
    if (variable === undefined) return undefined;
    if (source[pos] === '}') {
      pos++;
      return { kind: 'variable', name: variable };
    }
    if (source[pos] === ':') {
      pos++;
      const fallback = sequence(true);
      pos++;
      return { kind: 'variable', name: variable, fallback };
    }
    if (source[pos] === '/') throw new Error(`transforms are not supported by this test: ${source}`);
    return undefined;
  }
  return sequence(false);
}

/**
 * The text VS Code inserts when the user accepts every default: a tab stop shows its placeholder
 * (mirrors repeat the first placeholder of the same index), a choice its first option, a variable
 * its value, else its default, else (unknown variable) its name.
 */
function expandSnippet(body: string | string[], variables: Record<string, string> = {}): string {
  const nodes = parseSnippet(Array.isArray(body) ? body.join('\n') : body);
  const defaults = new Map<number, SnippetNode[]>();
  const collect = (list: SnippetNode[]) => {
    for (const node of list) {
      if (node.kind === 'tabstop' && node.placeholder) {
        if (!defaults.has(node.index)) defaults.set(node.index, node.placeholder);
        collect(node.placeholder);
      } else if (node.kind === 'choice' && !defaults.has(node.index)) {
        defaults.set(node.index, [{ kind: 'text', value: node.options[0] }]);
      } else if (node.kind === 'variable' && node.fallback) collect(node.fallback);
    }
  };
  collect(nodes);
  const render = (list: SnippetNode[], depth: number): string =>
    list
      .map((node) => {
        if (depth > 20) throw new Error('placeholder nesting too deep');
        switch (node.kind) {
          case 'text':
            return node.value;
          case 'tabstop':
          case 'choice': {
            const value = defaults.get(node.index);
            return value ? render(value, depth + 1) : '';
          }
          case 'variable': {
            const value = variables[node.name];
            if (value) return value;
            if (node.fallback) return render(node.fallback, depth + 1);
            return node.name in variables ? '' : node.name;
          }
          default:
            throw new Error(`unknown snippet node ${JSON.stringify(node)}`);
        }
      })
      .join('');
  return render(nodes, 0);
}

// ------------------------------------------------------------------ snippet files and per-snippet wrapping

interface Snippet {
  prefix: string | string[];
  body: string | string[];
  description: string;
}

function readSnippets(file: string): Record<string, Snippet> {
  return JSON.parse(fs.readFileSync(path.join(SNIPPETS, file), 'utf8')) as Record<string, Snippet>;
}

/** Values VS Code would give the variables, for a file named service.go/ts/js. */
const VARIABLES: Record<string, string> = { TM_FILENAME: 'service', TM_FILENAME_BASE: 'service', TM_SELECTED_TEXT: '', TM_CURRENT_LINE: '', CURRENT_YEAR: '2026' };

interface GoShape {
  /** `package`: a top-level declaration; `function`: statements, wrapped in a function. */
  scope: 'package' | 'function';
  imports: string[];
  params?: string;
  results?: string;
  /** Statements after the snippet so the function is complete. */
  tail?: string;
}

const GO_SHAPES: Record<string, GoShape> = {
  'Pooled HTTP client (package level)': { scope: 'package', imports: ['net', 'net/http', 'time'] },
  'Shared transport cloned from the default': { scope: 'package', imports: ['net/http', 'time'] },
  'Request, check the error, then defer closing the body': {
    scope: 'function',
    imports: ['fmt', 'net/http'],
    params: 'httpClient *http.Client, req *http.Request',
    results: 'error',
    tail: 'return nil',
  },
  'Request in a loop, closing the body every iteration': { scope: 'function', imports: ['io', 'net/http'], params: 'httpClient *http.Client, urls []string' },
};

interface NodeShape {
  /** `module`: top-level code; `async`: statements inside an async function taking `url`. */
  scope: 'module' | 'async';
  /** Declarations the snippet assumes exist, prepended for parsing and type-checking. */
  preamble?: { js: string; ts: string };
  /** For TypeScript: type-check with @types/node (`node`), with undici's bundled types (`undici`), or not (why). */
  typeCheck: 'node' | 'undici' | { skip: string };
}

const SERVER_PREAMBLE = {
  js: "const http = require('node:http');\nconst server = http.createServer();\n",
  ts: "import * as http from 'node:http';\nconst server = http.createServer();\n",
};
const UNDICI_REQUEST_PREAMBLE = {
  js: "const { Pool, request } = require('undici');\nconst upstream = new Pool('http://127.0.0.1:3000');\n",
  ts: "import { Pool, request } from 'undici';\nconst upstream = new Pool('http://127.0.0.1:3000');\n",
};

const NODE_SHAPES: Record<string, NodeShape> = {
  'Shared keep-alive http/https agents (CommonJS)': { scope: 'module', typeCheck: 'node' },
  'Shared keep-alive http/https agents (ESM)': { scope: 'module', typeCheck: 'node' },
  'undici Agent (module level)': { scope: 'module', typeCheck: 'undici' },
  'undici Pool (module level)': { scope: 'module', typeCheck: 'undici' },
  'pg Pool (module level)': { scope: 'module', typeCheck: { skip: 'pg and @types/pg are not dependencies of this project' } },
  'Server keep-alive and headers timeouts': { scope: 'module', preamble: SERVER_PREAMBLE, typeCheck: 'node' },
  'fetch that always consumes or cancels the body': { scope: 'async', typeCheck: 'node' },
  'undici request that always consumes the body': { scope: 'async', preamble: UNDICI_REQUEST_PREAMBLE, typeCheck: 'undici' },
};

function indent(text: string): string {
  return text
    .split('\n')
    .map((line) => (line.trim() ? `\t${line}` : ''))
    .join('\n');
}

function goSource(name: string, expanded: string, n: number): string {
  const shape = GO_SHAPES[name];
  const imports = `import (\n${shape.imports.map((i) => `\t"${i}"`).join('\n')}\n)\n`;
  const body =
    shape.scope === 'package'
      ? `${expanded.trimEnd()}\n`
      : `func example${n}(${shape.params ?? ''})${shape.results ? ` ${shape.results}` : ''} {\n${indent(expanded.trimEnd())}\n${shape.tail ? `\t${shape.tail}\n` : ''}}\n`;
  return `package snippets\n\n${imports}\n${body}`;
}

function nodeSource(name: string, expanded: string, language: 'js' | 'ts', n: number): string {
  const shape = NODE_SHAPES[name];
  const preamble = shape.preamble?.[language] ?? '';
  if (shape.scope === 'module') return `${preamble}${expanded.trimEnd()}\n`;
  const param = language === 'ts' ? 'url: string' : 'url';
  return `${preamble}${language === 'ts' ? 'export ' : ''}async function example${n}(${param}) {\n${indent(expanded.trimEnd())}\n}\n`;
}

// ------------------------------------------------------------------ tools

let goParser: Promise<Parser> | undefined;
function loadGoParser(): Promise<Parser> {
  goParser ??= (async () => {
    await Parser.init({ locateFile: () => path.join(path.dirname(require.resolve('web-tree-sitter')), 'tree-sitter.wasm') });
    const parser = new Parser();
    parser.setLanguage(await Language.load(path.join(path.dirname(require.resolve('tree-sitter-go/package.json')), 'tree-sitter-go.wasm')));
    return parser;
  })();
  return goParser;
}

function syntaxProblems(node: SyntaxNode, out: string[] = []): string[] {
  if (node.isError || node.isMissing) out.push(`${node.isMissing ? 'MISSING' : 'ERROR'} ${node.type} at ${node.startPosition.row + 1}:${node.startPosition.column + 1}`);
  for (const child of node.children) if (child) syntaxProblems(child, out);
  return out;
}

function parseDiagnostics(fileName: string, text: string, kind: ts.ScriptKind): string[] {
  const source = ts.createSourceFile(fileName, text, ts.ScriptTarget.Latest, false, kind);
  return (source as unknown as { parseDiagnostics: ts.Diagnostic[] }).parseDiagnostics.map(
    (d) => `${source.getLineAndCharacterOfPosition(d.start ?? 0).line + 1}: ${ts.flattenDiagnosticMessageText(d.messageText, ' ')}`,
  );
}

function hasGoToolchain(): boolean {
  return spawnSync('go', ['version'], { stdio: 'ignore' }).status === 0;
}

/** A scratch folder under the repo's ignored .cache/ so module resolution finds node_modules. */
function scratchDir(name: string): string {
  const dir = path.join(REPO_ROOT, '.cache', `${name}-${process.pid}`);
  fs.rmSync(dir, { recursive: true, force: true });
  fs.mkdirSync(dir, { recursive: true });
  return dir;
}

// ------------------------------------------------------------------ tests

describe('snippet expansion (as VS Code inserts defaults)', () => {
  it('tab stops, placeholders, mirrors, nesting and choices', () => {
    assert.strictEqual(expandSnippet('a $1 b$0'), 'a  b');
    assert.strictEqual(expandSnippet('${1:client} and $1 and ${1}'), 'client and client and client');
    assert.strictEqual(expandSnippet('$1 then ${1:later}'), 'later then later');
    assert.strictEqual(expandSnippet('${2:outer ${3:inner}} $3'), 'outer inner inner');
    assert.strictEqual(expandSnippet('res.${1|json,text|}()'), 'res.json()');
    assert.strictEqual(expandSnippet('${1|a\\,b,c|}'), 'a,b');
  });

  it('escapes and literal dollars', () => {
    assert.strictEqual(expandSnippet('`\\${${1:res}.status}`'), '`${res.status}`');
    assert.strictEqual(expandSnippet('${1:a\\}b} \\\\ \\$HOME'), 'a}b \\ $HOME');
    assert.strictEqual(expandSnippet('cost: $ 5 and ${ x'), 'cost: $ 5 and ${ x');
    assert.strictEqual(expandSnippet(['line one', '\tline two']), 'line one\n\tline two');
  });

  it('variables: value, default, unknown name', () => {
    assert.strictEqual(expandSnippet('$TM_FILENAME_BASE/${TM_SELECTED_TEXT:none}/$UNKNOWN_VAR', VARIABLES), 'service/none/UNKNOWN_VAR');
    assert.throws(() => expandSnippet('${1:open'), /unterminated/);
  });
});

const FILES = [
  { file: 'go.json', expectedNames: Object.keys(GO_SHAPES) },
  { file: 'javascript.json', expectedNames: Object.keys(NODE_SHAPES) },
  // TypeScript modules are ESM: no CommonJS variant of the agents snippet.
  { file: 'typescript.json', expectedNames: Object.keys(NODE_SHAPES).filter((n) => !n.endsWith('(CommonJS)')) },
];

describe('snippets/', () => {
  it('package.json contributes the three snippet files for their languages', () => {
    const manifest = JSON.parse(fs.readFileSync(path.join(REPO_ROOT, 'package.json'), 'utf8'));
    const contributed = (manifest.contributes.snippets as Array<{ language: string; path: string }>).map((s) => `${s.language}=${s.path}`).sort();
    assert.deepStrictEqual(contributed, [
      'go=./snippets/go.json',
      'javascript=./snippets/javascript.json',
      'javascriptreact=./snippets/javascript.json',
      'typescript=./snippets/typescript.json',
      'typescriptreact=./snippets/typescript.json',
    ]);
  });

  for (const { file, expectedNames } of FILES) {
    it(`${file}: every snippet has sl- prefixes (unique), a description and a body, and a wrapping shape in this test`, () => {
      const snippets = readSnippets(file);
      const seen = new Set<string>();
      for (const [name, s] of Object.entries(snippets)) {
        const prefixes = Array.isArray(s.prefix) ? s.prefix : [s.prefix];
        for (const p of prefixes) {
          assert.match(p, /^sl-[a-z0-9-]+$/, `${name}: prefix ${p}`);
          assert.ok(!seen.has(p), `${file}: duplicate prefix ${p}`);
          seen.add(p);
        }
        assert.ok(typeof s.description === 'string' && s.description.length >= 40, `${name}: description`);
        assert.ok((Array.isArray(s.body) ? s.body.join('') : s.body).trim().length > 0, `${name}: body`);
        assert.deepStrictEqual(Object.keys(s).sort(), ['body', 'description', 'prefix'], `${name}: only VS Code snippet keys`);
      }
      assert.deepStrictEqual(Object.keys(snippets).sort(), [...expectedNames].sort(), `${file}: snippets and the shapes in this test match`);
    });

    it(`${file}: expanded snippets leave no snippet syntax behind`, () => {
      for (const [name, s] of Object.entries(readSnippets(file))) {
        const expanded = expandSnippet(s.body, VARIABLES);
        assert.doesNotMatch(expanded, /\$\d|\$\{\d|\$\{[A-Z_]+[:}]|\\\$/, name);
      }
    });
  }

  it('the pooled Go client sets every tuned Transport field and a client Timeout', () => {
    const snippet = readSnippets('go.json')['Pooled HTTP client (package level)'];
    const code = expandSnippet(snippet.body, VARIABLES);
    for (const field of ['Timeout:', 'MaxIdleConns:', 'MaxIdleConnsPerHost:', 'IdleConnTimeout:', 'TLSHandshakeTimeout:', 'DialContext:', 'KeepAlive:']) {
      assert.ok(code.includes(field), `missing ${field}`);
    }
    assert.doesNotMatch(code, /DisableKeepAlives/);
    assert.match(code, /^var httpClient = &http\.Client\{/m);
  });

  it('server timeout snippets keep headersTimeout above keepAliveTimeout', () => {
    for (const file of ['javascript.json', 'typescript.json']) {
      const code = expandSnippet(readSnippets(file)['Server keep-alive and headers timeouts'].body, VARIABLES);
      const keepAlive = Number(/keepAliveTimeout = (\d+)/.exec(code)?.[1]);
      const headers = Number(/headersTimeout = (\d+)/.exec(code)?.[1]);
      assert.ok(keepAlive > 60_000, `${file}: keepAliveTimeout ${keepAlive} above a 60 s load balancer`);
      assert.ok(headers > keepAlive, `${file}: headersTimeout ${headers} > keepAliveTimeout ${keepAlive}`);
    }
  });

  it('Go snippets parse with tree-sitter-go (no ERROR or MISSING nodes) once wrapped', async () => {
    const parser = await loadGoParser();
    let n = 0;
    for (const [name, s] of Object.entries(readSnippets('go.json'))) {
      const source = goSource(name, expandSnippet(s.body, VARIABLES), n++);
      const tree = parser.parse(source)!;
      assert.deepStrictEqual(syntaxProblems(tree.rootNode), [], `${name}:\n${source}`);
      tree.delete();
    }
  });

  it('a Go snippet with a syntax error would be caught (the check can fail)', async () => {
    const parser = await loadGoParser();
    const tree = parser.parse('package snippets\n\nfunc f() {\n\tresp, err := c.Get(u\n}\n')!;
    assert.notDeepStrictEqual(syntaxProblems(tree.rootNode), []);
    tree.delete();
  });

  it('JS snippets parse (ScriptKind.JS) and pass node --check; TS snippets parse (ScriptKind.TS)', () => {
    const dir = scratchDir('snippets-js');
    try {
      let n = 0;
      for (const [name, s] of Object.entries(readSnippets('javascript.json'))) {
        const source = nodeSource(name, expandSnippet(s.body, VARIABLES), 'js', n++);
        assert.deepStrictEqual(parseDiagnostics('snippet.js', source, ts.ScriptKind.JS), [], `${name}:\n${source}`);
        const esm = /^import /m.test(source);
        const file = path.join(dir, `snippet${n}.${esm ? 'mjs' : 'cjs'}`);
        fs.writeFileSync(file, source);
        const check = spawnSync(process.execPath, ['--check', file], { encoding: 'utf8' });
        assert.strictEqual(check.status, 0, `${name}: node --check\n${check.stderr}`);
      }
      for (const [name, s] of Object.entries(readSnippets('typescript.json'))) {
        const source = nodeSource(name, expandSnippet(s.body, VARIABLES), 'ts', n++);
        assert.deepStrictEqual(parseDiagnostics('snippet.ts', source, ts.ScriptKind.TS), [], `${name}:\n${source}`);
      }
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it('Go snippets are gofmt-clean and pass go vet (real Go toolchain, stdlib only)', function () {
    assert.ok(hasGoToolchain(), 'the Go toolchain is missing: run `npm run test:setup` (it installs golang-go)');
    this.timeout(120_000);
    const dir = scratchDir('snippets-go');
    try {
      fs.writeFileSync(path.join(dir, 'go.mod'), 'module example.com/snippets\n\ngo 1.19\n');
      let n = 0;
      for (const [name, s] of Object.entries(readSnippets('go.json'))) {
        fs.writeFileSync(path.join(dir, `snippet${n}.go`), goSource(name, expandSnippet(s.body, VARIABLES), n));
        n++;
      }
      const unformatted = execFileSync('gofmt', ['-l', '.'], { cwd: dir, encoding: 'utf8' }).trim();
      assert.strictEqual(unformatted, '', `not gofmt-clean: ${unformatted}\n${unformatted ? execFileSync('gofmt', ['-d', '.'], { cwd: dir, encoding: 'utf8' }) : ''}`);
      const vet = spawnSync('go', ['vet', './...'], {
        cwd: dir,
        encoding: 'utf8',
        env: { ...process.env, GOPROXY: 'off', GOFLAGS: '-mod=mod', GO111MODULE: 'on' },
      });
      assert.strictEqual(vet.status, 0, `go vet failed:\n${vet.stderr}`);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it('TS snippets type-check with tsc (strict, @types/node; undici with its bundled types)', function () {
    this.timeout(120_000);
    const undiciInstalled = fs.existsSync(path.join(REPO_ROOT, 'node_modules', 'undici', 'package.json'));
    const dir = scratchDir('snippets-ts');
    try {
      const files: string[] = [];
      const skipped: string[] = [];
      let n = 0;
      for (const [name, s] of Object.entries(readSnippets('typescript.json'))) {
        const check = NODE_SHAPES[name].typeCheck;
        if (typeof check === 'object' || (check === 'undici' && !undiciInstalled)) {
          skipped.push(name);
          continue;
        }
        const file = path.join(dir, `snippet${n++}.ts`);
        fs.writeFileSync(file, nodeSource(name, expandSnippet(s.body, VARIABLES), 'ts', n));
        files.push(file);
      }
      assert.ok(files.length >= 4, `type-checked ${files.length} snippets (skipped: ${skipped.join('; ')})`);
      const program = ts.createProgram(files, {
        strict: true,
        noEmit: true,
        target: ts.ScriptTarget.ES2022,
        module: ts.ModuleKind.CommonJS,
        moduleResolution: ts.ModuleResolutionKind.Node10,
        esModuleInterop: true,
        skipLibCheck: true,
        lib: ['lib.es2022.d.ts'],
        types: ['node'],
        typeRoots: [path.join(REPO_ROOT, 'node_modules', '@types')],
      });
      const diagnostics = ts.getPreEmitDiagnostics(program).map((d) => {
        const where = d.file ? `${path.basename(d.file.fileName)}:${d.file.getLineAndCharacterOfPosition(d.start ?? 0).line + 1}` : '';
        return `${where} ${ts.flattenDiagnosticMessageText(d.messageText, ' ')}`;
      });
      assert.deepStrictEqual(diagnostics, []);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it('Socket Lens itself reports nothing on the expanded snippets', async () => {
    const engine = await Engine.create({ fileSystem: { readFile: () => undefined, listDirectory: () => [] } });
    const reported: string[] = [];
    let n = 0;
    const check = (filePath: string, source: string) => {
      engine.update(filePath, source, 1);
      for (const f of engine.analyze(filePath)) reported.push(`${path.basename(filePath)}:${f.line} ${f.rule}: ${f.message}`);
    };
    for (const [name, s] of Object.entries(readSnippets('go.json'))) check(`/snippets/go${n}/snippet.go`, goSource(name, expandSnippet(s.body, VARIABLES), n++));
    for (const [name, s] of Object.entries(readSnippets('javascript.json'))) {
      const source = nodeSource(name, expandSnippet(s.body, VARIABLES), 'js', n++);
      check(`/snippets/snippet${n}.${/^import /m.test(source) ? 'mjs' : 'js'}`, source);
    }
    for (const [name, s] of Object.entries(readSnippets('typescript.json'))) check(`/snippets/snippet${n}.ts`, nodeSource(name, expandSnippet(s.body, VARIABLES), 'ts', n++));
    assert.deepStrictEqual(reported, []);
  });
});
