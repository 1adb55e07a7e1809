import * as assert from 'node:assert';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import type { CodeAction, Diagnostic, Hover, TextEdit } from 'vscode-languageserver-protocol';
import { findRule } from '../../server/src/engine/rules';
import { escapeMarkdown } from '../../server/src/lsp/hover';
import { LanguageServerProcess, REPO_ROOT } from '../support/languageServerProcess';

const FIXTURES = path.join(REPO_ROOT, 'test', 'fixtures', 'server');

/** Applies LSP edits (line/character ranges) to a text. */
function applyLspEdits(text: string, edits: TextEdit[]): string {
  const lineStarts = [0];
  for (let i = 0; i < text.length; i++) if (text[i] === '\n') lineStarts.push(i + 1);
  const offset = (p: { line: number; character: number }) => lineStarts[p.line] + p.character;
  return [...edits]
    .sort((a, b) => offset(b.range.start) - offset(a.range.start))
    .reduce((t, e) => t.slice(0, offset(e.range.start)) + e.newText + t.slice(offset(e.range.end)), text);
}

function rulesAt(diagnostics: Diagnostic[]): string[] {
  return diagnostics.map((d) => `${d.range.start.line + 1} ${d.code}`).sort();
}

describe('language server over --stdio', () => {
  let workDir: string;
  let server: LanguageServerProcess;
  let handlerUri: string;
  let drainUri: string;
  let handlerText: string;

  beforeEach(async () => {
    // A private copy: the Go front-end reads a package's other files from disk.
    workDir = fs.mkdtempSync(path.join(os.tmpdir(), 'socket-lens-server-'));
    fs.cpSync(FIXTURES, workDir, { recursive: true });
    handlerUri = pathToFileURL(path.join(workDir, 'gopkg', 'handler.go')).href;
    drainUri = pathToFileURL(path.join(workDir, 'gopkg', 'drain.go')).href;
    handlerText = fs.readFileSync(path.join(workDir, 'gopkg', 'handler.go'), 'utf8');
  });

  afterEach(async () => {
    if (server) await server.stop();
    fs.rmSync(workDir, { recursive: true, force: true });
  });

  it('initialize advertises pull diagnostics, quick fixes, fix-all and hover', async () => {
    server = await LanguageServerProcess.start();
    const caps = server.initializeResult!.capabilities;
    assert.deepStrictEqual(caps.diagnosticProvider, { identifier: 'socket-lens', interFileDependencies: true, workspaceDiagnostics: false });
    assert.deepStrictEqual((caps.codeActionProvider as { codeActionKinds: string[] }).codeActionKinds, ['quickfix', 'source.fixAll.socketLens']);
    assert.strictEqual(caps.hoverProvider, true);
    await server.stop();
    // Without pull support in the client, the server pushes instead and advertises no diagnostic provider.
    server = await LanguageServerProcess.start({ pullDiagnostics: false });
    assert.strictEqual(server.initializeResult!.capabilities.diagnosticProvider, undefined);
  });

  it('reports an unclosed Go body, with a documentation link, and not the one a cross-file helper closes', async () => {
    server = await LanguageServerProcess.start();
    await server.open(handlerUri, 'go', handlerText);
    const diagnostics = await server.diagnostics(handlerUri);
    assert.deepStrictEqual(rulesAt(diagnostics), ['10 go-unclosed-body']);
    const d = diagnostics[0];
    assert.strictEqual(d.source, 'socket-lens');
    assert.match(d.codeDescription!.href, /^https:\/\/.*\/docs\/rules\/go-unclosed-body\.md$/);
    assert.strictEqual(d.range.start.character, handlerText.split('\n')[9].indexOf('http.Get'));
  });

  it('a change in one file of a Go package updates the findings of another', async () => {
    server = await LanguageServerProcess.start();
    await server.open(handlerUri, 'go', handlerText);
    assert.deepStrictEqual(rulesAt(await server.diagnostics(handlerUri)), ['10 go-unclosed-body']);
    const drainText = fs.readFileSync(new URL(drainUri), 'utf8');
    await server.open(drainUri, 'go', drainText);
    // The helper stops closing: relay's body (line 20) now leaks too.
    await server.change(drainUri, drainText.replace('\tresp.Body.Close()\n', ''));
    assert.deepStrictEqual(rulesAt(await server.diagnostics(handlerUri)), ['10 go-unclosed-body', '20 go-unclosed-body']);
  });

  it('offers a preferred quick fix and a suppression action; the suppression silences the finding', async () => {
    server = await LanguageServerProcess.start();
    await server.open(handlerUri, 'go', handlerText);
    const [diagnostic] = await server.diagnostics(handlerUri);
    const actions = await server.request<CodeAction[]>('textDocument/codeAction', {
      textDocument: { uri: handlerUri },
      range: diagnostic.range,
      context: { diagnostics: [diagnostic], only: ['quickfix'] },
    });
    assert.ok(actions.some((a) => a.isPreferred && a.kind === 'quickfix'), JSON.stringify(actions.map((a) => a.title)));
    const ignore = actions.find((a) => a.title.startsWith('Ignore go-unclosed-body'));
    assert.ok(ignore, 'suppression action offered');
    const suppressed = applyLspEdits(handlerText, ignore!.edit!.changes![handlerUri]);
    assert.match(suppressed.split('\n')[9], /^\t\/\/ socketlens:ignore go-unclosed-body /);
    await server.change(handlerUri, suppressed);
    assert.deepStrictEqual(await server.diagnostics(handlerUri), []);
  });

  it('the preferred fix removes the finding and fix-all offers the same edits', async () => {
    server = await LanguageServerProcess.start();
    await server.open(handlerUri, 'go', handlerText);
    const [diagnostic] = await server.diagnostics(handlerUri);
    const [preferred] = (
      await server.request<CodeAction[]>('textDocument/codeAction', {
        textDocument: { uri: handlerUri },
        range: diagnostic.range,
        context: { diagnostics: [diagnostic] },
      })
    ).filter((a) => a.isPreferred);
    const fixAll = await server.request<CodeAction[]>('textDocument/codeAction', {
      textDocument: { uri: handlerUri },
      range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } },
      context: { diagnostics: [], only: ['source.fixAll.socketLens'] },
    });
    assert.strictEqual(fixAll.length, 1);
    assert.deepStrictEqual(fixAll[0].edit!.changes![handlerUri], preferred.edit!.changes![handlerUri]);
    await server.change(handlerUri, applyLspEdits(handlerText, preferred.edit!.changes![handlerUri]));
    assert.deepStrictEqual(await server.diagnostics(handlerUri), []);
  });

  it('hover over a finding shows it in layers under the message: title, leaking path, fix, why it matters, link to the rule page', async () => {
    server = await LanguageServerProcess.start();
    await server.open(handlerUri, 'go', handlerText);
    const [diagnostic] = await server.diagnostics(handlerUri);
    const hover = await server.request<Hover | null>('textDocument/hover', { textDocument: { uri: handlerUri }, position: diagnostic.range.start });
    const value = (hover!.contents as { value: string }).value;
    const rule = findRule('go-unclosed-body')!;
    const layers = value.split('\n\n');
    assert.equal(layers[0], `**${rule.title}**`, 'the rule title heads the layers');
    assert.ok(!value.includes(escapeMarkdown(diagnostic.message)), 'the message, which the editor shows above from the diagnostic, is not repeated');
    // The leaking path, as links to its lines, here and as the diagnostic's related information.
    assert.equal(layers[1], `Leaking path:\n- [line 16](${handlerUri}#L16): body still open: the function ends on line 16`);
    assert.deepStrictEqual(
      diagnostic.relatedInformation?.map((r) => `${r.location.uri}:${r.location.range.start.line + 1} ${r.message}`),
      [`${handlerUri}:16 body still open: the function ends on line 16`],
    );
    assert.equal(layers[2], `**Fix:** ${rule.fix}`);
    assert.equal(layers[3], `**Why it matters:** ${rule.why}`);
    assert.match(layers[4], /^\[Response body not closed on every path \(go-unclosed-body\)\]\(https:\/\/\S+\/docs\/rules\/go-unclosed-body\.md\)/);
    assert.equal(layers.length, 5, 'nothing more: the rule reference stays on its page');
    assert.ok(!value.includes(rule.fixDetails) && !value.includes('**What.**'), 'the whole rule text is not pasted');
    const none = await server.request<Hover | null>('textDocument/hover', { textDocument: { uri: handlerUri }, position: { line: 0, character: 0 } });
    assert.strictEqual(none, null);
  });

  it('links rules to the packaged page through the command the client names', async () => {
    server = await LanguageServerProcess.start({ initializationOptions: { openRuleDocCommand: 'socketLens.openRuleDoc' } });
    await server.open(handlerUri, 'go', handlerText);
    const [diagnostic] = await server.diagnostics(handlerUri);
    const href = diagnostic.codeDescription!.href;
    assert.match(href, /^command:socketLens\.openRuleDoc\?/);
    assert.deepEqual(JSON.parse(decodeURIComponent(href.slice(href.indexOf('?') + 1))), ['go-unclosed-body']);
    const hover = await server.request<Hover | null>('textDocument/hover', { textDocument: { uri: handlerUri }, position: diagnostic.range.start });
    assert.ok((hover!.contents as { value: string }).value.includes(`](${href})`), 'the hover links to the same place');
  });

  it('logs its start, the settings, and each analysis with its timing (the Output channel)', async () => {
    server = await LanguageServerProcess.start({ settings: { rules: { 'go-connection-close': 'off' } } });
    await server.open(handlerUri, 'go', handlerText);
    await server.diagnostics(handlerUri);
    assert.ok(server.logs.some((l) => /server started for socket-lens-tests .*engine ready in \d+ ms/.test(l)), server.logs.join('\n'));
    assert.ok(server.logs.some((l) => l.includes(`settings for ${handlerUri}`) && l.includes('"go-connection-close":"off"')), server.logs.join('\n'));
    const analysed = server.logs.filter((l) => l.includes(`analysed ${handlerUri} (version 1`));
    assert.equal(analysed.length, 1, server.logs.join('\n'));
    assert.match(analysed[0], /: 1 finding\(s\) in \d+(\.\d)? ms$/);
  });

  it('reads settings per resource: rules turned off or re-graded', async () => {
    server = await LanguageServerProcess.start({
      settings: (scopeUri?: string) => (scopeUri?.endsWith('.go') ? { rules: { 'go-unclosed-body': 'off' } } : { rules: { 'js-agent-without-keepalive': 'error' } }),
    });
    await server.open(handlerUri, 'go', handlerText);
    assert.deepStrictEqual(await server.diagnostics(handlerUri), []);
    const jsUri = pathToFileURL(path.join(workDir, 'agent.js')).href;
    await server.open(jsUri, 'javascript', fs.readFileSync(new URL(jsUri), 'utf8'));
    const js = await server.diagnostics(jsUri);
    const agent = js.find((d) => d.code === 'js-agent-without-keepalive');
    assert.ok(agent, JSON.stringify(js));
    assert.strictEqual(agent!.severity, 1 /* Error */);
  });

  it('reports Node.js findings in JavaScript', async () => {
    server = await LanguageServerProcess.start();
    const jsUri = pathToFileURL(path.join(workDir, 'agent.js')).href;
    await server.open(jsUri, 'javascript', fs.readFileSync(new URL(jsUri), 'utf8'));
    assert.deepStrictEqual(rulesAt(await server.diagnostics(jsUri)), ['11 js-agent-without-keepalive', '4 js-per-request-client']);
  });

  it('follows JS/TS files across modules after their trees were dropped (more open text than the tree budget)', async () => {
    server = await LanguageServerProcess.start();
    const uri = (name: string) => pathToFileURL(path.join(workDir, 'budget', name)).href;
    const db = "const { Pool } = require('pg');\nexports.makePool = () => new Pool();\n";
    const service = "const { makePool } = require('./db');\nexports.load = async (id) => (await makePool().query('select $1', [id])).rows;\n";
    const perRequest = "const { load } = require('./service');\nrequire('express')().get('/a', async (req, res) => res.json(await load(req.query.id)));\n";
    const atStartup = "const { load } = require('./service');\nconst first = load(1);\nmodule.exports = first;\n";
    await server.open(uri('db.js'), 'javascript', db);
    await server.open(uri('service.js'), 'javascript', service);
    await server.open(uri('routes.js'), 'javascript', perRequest);
    const actionsAt = async (diagnostic: Diagnostic) =>
      server.request<CodeAction[]>('textDocument/codeAction', {
        textDocument: { uri: uri('db.js') },
        range: diagnostic.range,
        context: { diagnostics: [diagnostic], only: ['quickfix'] },
      });
    const before = await server.diagnostics(uri('db.js'));
    assert.deepStrictEqual(rulesAt(before), ['2 js-per-request-client']);
    const actionsBefore = await actionsAt(before[0]);
    assert.ok(actionsBefore.some((a) => a.title.startsWith('Ignore js-per-request-client')), JSON.stringify(actionsBefore.map((a) => a.title)));
    // 600 KB of other open documents, analysed after: the server holds 300k chars of trees, so these three are dropped.
    const filler = Array.from({ length: 1000 }, (_, i) => `export const value${i} = ${i} * 2; // filler line to take room\n`).join('');
    for (let i = 0; i < 10; i++) {
      await server.open(uri(`filler${i}.js`), 'javascript', filler);
      assert.deepStrictEqual(await server.diagnostics(uri(`filler${i}.js`)), []);
    }
    // The caller now calls the service once, at startup: db.js (two hops away) is parsed again and loses its finding.
    await server.change(uri('routes.js'), atStartup);
    assert.deepStrictEqual(await server.diagnostics(uri('db.js')), []);
    await server.change(uri('routes.js'), perRequest);
    const after = await server.diagnostics(uri('db.js'));
    assert.deepStrictEqual(after, before);
    // Code actions on a document whose tree was dropped and parsed again: the same as at first.
    assert.deepStrictEqual(await actionsAt(after[0]), actionsBefore);
  });

  it('reports a suppression comment naming an unknown rule, and file-wide ignores work', async () => {
    server = await LanguageServerProcess.start();
    const jsUri = pathToFileURL(path.join(workDir, 'agent.js')).href;
    const text = fs.readFileSync(new URL(jsUri), 'utf8');
    await server.open(jsUri, 'javascript', `// socketlens:file-ignore js-agent-without-keepalive,js-per-request-clent legacy\n${text}`);
    const diagnostics = await server.diagnostics(jsUri);
    assert.deepStrictEqual(rulesAt(diagnostics), ['1 unknown-suppression-rule', '5 js-per-request-client']);
    const unknown = diagnostics.find((d) => d.code === 'unknown-suppression-rule')!;
    assert.match(unknown.message, /'js-per-request-clent'/);
    assert.strictEqual(unknown.range.start.character, 3);
  });

  it('pushes diagnostics to clients without pull support', async () => {
    server = await LanguageServerProcess.start({ pullDiagnostics: false });
    await server.open(handlerUri, 'go', handlerText);
    const deadline = Date.now() + 10_000;
    while (!server.pushed.has(handlerUri) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
    assert.deepStrictEqual(rulesAt(server.pushed.get(handlerUri) ?? []), ['10 go-unclosed-body']);
  });

  it('survives broken, binary-looking and huge input and keeps answering', async () => {
    server = await LanguageServerProcess.start();
    const brokenGo = pathToFileURL(path.join(workDir, 'broken.go')).href;
    await server.open(brokenGo, 'go', 'package x\nfunc f( {\n\tresp, err := http.Get(\n\x00\x01\uFFFF');
    await server.diagnostics(brokenGo);
    const brokenTs = pathToFileURL(path.join(workDir, 'broken.ts')).href;
    await server.open(brokenTs, 'typescript', 'const a = new http.Agent({ keepAlive: ;\n}}}}} class { ');
    await server.diagnostics(brokenTs);
    const huge = pathToFileURL(path.join(workDir, 'huge.go')).href;
    await server.open(huge, 'go', `package x\n${'func f() { _ = 1 }\n'.repeat(200_000)}`);
    await server.diagnostics(huge);
    await server.open(handlerUri, 'go', handlerText);
    assert.deepStrictEqual(rulesAt(await server.diagnostics(handlerUri)), ['10 go-unclosed-body']);
    assert.strictEqual(server.child.exitCode, null, 'server still running');
  });

  it('shuts down cleanly on shutdown + exit', async () => {
    server = await LanguageServerProcess.start();
    const code = await server.stop();
    assert.strictEqual(code, 0);
    server = undefined as unknown as LanguageServerProcess;
  });
});
