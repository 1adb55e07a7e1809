import * as path from 'node:path';
import type { Parser } from 'web-tree-sitter';
import type { Finding, Fix } from '../finding';
import type { AnalysisOptions, FileSystemView, FrontEnd } from '../frontEnd';
import { GoFileContext } from './goFileContext';
import { extractFacts, type GoFileFacts } from './goFileFacts';
import { GoModuleIndex } from './goModule';
import { GoPackageSummary } from './goPackageSummary';
import { loadGoParser } from './goParser';
import { GO_RULE_LIST } from './goRuleList';
import { runRules } from '../runRules';
import { parseGo, type GoTree } from './goTree';

export interface GoFrontEndOptions {
  fileSystem: FileSystemView;
  wasmDirectory?: string;
}

interface FileState {
  version: number;
  /** Given by the editor/CLI (overrides disk) rather than read from disk for the package index. */
  open: boolean;
  /** The text of an open file (the same string the engine holds, not a copy). */
  text?: string;
  /** Syntax tree of an open file, kept for the most recently used files only (see TREE_CACHE_SIZE). */
  tree?: GoTree;
  facts: GoFileFacts;
}

/**
 * How many syntax trees stay in memory. A tree costs about 1.5 KB per source line; the package
 * index only needs the facts. A file whose tree was dropped is parsed again if a change elsewhere
 * in its package makes the engine re-analyse the same version.
 */
const TREE_CACHE_SIZE = 64;

interface PackageState {
  dir: string;
  files: Map<string, FileState>;
  indexedFromDisk: boolean;
  summaries: Map<string, GoPackageSummary>;
}

/**
 * The Go front-end. Keeps one index per package directory: per-file facts (function summaries,
 * call sites) for every .go file of the directory, trees only for files given to `update`.
 * A file is parsed once per version; the package summary is rebuilt lazily after a change.
 */
export class GoFrontEnd implements FrontEnd {
  readonly name = 'go';
  readonly crossFileScope = 'directory';
  private readonly packages = new Map<string, PackageState>();
  private readonly modules: GoModuleIndex;

  constructor(private readonly parser: Parser, private readonly fileSystem: FileSystemView) {
    this.modules = new GoModuleIndex(fileSystem);
  }

  handles(p: string): boolean {
    return p.endsWith('.go');
  }

  update(filePath: string, text: string, version: number): string[] {
    const pkg = this.packageOf(filePath);
    const before = pkg.files.get(filePath);
    const tree = parseGo(this.parser, text);
    const facts = safeFacts(tree);
    const state: FileState = { version, open: true, text, tree, facts };
    pkg.files.set(filePath, state);
    this.keepTree(filePath, state);
    pkg.summaries.clear();
    if (before?.open && sameFacts(before.facts, facts)) return [];
    return [...this.openSiblings(pkg, filePath), ...this.openDependants(pkg)];
  }

  remove(filePath: string): string[] {
    const pkg = this.packages.get(path.dirname(filePath));
    if (!pkg) return [];
    pkg.files.delete(filePath);
    this.treeOrder.delete(filePath);
    // Fall back to the disk copy for the package index, if there is one.
    const disk = this.fileSystem.readFile(filePath);
    if (disk !== undefined) pkg.files.set(filePath, { version: -1, open: false, facts: safeFacts(parseGo(this.parser, disk)) });
    pkg.summaries.clear();
    return [...this.openSiblings(pkg, filePath), ...this.openDependants(pkg)];
  }

  analyze(filePath: string, _options: AnalysisOptions): Finding[] {
    const pkg = this.packages.get(path.dirname(filePath));
    const file = pkg?.files.get(filePath);
    if (!pkg || !file?.open || file.text === undefined) return [];
    if (!file.tree) file.tree = parseGo(this.parser, file.text);
    this.keepTree(filePath, file);
    const summary = this.summaryFor(pkg, file.facts.packageName);
    const ctx = new GoFileContext(filePath, file.tree, summary, (importPath) => this.moduleSummary(pkg.dir, importPath));
    // Fixes are written with \n; a file with Windows line endings gets \r\n in what is inserted.
    const crlf = /\r\n/.test(file.text.slice(0, 4096));
    const seen = new Set<string>();
    const findings = runRules(GO_RULE_LIST, ctx, ctx.lines, filePath)
      .filter((f) => !seen.has(`${f.rule}:${f.start}`) && seen.add(`${f.rule}:${f.start}`))
      .map((f) => (crlf && f.fixes.length ? { ...f, fixes: f.fixes.map(withCrlf) } : f));
    return findings.sort((a, b) => a.start - b.start || a.rule.localeCompare(b.rule));
  }

  /** Files holding a tree, least recently used first. */
  private readonly treeOrder = new Map<string, FileState>();

  private keepTree(filePath: string, state: FileState): void {
    this.treeOrder.delete(filePath);
    this.treeOrder.set(filePath, state);
    while (this.treeOrder.size > TREE_CACHE_SIZE) {
      const [oldest, oldState] = this.treeOrder.entries().next().value as [string, FileState];
      oldState.tree = undefined;
      this.treeOrder.delete(oldest);
    }
  }

  private packageOf(filePath: string): PackageState {
    const dir = path.dirname(filePath);
    let pkg = this.packages.get(dir);
    if (!pkg) {
      pkg = { dir, files: new Map(), indexedFromDisk: false, summaries: new Map() };
      this.packages.set(dir, pkg);
    }
    return pkg;
  }

  /**
   * Reads the package's other files from disk, once, the first time a summary is needed (not on
   * update: a CLI scan gives every file first, so nothing is parsed twice).
   */
  private indexFromDisk(pkg: PackageState): void {
    if (pkg.indexedFromDisk) return;
    pkg.indexedFromDisk = true;
    for (const sibling of this.fileSystem.listDirectory(pkg.dir)) {
      if (!sibling.endsWith('.go') || pkg.files.has(sibling)) continue;
      const text = this.fileSystem.readFile(sibling);
      if (text === undefined) continue;
      pkg.files.set(sibling, { version: -1, open: false, facts: safeFacts(parseGo(this.parser, text)) });
    }
  }

  private summaryFor(pkg: PackageState, packageName: string): GoPackageSummary {
    this.indexFromDisk(pkg);
    let s = pkg.summaries.get(packageName);
    if (!s) {
      const facts = [...pkg.files.values()].map((f) => f.facts).filter((f) => f.packageName === packageName);
      s = new GoPackageSummary(packageName, facts);
      pkg.summaries.set(packageName, s);
    }
    return s;
  }

  /**
   * The summary of another package of the same Go module (found through go.mod), indexed from disk the first
   * time it is needed and kept until one of its files changes. Undefined outside the module: unknown code.
   */
  private moduleSummary(fromDir: string, importPath: string): GoPackageSummary | undefined {
    const dir = this.modules.directoryOf(fromDir, importPath);
    if (!dir || dir === fromDir) return undefined;
    let pkg = this.packages.get(dir);
    if (!pkg) {
      pkg = { dir, files: new Map(), indexedFromDisk: false, summaries: new Map() };
      this.packages.set(dir, pkg);
    }
    this.indexFromDisk(pkg);
    const name = [...pkg.files.entries()].find(([p, f]) => !p.endsWith('_test.go') && f.facts.packageName)?.[1].facts.packageName;
    return name ? this.summaryFor(pkg, name) : undefined;
  }

  /** Open files of other packages that import this one (their findings can use its summary). */
  private openDependants(pkg: PackageState): string[] {
    const importPath = this.modules.importPathOf(pkg.dir);
    if (!importPath) return [];
    const out: string[] = [];
    for (const other of this.packages.values()) {
      if (other === pkg) continue;
      for (const [p, f] of other.files) if (f.open && f.facts.importPaths?.includes(importPath)) out.push(p);
    }
    return out;
  }

  private openSiblings(pkg: PackageState, filePath: string): string[] {
    return [...pkg.files.entries()].filter(([p, f]) => p !== filePath && f.open).map(([p]) => p);
  }
}

function withCrlf(fix: Fix): Fix {
  return { ...fix, edits: fix.edits.map((e) => ({ ...e, newText: e.newText.replace(/\r?\n/g, '\r\n') })) };
}

function safeFacts(tree: GoTree): GoFileFacts {
  try {
    return extractFacts(tree);
  } catch (err) {
    console.error(`socket-lens: Go summary failed: ${(err as Error)?.stack ?? err}`);
    return { packageName: '', importPaths: [], functions: [], callSites: [], valueRefs: new Set(), clientFields: new Set(), clientVars: new Set(), topLevelNames: new Set(), packageVars: new Set() };
  }
}

/** Facts equal: other files' findings cannot change (typing inside a function body usually keeps them). */
function sameFacts(a: GoFileFacts, b: GoFileFacts): boolean {
  return JSON.stringify(a, setReplacer) === JSON.stringify(b, setReplacer);
}

function setReplacer(_key: string, value: unknown): unknown {
  return value instanceof Set ? [...value].sort() : value;
}

export async function createGoFrontEnd(options: GoFrontEndOptions): Promise<FrontEnd> {
  const parser = await loadGoParser(options.wasmDirectory);
  return new GoFrontEnd(parser, options.fileSystem);
}
