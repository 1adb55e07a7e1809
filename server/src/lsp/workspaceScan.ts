import * as fs from 'node:fs';
import * as path from 'node:path';
import type { CancellationToken } from 'vscode-languageserver';
import { collectSourceFiles } from '../cli/collectSourceFiles';
import { MAX_ANALYSED_CHARS } from '../engine/analysisBudget';
import type { Engine } from '../engine/engine';
import { isInside, readSourceFile } from '../engine/safeFileSystem';
import { filePathToUri } from './documentPaths';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { findingToDiagnostic } from './findingToDiagnostic';
import type { RuleDocLink } from './ruleDocLinks';
import type { FolderPolicies } from './folderPolicies';
import type { ServerSettings } from './serverSettings';
import type { ScanProgressParams, ScanWorkspaceResult, WorkspaceDiagnosticsParams } from '$shared/lsp/workspaceScanProtocol';

/** Limits that keep a scan of a huge workspace from exhausting the server. */
export const WORKSPACE_SCAN_LIMITS = { maxFiles: 20_000, maxFileBytes: MAX_ANALYSED_CHARS, maxLoadedBytes: 64_000_000, batchSize: 25 };

export interface WorkspaceScanDeps {
  engine: Engine;
  policies: FolderPolicies;
  settingsFor(uri: string): Promise<ServerSettings>;
  /** Open documents: their diagnostics come from the editor's own requests, and their text stays in the engine. */
  isOpen(filePath: string): boolean;
  /** Where a diagnostic's rule link points (as for open documents). */
  docLink: RuleDocLink;
  sendDiagnostics(params: WorkspaceDiagnosticsParams): void;
  sendProgress(params: ScanProgressParams): void;
}

const yieldToEvents = () => new Promise<void>((resolve) => setImmediate(resolve));

/**
 * Scans every workspace folder as `socket-lens scan` would (same config, excludes and test-file rule), sending
 * diagnostics for files that are not open. Bounded in memory: Go files are loaded a directory at a time and
 * dropped after analysis; JS/TS files (whose findings can depend on any other) are loaded up to a byte budget.
 * Checks for cancellation between files.
 */
export async function scanWorkspace(deps: WorkspaceScanDeps, token: CancellationToken): Promise<ScanWorkspaceResult> {
  const { engine, policies } = deps;
  const result: ScanWorkspaceResult = { files: 0, filesWithFindings: 0, findings: 0, skipped: 0, cancelled: false };
  const files: string[] = [];
  for (const folder of policies.workspaceFolders) {
    const settings = await deps.settingsFor(filePathToUri(folder));
    if (!settings.enable) continue;
    const notScanned = () => result.skipped++;
    const found = collectSourceFiles([folder], (p) => engine.handles(p), notScanned, (p, { isDirectory }) => {
      const policy = policies.policyFor(p, settings, true);
      return isDirectory ? !policy.isExcluded(p) : policy.includes(p);
    });
    files.push(...found.filter((f) => policies.folderOf(f) === folder));
    if (token.isCancellationRequested) return { ...result, cancelled: true };
  }
  if (files.length > WORKSPACE_SCAN_LIMITS.maxFiles) {
    result.skipped += files.length - WORKSPACE_SCAN_LIMITS.maxFiles;
    files.length = WORKSPACE_SCAN_LIMITS.maxFiles;
  }

  // Directory-scoped files (Go) a directory at a time; the others all loaded first, then analysed.
  const groups = new Map<string, string[]>();
  const projectScoped: string[] = [];
  for (const file of files) {
    if (engine.crossFileScope(file) === 'project') projectScoped.push(file);
    else groups.set(path.dirname(file), [...(groups.get(path.dirname(file)) ?? []), file]);
  }
  const loadedHere = new Set<string>();
  const load = (file: string): boolean => {
    if (deps.isOpen(file)) return true;
    // Regular files only, never blocking, at most maxFileBytes; links are not followed out of the folder.
    const folder = deps.policies.folderOf(file);
    const read = readSourceFile(file, WORKSPACE_SCAN_LIMITS.maxFileBytes, (target) => folder !== undefined && isInside(target, [folder]));
    if (!read.ok) return false;
    engine.update(file, read.text, -1);
    loadedHere.add(file);
    return true;
  };
  const unload = (file: string) => {
    if (loadedHere.delete(file)) engine.remove(file);
  };

  const pending: WorkspaceDiagnosticsParams['items'] = [];
  let done = 0;
  let lastProgress = 0;
  const flush = () => {
    if (pending.length > 0) deps.sendDiagnostics({ items: pending.splice(0) });
  };
  const analyse = async (file: string) => {
    const settings = await deps.settingsFor(filePathToUri(file));
    const { settings: rules, options, reporting } = deps.policies.policyFor(file, settings, true).filePolicy;
    const findings = engine.analyze(file, rules, options, reporting);
    result.files++;
    if (findings.length > 0 && !deps.isOpen(file)) {
      result.filesWithFindings++;
      result.findings += findings.length;
      const uri = filePathToUri(file);
      const doc = TextDocument.create(uri, '', 0, engine.textOf(file) ?? '');
      pending.push({ uri, diagnostics: findings.map((f) => findingToDiagnostic(f, deps.docLink, doc)) });
    }
    done++;
    if (pending.length >= WORKSPACE_SCAN_LIMITS.batchSize) flush();
    if (Date.now() - lastProgress > 200 || done === files.length) {
      lastProgress = Date.now();
      deps.sendProgress({ done, total: files.length });
    }
  };

  try {
    for (const group of groups.values()) {
      const loaded = group.filter(load);
      result.skipped += group.length - loaded.length;
      for (const file of loaded) {
        if (token.isCancellationRequested) return { ...result, cancelled: true };
        await analyse(file);
        await yieldToEvents();
      }
      loaded.forEach(unload);
    }
    let budget = WORKSPACE_SCAN_LIMITS.maxLoadedBytes;
    const loaded: string[] = [];
    for (const file of projectScoped) {
      if (token.isCancellationRequested) return { ...result, cancelled: true };
      const size = deps.isOpen(file) ? 0 : safeSize(file);
      if (size > budget || !load(file)) {
        result.skipped++;
        continue;
      }
      budget -= size;
      loaded.push(file);
      if (loaded.length % 50 === 0) await yieldToEvents();
    }
    for (const file of loaded) {
      if (token.isCancellationRequested) return { ...result, cancelled: true };
      await analyse(file);
      await yieldToEvents();
    }
    return result;
  } finally {
    flush();
    [...loadedHere].forEach(unload);
  }
}

function safeSize(file: string): number {
  try {
    return fs.statSync(file).size;
  } catch {
    return Number.POSITIVE_INFINITY;
  }
}
