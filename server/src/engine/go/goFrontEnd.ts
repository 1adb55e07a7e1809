import * as path from 'node:path';
import type { Parser } from 'web-tree-sitter';
import type { Finding } from '../finding';
import type { AnalysisOptions, FileSystemView, FrontEnd } from '../frontEnd';
import { GoFileContext } from './goFileContext';
import { extractFacts, nameList, type GoFileFacts } from './goFileFacts';
import { responseAndClientNames } from './goHttpNames';
import { identifierMatcher, quotedPieces, scanGoText, type GoLexicalFacts } from './goLexicalTriggers';
import { GoModuleIndex } from './goModule';
import { GoPackageSummary } from './goPackageSummary';
import { loadGoParser } from './goParser';
import { GO_RULE_LIST } from './goRuleList';
import { runRules } from '../runRules';
import { parseGo, type GoTree } from './goTree';

export interface GoFrontEndOptions {
  fileSystem: FileSystemView;
  wasmDirectory?: string;
  /** See GoFrontEndTuning.treeBudgetChars. */
  treeBudgetChars?: number;
}

/** Switches for tests and measurements; the defaults are what the engine uses. */
export interface GoFrontEndTuning {
  /** Skip files the lexical triggers show cannot yield a finding (goLexicalTriggers.ts). Default true. */
  prefilter?: boolean;
  /** Source characters whose syntax trees stay cached once analysed (see TREE_BUDGET_CHARS). */
  treeBudgetChars?: number;
}

interface FileState {
  version: number;
  /** Given by the editor/CLI (overrides disk) rather than read from disk for the package index. */
  open: boolean;
  /** The text of an open file (the same string the engine holds, not a copy); disk files are read again when needed. */
  text?: string;
  /** What the text shows without a parse. */
  lexical: GoLexicalFacts;
  /** Syntax tree of an open file: kept until it is analysed, then within the cache budget. */
  tree?: GoTree;
  /** Computed when the package summary (or the comparison of two versions) needs them; a parse each. */
  facts?: GoFileFacts;
  /** Of an open file: the quoted pieces of its text that are import paths of packages of its module (a superset of its imports). */
  moduleImports?: readonly string[];
  /** The version `analyze` last ran on. A tree of an open file not yet analysed is not evicted. */
  analysedVersion?: number;
}

/**
 * How much source (in characters) the cached syntax trees may cover once their files are analysed: about what
 * the former 64 trees of typical files (300 lines) held. A tree costs about 1.5 KB per source line (~50 bytes
 * per character), so this is about 30 MB, whatever the size of the files. Trees of open files still waiting for
 * their analysis are kept whatever the budget, so that no file is parsed twice for one version; the package
 * index keeps facts, not trees.
 */
const TREE_BUDGET_CHARS = 600_000;

interface PackageState {
  dir: string;
  files: Map<string, FileState>;
  indexedFromDisk: boolean;
  summaries: Map<string, GoPackageSummary>;
  /** Response and client names declared by the package's net/http files (goHttpNames), with their matcher. */
  httpNames?: { names: Set<string>; mentioned: (text: string) => boolean };
}

/**
 * The Go front-end. Keeps one index per package directory: per-file lexical facts for every .go file of the
 * directory, per-file facts (function summaries, call sites) for the files a summary needed, trees only for
 * files given to `update` until they are analysed (and then within a memory budget). A file is parsed at most
 * once per version while its tree is cached; files that cannot yield a finding, in packages that need no
 * summary, are never parsed.
 */
export class GoFrontEnd implements FrontEnd {
  readonly name = 'go';
  readonly crossFileScope = 'directory';
  private readonly packages = new Map<string, PackageState>();
  private readonly modules: GoModuleIndex;
  private readonly prefilter: boolean;
  private readonly treeBudgetChars: number;
  /** Tree-sitter parses so far (for measurements and tests). */
  parses = 0;

  constructor(private readonly parser: Parser, private readonly fileSystem: FileSystemView, tuning: GoFrontEndTuning = {}) {
    this.modules = new GoModuleIndex(fileSystem);
    this.prefilter = tuning.prefilter ?? true;
    this.treeBudgetChars = tuning.treeBudgetChars ?? TREE_BUDGET_CHARS;
  }

  handles(p: string): boolean {
    return p.endsWith('.go');
  }

  update(filePath: string, text: string, version: number): string[] {
    const pkg = this.packageOf(filePath);
    const before = pkg.files.get(filePath);
    const state: FileState = { version, open: true, text, lexical: scanGoText(text), moduleImports: this.moduleImportsIn(pkg.dir, text) };
    this.dropTree(filePath);
    this.indexImports(filePath, before?.moduleImports, state.moduleImports);
    pkg.files.set(filePath, state);
    this.packageChanged(pkg);
    if (before?.open) {
      // An edit (not a first look, which parses nothing here): compare facts, so that typing inside a function
      // body re-analyses no sibling. The version before is parsed now only if nothing needed it yet.
      const previous = before.facts ?? safeFacts(this.parse(before.text ?? ''));
      if (sameFacts(previous, this.factsOf(pkg, filePath, state))) return [];
    }
    return [...this.openSiblings(pkg, filePath), ...this.openDependants(pkg)];
  }

  remove(filePath: string): string[] {
    const pkg = this.packages.get(path.dirname(filePath));
    if (!pkg) return [];
    this.indexImports(filePath, pkg.files.get(filePath)?.moduleImports, undefined);
    pkg.files.delete(filePath);
    this.dropTree(filePath);
    // Fall back to the disk copy for the package index, if there is one.
    const disk = this.fileSystem.readFile(filePath);
    if (disk !== undefined) pkg.files.set(filePath, { version: -1, open: false, lexical: scanGoText(disk) });
    this.packageChanged(pkg);
    return [...this.openSiblings(pkg, filePath), ...this.openDependants(pkg)];
  }

  analyze(filePath: string, _options: AnalysisOptions): Finding[] {
    const pkg = this.packages.get(path.dirname(filePath));
    const file = pkg?.files.get(filePath);
    if (!pkg || !file?.open || file.text === undefined) return [];
    if (!this.wantsAnalysis(pkg, file)) {
      this.analysed(filePath, file);
      return [];
    }
    const facts = this.factsOf(pkg, filePath, file);
    const summary = this.summaryFor(pkg, facts.packageName);
    const tree = file.tree ?? this.parse(file.text);
    this.analysed(filePath, file, tree);
    const ctx = new GoFileContext(filePath, tree, summary, (importPath) => this.moduleSummary(pkg.dir, importPath));
    // One finding per rule and node start (two walks may reach one node). Line endings in fixes, range checks and
    // exact duplicates are the engine's finishFindings, as for every front-end.
    const seen = new Set<string>();
    const findings = runRules(GO_RULE_LIST, ctx, ctx.lines, filePath).filter(
      (f) => !seen.has(`${f.rule}:${f.start}`) && seen.add(`${f.rule}:${f.start}`),
    );
    return findings.sort((a, b) => a.start - b.start || a.rule.localeCompare(b.rule));
  }

  /**
   * Whether the checks could report anything in this open file (goLexicalTriggers.ts, anchors 1–6): its own
   * text shows an anchor, it names a response or client source of its package, or it imports a package of
   * the module that declares such names and names one of them.
   */
  private wantsAnalysis(pkg: PackageState, file: FileState): boolean {
    if (!this.prefilter || file.lexical.mayReportAlone) return true;
    const text = file.text;
    if (text === undefined) return false;
    if (this.httpNamesOf(pkg).mentioned(text)) return true;
    for (const importPath of file.moduleImports ?? []) {
      const dir = this.modules.directoryOf(pkg.dir, importPath);
      if (!dir || dir === pkg.dir) continue;
      if (this.httpNamesOf(this.packageAt(dir)).mentioned(text)) return true;
    }
    return false;
  }

  /** Names the package's net/http files declare as response or client sources (goHttpNames), and a matcher. */
  private httpNamesOf(pkg: PackageState): NonNullable<PackageState['httpNames']> {
    if (pkg.httpNames) return pkg.httpNames;
    this.indexFromDisk(pkg);
    const names = new Set<string>();
    for (const [p, f] of pkg.files) {
      if (!f.lexical.importsNetHttp) continue;
      for (const name of responseAndClientNames(this.factsOf(pkg, p, f))) names.add(name);
    }
    pkg.httpNames = { names, mentioned: identifierMatcher(names) };
    return pkg.httpNames;
  }

  /**
   * The facts of a file, parsing it if they are not known yet. An open file's tree is kept when its analysis
   * is still to come and will need it; a file only on disk is read again (its lexical facts refreshed with it).
   */
  private factsOf(pkg: PackageState, filePath: string, file: FileState): GoFileFacts {
    if (file.facts) return file.facts;
    const text = file.text ?? this.fileSystem.readFile(filePath);
    if (text === undefined) return (file.facts = emptyFacts());
    if (file.text === undefined) file.lexical = scanGoText(text);
    const tree = this.parse(text);
    file.facts = safeFacts(tree);
    if (file.open && file.analysedVersion !== file.version && this.wantsAnalysis(pkg, file)) this.holdTree(filePath, file, tree);
    return file.facts;
  }

  private parse(text: string): GoTree {
    this.parses++;
    return parseGo(this.parser, text);
  }

  private packageChanged(pkg: PackageState): void {
    pkg.summaries.clear();
    pkg.httpNames = undefined;
  }

  // ---- Tree cache: files in least recently used order, bounded by the source characters they cover ----

  private readonly trees = new Map<string, FileState>();
  private treeChars = 0;

  private holdTree(filePath: string, file: FileState, tree: GoTree): void {
    this.dropTree(filePath);
    file.tree = tree;
    this.trees.set(filePath, file);
    this.treeChars += tree.text.length;
    this.evictTrees();
  }

  private dropTree(filePath: string): void {
    const held = this.trees.get(filePath);
    if (!held) return;
    this.treeChars -= held.tree?.text.length ?? 0;
    held.tree = undefined;
    this.trees.delete(filePath);
  }

  /** Marks a file analysed at its version; its tree (if any) becomes the most recently used, and evictable. */
  private analysed(filePath: string, file: FileState, tree?: GoTree): void {
    file.analysedVersion = file.version;
    if (tree) this.holdTree(filePath, file, tree);
    else this.evictTrees();
  }

  private evictTrees(): void {
    for (const [p, f] of this.trees) {
      if (this.treeChars <= this.treeBudgetChars) return;
      if (f.open && f.analysedVersion !== f.version) continue; // its analysis is still to come
      this.dropTree(p);
    }
  }

  private packageOf(filePath: string): PackageState {
    return this.packageAt(path.dirname(filePath));
  }

  private packageAt(dir: string): PackageState {
    let pkg = this.packages.get(dir);
    if (!pkg) {
      pkg = { dir, files: new Map(), indexedFromDisk: false, summaries: new Map() };
      this.packages.set(dir, pkg);
    }
    return pkg;
  }

  /**
   * Looks at the package's other files on disk, once, the first time the package is consulted (not on update:
   * a CLI scan gives every file first). Files importing net/http are parsed at once (every use of the index needs
   * their facts, see httpNamesOf); of the others only the lexical facts are kept, and a summary that needs their
   * facts reads them again.
   */
  private indexFromDisk(pkg: PackageState): void {
    if (pkg.indexedFromDisk) return;
    pkg.indexedFromDisk = true;
    for (const sibling of this.fileSystem.listDirectory(pkg.dir)) {
      if (!sibling.endsWith('.go') || pkg.files.has(sibling)) continue;
      const text = this.fileSystem.readFile(sibling);
      if (text === undefined) continue;
      const file: FileState = { version: -1, open: false, lexical: scanGoText(text) };
      if (file.lexical.importsNetHttp) file.facts = safeFacts(this.parse(text));
      pkg.files.set(sibling, file);
    }
  }

  private summaryFor(pkg: PackageState, packageName: string): GoPackageSummary {
    this.indexFromDisk(pkg);
    let s = pkg.summaries.get(packageName);
    if (!s) {
      const facts = [...pkg.files].map(([p, f]) => this.factsOf(pkg, p, f)).filter((f) => f.packageName === packageName);
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
    const pkg = this.packageAt(dir);
    this.indexFromDisk(pkg);
    const name = [...pkg.files].find(([p, f]) => !p.endsWith('_test.go') && this.factsOf(pkg, p, f).packageName)?.[1].facts?.packageName;
    return name ? this.summaryFor(pkg, name) : undefined;
  }

  /** Open files of other packages that import this one (their findings can use its summary). */
  private openDependants(pkg: PackageState): string[] {
    const importPath = this.modules.importPathOf(pkg.dir);
    if (!importPath) return [];
    return [...(this.importers.get(importPath) ?? [])].filter((p) => path.dirname(p) !== pkg.dir);
  }

  /** Quoted pieces of the text that name a package of the module around `dir` (anchor 6, and the dependants index). */
  private moduleImportsIn(dir: string, text: string): readonly string[] {
    if (!this.modules.moduleOf(dir)) return [];
    return [...quotedPieces(text)].filter((p) => this.modules.directoryOf(dir, p) !== undefined);
  }

  /** Open files by the module import paths their text quotes: who may depend on a package (openDependants). */
  private readonly importers = new Map<string, Set<string>>();

  private indexImports(filePath: string, before: readonly string[] | undefined, after: readonly string[] | undefined): void {
    for (const p of before ?? []) {
      const set = this.importers.get(p);
      set?.delete(filePath);
      if (set?.size === 0) this.importers.delete(p);
    }
    for (const p of after ?? []) {
      let set = this.importers.get(p);
      if (!set) this.importers.set(p, (set = new Set()));
      set.add(filePath);
    }
  }

  private openSiblings(pkg: PackageState, filePath: string): string[] {
    return [...pkg.files.entries()].filter(([p, f]) => p !== filePath && f.open).map(([p]) => p);
  }
}

function safeFacts(tree: GoTree): GoFileFacts {
  try {
    return extractFacts(tree);
  } catch (err) {
    console.error(`socket-lens: Go summary failed: ${(err as Error)?.stack ?? err}`);
    return emptyFacts();
  }
}

function emptyFacts(): GoFileFacts {
  const names = () => nameList(new Set());
  return {
    packageName: '',
    importPaths: [],
    functions: [],
    callSites: [],
    valueRefs: names(),
    clientFields: names(),
    clientVars: names(),
    topLevelNames: names(),
    packageVars: names(),
  };
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
  return new GoFrontEnd(parser, options.fileSystem, { treeBudgetChars: options.treeBudgetChars });
}
