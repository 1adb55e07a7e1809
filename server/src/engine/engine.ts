import * as fs from 'fs';
import * as path from 'path';
import type { Confidence, Finding } from './finding';
import type { AnalysisOptions, FileSystemView, FrontEnd } from './frontEnd';
import { createGoFrontEnd } from './go/goFrontEnd';
import { dropHandledCalls, handledDirectiveNames } from './handledCallees';
import { createJsFrontEnd } from './js/jsFrontEnd';
import { applyMinConfidence, applyRuleSettings, type RuleSettings } from './ruleSettings';
import { checkSuppressions, parseSuppressionDirectives, type SuppressionDirective } from './suppression';
import { LineIndex } from './textPositions';

export const diskFileSystem: FileSystemView = {
  readFile(p) {
    try {
      return fs.readFileSync(p, 'utf8');
    } catch {
      return undefined;
    }
  },
  listDirectory(dir) {
    try {
      return fs.readdirSync(dir).map((name) => path.join(dir, name));
    } catch {
      return [];
    }
  },
};

/** A file for `Engine.scan`. */
export interface ScanSource {
  path: string;
  text: string;
}

export interface EngineOptions {
  fileSystem?: FileSystemView;
  /** Folder holding tree-sitter.wasm and tree-sitter-go.wasm (defaults to where they are found). */
  wasmDirectory?: string;
}

/** What the engine reports beyond the front-ends' findings (not seen by the front-ends). */
export interface ReportingOptions {
  /** `high` drops medium-confidence findings. */
  minConfidence?: Confidence;
  /** Report suppression comments that silence nothing (`unused-suppression`). */
  reportUnusedSuppressions?: boolean;
}

/** Everything that decides a file's findings: the CLI and the language server build it from the same config. */
export interface FilePolicy {
  settings: RuleSettings;
  options: AnalysisOptions;
  reporting: ReportingOptions;
}

interface Entry {
  text: string;
  version: number;
  /** Functions this text marks `//socketlens:handled`. */
  handledNames: string[];
  lines?: LineIndex;
  /** The text's suppression comments, parsed once. */
  directives?: SuppressionDirective[];
  /** Findings before settings, cached for one (version, options) pair. */
  raw?: { version: number; optionsKey: string; findings: Finding[] };
}

/**
 * The analysis engine: the one entry point the language server, the CLI and the tests use.
 * It routes files to the language front-ends, caches results per document version, and applies
 * suppression comments and rule settings. No LSP or VS Code types.
 */
export class Engine {
  private readonly entries = new Map<string, Entry>();
  /** How many loaded files mark each function name `//socketlens:handled`. */
  private readonly handledDirectives = new Map<string, number>();
  /** Per directory (of directory-scoped front-ends): names marked handled in its files not loaded, read from disk once. */
  private readonly diskHandled = new Map<string, string[]>();
  /** During `scanWith`: names marked handled in any of the scan's files, loaded or not yet (order does not matter). */
  private scanHandled: readonly string[] = [];

  private constructor(
    private readonly frontEnds: readonly FrontEnd[],
    private readonly fileSystem: FileSystemView,
  ) {}

  static async create(options: EngineOptions = {}): Promise<Engine> {
    const fileSystem = options.fileSystem ?? diskFileSystem;
    const go = await createGoFrontEnd({ fileSystem, wasmDirectory: options.wasmDirectory });
    const js = createJsFrontEnd({ fileSystem });
    return new Engine([go, js], fileSystem);
  }

  handles(filePath: string): boolean {
    return this.frontEndFor(filePath) !== undefined;
  }

  /** Which files a file's findings can depend on (see FrontEnd.crossFileScope), or undefined when no front-end handles it. */
  crossFileScope(filePath: string): 'directory' | 'project' | undefined {
    return this.frontEndFor(filePath)?.crossFileScope;
  }

  /** Sets a file's text. Returns every path whose findings may have changed, this one first. */
  update(filePath: string, text: string, version: number): string[] {
    const frontEnd = this.frontEndFor(filePath);
    if (!frontEnd) return [];
    const entry = this.entries.get(filePath);
    if (entry && entry.version === version && entry.text === text) return [];
    if (entry) this.countHandled(entry.handledNames, -1);
    else this.diskHandled.delete(path.dirname(filePath));
    const handledNames = handledDirectiveNames(text);
    this.countHandled(handledNames, 1);
    this.entries.set(filePath, { text, version, handledNames });
    const affected = frontEnd.update(filePath, text, version);
    this.invalidate(affected);
    return [filePath, ...affected.filter((p) => p !== filePath)];
  }

  remove(filePath: string): string[] {
    const frontEnd = this.frontEndFor(filePath);
    if (!frontEnd) return [];
    const entry = this.entries.get(filePath);
    if (entry) this.countHandled(entry.handledNames, -1);
    this.entries.delete(filePath);
    this.diskHandled.delete(path.dirname(filePath));
    const affected = frontEnd.remove(filePath);
    this.invalidate(affected);
    return affected;
  }

  /**
   * Findings for a file given to `update`, with handled functions, suppressions, rule settings and the minimum
   * confidence applied, followed by findings about the file's suppression comments.
   */
  analyze(filePath: string, settings: RuleSettings = {}, options: AnalysisOptions = {}, reporting: ReportingOptions = {}): Finding[] {
    const frontEnd = this.frontEndFor(filePath);
    const entry = this.entries.get(filePath);
    if (!frontEnd || !entry) return [];
    const optionsKey = JSON.stringify(options);
    if (!entry.raw || entry.raw.version !== entry.version || entry.raw.optionsKey !== optionsKey) {
      let findings: Finding[];
      try {
        findings = frontEnd.analyze(filePath, options);
      } catch (err) {
        // A front-end bug must never take the server down; report nothing for this version.
        console.error(`socket-lens: ${frontEnd.name} analysis of ${filePath} failed: ${(err as Error)?.stack ?? err}`);
        findings = [];
      }
      entry.raw = { version: entry.version, optionsKey, findings };
    }
    entry.lines ??= new LineIndex(entry.text);
    const handled = new Set([...(options.handled ?? []), ...this.handledDirectives.keys(), ...this.scanHandled, ...this.handledOnDisk(filePath, frontEnd)]);
    const raw = dropHandledCalls(entry.raw.findings, entry.text, handled);
    entry.directives ??= parseSuppressionDirectives(entry.lines);
    const { kept, directiveFindings } = checkSuppressions(raw, entry.lines, reporting.reportUnusedSuppressions, entry.directives);
    const findings = applyMinConfidence(applyRuleSettings(kept, settings), reporting.minConfidence);
    return [...findings, ...applyRuleSettings(directiveFindings, settings)];
  }

  /**
   * Analyses many files as a scan does, parsing each once. Files of front-ends whose findings can depend on
   * any file are all loaded before any is analysed; files of directory-scoped front-ends (Go) are loaded and
   * analysed a directory at a time, while their syntax trees are still cached. Returns findings per path,
   * in the order given.
   */
  scan(sources: readonly ScanSource[], settings: RuleSettings = {}, options: AnalysisOptions = {}): Map<string, Finding[]> {
    return this.scanWith(sources, () => ({ settings, options, reporting: {} }));
  }

  /** `scan`, with the settings of each file chosen by `policyFor` (files under different socket-lens.json files). */
  scanWith(sources: readonly ScanSource[], policyFor: (filePath: string) => FilePolicy): Map<string, Finding[]> {
    const analyze = (p: string) => {
      const policy = policyFor(p);
      return this.analyze(p, policy.settings, policy.options, policy.reporting);
    };
    this.scanHandled = sources.flatMap((s) => handledDirectiveNames(s.text));
    try {
      return this.scanInOrder(sources, analyze);
    } finally {
      this.scanHandled = [];
    }
  }

  private scanInOrder(sources: readonly ScanSource[], analyze: (p: string) => Finding[]): Map<string, Finding[]> {
    const results = new Map<string, Finding[]>(sources.map((s) => [s.path, []]));
    const projectScoped: ScanSource[] = [];
    const byDirectory = new Map<string, ScanSource[]>();
    for (const source of sources) {
      const frontEnd = this.frontEndFor(source.path);
      if (!frontEnd) continue;
      if (frontEnd.crossFileScope === 'project') projectScoped.push(source);
      else {
        const key = `${frontEnd.name}\0${path.dirname(source.path)}`;
        const group = byDirectory.get(key);
        if (group) group.push(source);
        else byDirectory.set(key, [source]);
      }
    }
    for (const source of projectScoped) this.update(source.path, source.text, 0);
    for (const group of byDirectory.values()) {
      for (const source of group) this.update(source.path, source.text, 0);
      for (const source of group) results.set(source.path, analyze(source.path));
    }
    for (const source of projectScoped) results.set(source.path, analyze(source.path));
    return results;
  }

  /** The text last given for a file. */
  textOf(filePath: string): string | undefined {
    return this.entries.get(filePath)?.text;
  }

  /**
   * Functions marked `//socketlens:handled` in the files of a file's directory that were never loaded (a Go
   * package's other files, when the editor has only one open), so the editor agrees with a scan of the package.
   */
  private handledOnDisk(filePath: string, frontEnd: FrontEnd): string[] {
    if (frontEnd.crossFileScope !== 'directory') return [];
    const dir = path.dirname(filePath);
    let names = this.diskHandled.get(dir);
    if (!names) {
      names = [];
      for (const sibling of this.fileSystem.listDirectory(dir)) {
        if (this.entries.has(sibling) || this.frontEndFor(sibling) !== frontEnd) continue;
        const text = this.fileSystem.readFile(sibling);
        if (text?.includes('socketlens:handled')) names.push(...handledDirectiveNames(text));
      }
      this.diskHandled.set(dir, names);
    }
    return names;
  }

  private countHandled(names: readonly string[], delta: 1 | -1): void {
    for (const name of names) {
      const count = (this.handledDirectives.get(name) ?? 0) + delta;
      if (count > 0) this.handledDirectives.set(name, count);
      else this.handledDirectives.delete(name);
    }
  }

  private invalidate(paths: readonly string[]): void {
    for (const p of paths) {
      const entry = this.entries.get(p);
      if (entry) entry.raw = undefined;
    }
  }

  private frontEndFor(filePath: string): FrontEnd | undefined {
    return this.frontEnds.find((f) => f.handles(filePath));
  }
}
