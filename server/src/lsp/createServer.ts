import {
  DidChangeWatchedFilesNotification,
  FileChangeType,
  MessageType,
  ShowMessageNotification,
  TextDocumentSyncKind,
  TextDocuments,
  type Connection,
  type InitializeResult,
} from 'vscode-languageserver';
import * as path from 'node:path';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { CONFIG_FILE_NAME } from '../config/projectConfig';
import { diskFileSystem, Engine } from '../engine/engine';
import type { Finding } from '../engine/finding';
import { codeActionsFor, FIX_ALL_KIND } from './codeActions';
import { filePathToUri, uriToEnginePath } from './documentPaths';
import { findingToDiagnostic } from './findingToDiagnostic';
import { FolderPolicies } from './folderPolicies';
import { hoverFor } from './hover';
import { ruleDocLinks, type RuleDocLink } from './ruleDocLinks';
import { sanitizeSettings, SettingsCache } from './serverSettings';
import { scanWorkspace } from './workspaceScan';
import { SCAN_PROGRESS_NOTIFICATION, SCAN_WORKSPACE_REQUEST, WORKSPACE_DIAGNOSTICS_NOTIFICATION } from '$shared/lsp/workspaceScanProtocol';

export interface ServerOptions {
  /** Folder with tree-sitter.wasm and tree-sitter-go.wasm; defaults to the engine's lookup. */
  wasmDirectory?: string;
}

const PUSH_DELAY_MS = 150;
/**
 * Text of the JS/TS documents whose syntax trees the server holds (about 15 MB of trees); the others keep their
 * findings and cross-file summaries and are parsed again when needed (an edit, a neighbour's change, a fix).
 */
const JS_TREE_BUDGET_CHARS = 300_000;
/**
 * Go source whose analysed syntax trees the server keeps (about 5 MB of trees, the document being edited and a few
 * neighbours): a tree is only reused when a file is analysed again at the same version, and the facts that
 * neighbours need are kept without it. The engine's default (600k characters) suits a CLI scan.
 */
export const GO_TREE_BUDGET_CHARS = 100_000;

/**
 * The Socket Lens language server on a given connection: document sync, diagnostics (pulled when
 * the client supports it, pushed otherwise), code actions, hover. All analysis is the engine's.
 */
export function createServer(connection: Connection, options: ServerOptions = {}): void {
  const documents = new TextDocuments(TextDocument);
  const settings = new SettingsCache(connection);
  let engine: Engine | undefined;
  let pullDiagnostics = false;
  let refreshSupport = false;
  let watchedFilesRegistration = false;
  let workspaceFolderEvents = false;
  const pushTimers = new Map<string, NodeJS.Timeout>();
  let diskVersion = 0;

  const log = (message: string) => connection.console.log(`[socket-lens] ${message}`);
  const policies = new FolderPolicies((message) => {
    log(message);
    void connection.sendNotification(ShowMessageNotification.type, { type: MessageType.Warning, message });
  });
  let docLink: RuleDocLink = ruleDocLinks();
  /** The version of each document last analysed (and logged) since the configuration last changed. */
  const analysedVersion = new Map<string, number>();

  connection.onInitialize(async (params): Promise<InitializeResult> => {
    const caps = params.capabilities;
    settings.supportsConfiguration = !!caps.workspace?.configuration;
    settings.global = sanitizeSettings(params.initializationOptions?.settings);
    pullDiagnostics = !!caps.textDocument?.diagnostic;
    refreshSupport = !!caps.workspace?.diagnostics?.refreshSupport;
    watchedFilesRegistration = !!caps.workspace?.didChangeWatchedFiles?.dynamicRegistration;
    const folders = params.workspaceFolders ?? (params.rootUri ? [{ uri: params.rootUri, name: '' }] : []);
    policies.setFolders(folders.filter((f) => f.uri.startsWith('file:')).map((f) => uriToEnginePath(f.uri)));
    workspaceFolderEvents = !!caps.workspace?.workspaceFolders;
    docLink = ruleDocLinks(params.initializationOptions?.openRuleDocCommand);
    const started = Date.now();
    const roots = (params.workspaceFolders ?? []).map((f) => f.uri).filter((u) => u.startsWith('file:')).map((u) => uriToEnginePath(u));
    engine = await Engine.create({
      wasmDirectory: options.wasmDirectory,
      roots,
      jsTreeBudgetChars: JS_TREE_BUDGET_CHARS,
      goTreeBudgetChars: GO_TREE_BUDGET_CHARS,
      // Never silent: every file not analysed or not indexed is logged; an open document's also shown.
      onNote: (note) => {
        log(`${note.path}: ${note.reason}`);
        if (note.reason.startsWith('not analysed') && openDocumentFor(note.path)) {
          const message = `Socket Lens: ${path.basename(note.path)} ${note.reason}`;
          void connection.sendNotification(ShowMessageNotification.type, { type: MessageType.Info, message });
        }
      },
    });
    const client = params.clientInfo ? `${params.clientInfo.name} ${params.clientInfo.version ?? ''}`.trim() : 'an unnamed client';
    log(`server started for ${client} (Node ${process.versions.node}, pid ${process.pid}); engine ready in ${Date.now() - started} ms`);
    log(`diagnostics are ${pullDiagnostics ? 'pulled' : 'pushed'}; settings ${settings.supportsConfiguration ? 'are read per folder' : 'come from the client'}`);
    return {
      capabilities: {
        ...(workspaceFolderEvents ? { workspace: { workspaceFolders: { supported: true, changeNotifications: true } } } : {}),
        textDocumentSync: { openClose: true, change: TextDocumentSyncKind.Incremental },
        codeActionProvider: { codeActionKinds: ['quickfix', FIX_ALL_KIND] },
        hoverProvider: true,
        ...(pullDiagnostics
          ? { diagnosticProvider: { identifier: 'socket-lens', interFileDependencies: true, workspaceDiagnostics: false } }
          : {}),
      },
      serverInfo: { name: 'socket-lens' },
    };
  });

  connection.onInitialized(() => {
    if (watchedFilesRegistration) {
      void connection.client.register(DidChangeWatchedFilesNotification.type, {
        watchers: [{ globPattern: '**/*.{go,js,mjs,cjs,jsx,ts,mts,cts,tsx}' }, { globPattern: `**/${CONFIG_FILE_NAME}` }],
      });
    }
    if (workspaceFolderEvents) {
      connection.workspace.onDidChangeWorkspaceFolders(({ added, removed }) => {
        const gone = new Set(removed.map((f) => uriToEnginePath(f.uri)));
        const kept = policies.workspaceFolders.filter((f) => !gone.has(f));
        policies.setFolders([...kept, ...added.filter((f) => f.uri.startsWith('file:')).map((f) => uriToEnginePath(f.uri))]);
        refreshAll();
      });
    }
  });

  connection.onDidChangeConfiguration((change) => {
    settings.forget();
    analysedVersion.clear();
    log('configuration changed: re-analysing open documents');
    if (!settings.supportsConfiguration) settings.global = sanitizeSettings(change.settings?.socketLens);
    refreshAll();
  });

  /** Findings for an open document at its current version (the engine caches per version). */
  async function findingsFor(doc: TextDocument): Promise<Finding[]> {
    if (!engine) return [];
    const s = await settings.get(doc.uri);
    const fresh = analysedVersion.get(doc.uri) !== doc.version;
    if (fresh && !analysedVersion.has(doc.uri)) log(`settings for ${doc.uri}: ${JSON.stringify(s)}`);
    analysedVersion.set(doc.uri, doc.version);
    if (!s.enable) return [];
    const filePath = uriToEnginePath(doc.uri, doc.languageId);
    const onDisk = doc.uri.startsWith('file:');
    const policy = policies.policyFor(filePath, s, onDisk);
    // Excluded files and (unless the config includes them) test files get no diagnostics, as in the CLI.
    if (onDisk && !policy.includes(filePath)) return [];
    const started = performance.now();
    try {
      engine.update(filePath, doc.getText(), doc.version);
      const { settings: rules, options: analysis, reporting } = policy.filePolicy;
      const findings = engine.analyze(filePath, rules, analysis, reporting);
      const ms = (performance.now() - started).toFixed(1);
      if (fresh) log(`analysed ${doc.uri} (version ${doc.version}, ${doc.lineCount} lines): ${findings.length} finding(s) in ${ms} ms`);
      return findings;
    } catch (err) {
      connection.console.error(`[socket-lens] analysis of ${doc.uri} failed: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}`);
      throw err;
    }
  }

  function diagnosticsOf(doc: TextDocument, findings: readonly Finding[]) {
    return findings.map((f) => findingToDiagnostic(f, docLink, doc));
  }

  function openDocumentFor(filePath: string): TextDocument | undefined {
    return documents.get(filePathToUri(filePath)) ?? documents.all().find((d) => uriToEnginePath(d.uri, d.languageId) === filePath);
  }

  function schedulePush(doc: TextDocument): void {
    if (pullDiagnostics) return;
    clearTimeout(pushTimers.get(doc.uri));
    pushTimers.set(
      doc.uri,
      setTimeout(() => {
        pushTimers.delete(doc.uri);
        const current = documents.get(doc.uri);
        if (!current) return;
        findingsFor(current)
          .then((findings) =>
            connection.sendDiagnostics({ uri: current.uri, version: current.version, diagnostics: diagnosticsOf(current, findings) }),
          )
          .catch((err) => log(`diagnostics for ${current.uri} failed: ${err}`));
      }, PUSH_DELAY_MS),
    );
  }

  /** Other open documents whose findings may have changed need fresh diagnostics. */
  function refreshDependents(affectedPaths: readonly string[]): void {
    const docs = affectedPaths.map(openDocumentFor).filter((d): d is TextDocument => !!d);
    if (docs.length === 0) return;
    if (pullDiagnostics) {
      if (refreshSupport) void connection.languages.diagnostics.refresh();
    } else docs.forEach(schedulePush);
  }

  function refreshAll(): void {
    if (pullDiagnostics) {
      if (refreshSupport) void connection.languages.diagnostics.refresh();
    } else documents.all().forEach(schedulePush);
  }

  documents.onDidChangeContent(({ document }) => {
    if (!engine) return;
    const filePath = uriToEnginePath(document.uri, document.languageId);
    if (!engine.handles(filePath)) return;
    const affected = engine.update(filePath, document.getText(), document.version);
    schedulePush(document);
    refreshDependents(affected.slice(1));
  });

  documents.onDidClose(({ document }) => {
    analysedVersion.delete(document.uri);
    clearTimeout(pushTimers.get(document.uri));
    if (!pullDiagnostics) connection.sendDiagnostics({ uri: document.uri, diagnostics: [] });
    if (!engine) return;
    // Fall back to the text on disk, which the rest of the package now sees.
    const filePath = uriToEnginePath(document.uri, document.languageId);
    const disk = document.uri.startsWith('file:') ? diskFileSystem.readFile(filePath) : undefined;
    const affected = disk === undefined ? engine.remove(filePath) : engine.update(filePath, disk, --diskVersion);
    refreshDependents(affected);
  });

  connection.onDidChangeWatchedFiles(({ changes }) => {
    if (!engine) return;
    const affected: string[] = [];
    if (changes.some((c) => c.uri.startsWith('file:') && path.basename(uriToEnginePath(c.uri)) === CONFIG_FILE_NAME)) {
      policies.forget();
      refreshAll();
    }
    for (const change of changes) {
      if (documents.get(change.uri)) continue; // the editor's text wins over the disk
      const filePath = uriToEnginePath(change.uri);
      if (!engine.handles(filePath)) continue;
      const disk = change.type === FileChangeType.Deleted ? undefined : diskFileSystem.readFile(filePath);
      affected.push(...(disk === undefined ? engine.remove(filePath) : engine.update(filePath, disk, --diskVersion)));
    }
    refreshDependents(affected);
  });

  connection.languages.diagnostics.on(async (params) => {
    const doc = documents.get(params.textDocument.uri);
    return { kind: 'full', items: doc ? diagnosticsOf(doc, await findingsFor(doc)) : [] };
  });

  connection.onCodeAction(async (params) => {
    const doc = documents.get(params.textDocument.uri);
    return doc ? codeActionsFor(doc, params, await findingsFor(doc)) : [];
  });

  connection.onHover(async (params) => {
    const doc = documents.get(params.textDocument.uri);
    return doc ? hoverFor(doc, params.position, await findingsFor(doc), docLink) : null;
  });

  let scanRunning = false;
  connection.onRequest(SCAN_WORKSPACE_REQUEST, async (_params: unknown, token) => {
    if (!engine) throw new Error('the server is not initialised');
    if (scanRunning) throw new Error('a workspace scan is already running');
    scanRunning = true;
    try {
      return await scanWorkspace(
        {
          engine,
          policies,
          settingsFor: (uri) => settings.get(uri),
          isOpen: (filePath) => openDocumentFor(filePath) !== undefined,
          docLink,
          sendDiagnostics: (params) => void connection.sendNotification(WORKSPACE_DIAGNOSTICS_NOTIFICATION, params),
          sendProgress: (params) => void connection.sendNotification(SCAN_PROGRESS_NOTIFICATION, params),
        },
        token,
      );
    } finally {
      scanRunning = false;
    }
  });

  documents.listen(connection);
  connection.listen();
}
