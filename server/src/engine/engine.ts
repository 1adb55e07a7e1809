import * as path from 'node:path';
import { ANALYSIS_BUDGET_MS, failureReason, isStackOverflow, refusalOf } from './analysisBudget';
import type { Confidence, Finding } from './finding';
import { finishFindings } from './finishFindings';
import type { AnalysisOptions, FileSystemView, FrontEnd } from './frontEnd';
import { createGoFrontEnd } from './go/goFrontEnd';
import { dropHandledCalls, handledDirectiveNames } from './handledCallees';
import { createLazyJsFrontEnd } from './lazyJsFrontEnd';
import { applyMinConfidence, applyRuleSettings, type RuleSettings } from './ruleSettings';
import { createSafeFileSystem, type SkippedRead } from './safeFileSystem';
import { checkSuppressions, parseSuppressionDirectives, type SuppressionDirective } from './suppression';
import { LineIndex } from './textPositions';

/** The disk as the engine reads it: regular files only, bounded in size, no links followed, absolute paths only. */
export const diskFileSystem: FileSystemView = createSafeFileSystem();

/** A file the engine did not analyse (or not fully), and why: for a visible note, never a silent skip. */
export type EngineNote = SkippedRead;

/** A file for `Engine.scan`. */
export interface ScanSource {
  path: string;
  text: string;
}

export interface EngineOptions {
  fileSystem?: FileSystemView;
  /** Folder holding tree-sitter.wasm and tree-sitter-go.wasm (defaults to where they are found). */
  wasmDirectory?: string;
  /** Folders symbolic links may point into when the engine reads neighbours from disk (default: none followed). */
  roots?: readonly string[];
  /**
   * Called when a file is not analysed (too large, nested too deep, the analysis failed or ran over its time
   * budget) or a neighbour on disk is not read (not a regular file, too large, a link out of the roots).
   * Once per file and reason.
   */
  onNote?: (note: EngineNote) => void;
  /** Time one file's analysis may take before it is reported and later versions as large are skipped. */
  analysisBudgetMs?: number;
  /**
   * Text size (characters) of the JS/TS files whose syntax trees stay in memory; the least recently used are
   * dropped and parsed again on demand. Default: no limit (a scan holds every tree until it ends).
   */
  jsTreeBudgetChars?: number;
  /** Go source (characters) whose analysed syntax trees stay cached (default: the Go front-end's TREE_BUDGET_CHARS). */
  goTreeBudgetChars?: number;
  /** Largest text analysed (default MAX_ANALYSED_CHARS); the benchmark raises it to measure very large files. */
  maxAnalysedChars?: number;
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
  /** Why this version is not analysed (the front-end does not hold it). */
  refused?: string;
  /** The front-end threw on this version: a bug, not a limit (a stack overflow counts as nesting too deep). */
  failed?: boolean;
  /** Time the front-end spent on this version's update. */
  updateMs?: number;
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
  /** Size of a file's text whose analysis went over the time budget: versions at least as large are skipped. */
  private readonly overBudget = new Map<string, { chars: number; ms: number }>();
  /** The last note given per path, so a note is given once per file and reason. */
  private readonly noted = new Map<string, string>();

  private constructor(
    private readonly frontEnds: readonly FrontEnd[],
    private readonly onNote: (note: EngineNote) => void,
    private readonly budgetMs: number,
    private readonly fileSystem: FileSystemView,
    private readonly maxAnalysedChars: number | undefined,
  ) {}

  static async create(options: EngineOptions = {}): Promise<Engine> {
    const onNote = options.onNote ?? (() => undefined);
    const notIndexed = (s: SkippedRead) => onNote({ ...s, reason: `not indexed: ${s.reason}` });
    const fileSystem = options.fileSystem ?? createSafeFileSystem({ roots: options.roots, onSkip: notIndexed });
    const go = await createGoFrontEnd({ fileSystem, wasmDirectory: options.wasmDirectory, treeBudgetChars: options.goTreeBudgetChars });
    // Loaded on the first JS/TS file: a Go-only scan never loads TypeScript.
    const js = createLazyJsFrontEnd({ fileSystem, treeBudgetChars: options.jsTreeBudgetChars });
    return new Engine([go, js], onNote, options.analysisBudgetMs ?? ANALYSIS_BUDGET_MS, fileSystem, options.maxAnalysedChars);
  }

  /**
   * Why the current version of a file given to `update` is not analysed (too large, nested too deep, its
   * analysis failed, or an earlier version at least as large ran over the time budget), or undefined.
   */
  notAnalysed(filePath: string): string | undefined {
    return this.entries.get(filePath)?.refused;
  }

  /** True when the front-end threw on the current version of the file (other than a stack overflow). */
  analysisFailed(filePath: string): boolean {
    return this.entries.get(filePath)?.failed === true;
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
    const next: Entry = { text, version, handledNames, refused: this.refusal(filePath, text, frontEnd) };
    this.entries.set(filePath, next);
    let affected: string[] = [];
    if (!next.refused) {
      const started = Date.now();
      try {
        affected = frontEnd.update(filePath, text, version);
      } catch (err) {
        // One file that breaks the front-end must not take the others (or the server) with it.
        next.refused = failureReason(err);
        next.failed = !isStackOverflow(err);
      }
      next.updateMs = Date.now() - started;
    }
    if (next.refused) {
      this.note(filePath, next.refused);
      affected = this.forget(frontEnd, filePath);
    } else this.noted.delete(filePath);
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
    this.noted.delete(filePath);
    const affected = this.forget(frontEnd, filePath);
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
    if (!frontEnd || !entry || entry.refused) return [];
    const optionsKey = JSON.stringify(options);
    if (!entry.raw || entry.raw.version !== entry.version || entry.raw.optionsKey !== optionsKey) {
      let findings: Finding[];
      const started = Date.now();
      try {
        findings = finishFindings(frontEnd.analyze(filePath, options), entry.text);
      } catch (err) {
        // A front-end bug must never take the server down; report nothing for this version, and say so.
        console.error(`socket-lens: ${frontEnd.name} analysis of ${filePath} failed: ${(err as Error)?.stack ?? err}`);
        entry.refused = failureReason(err);
        entry.failed = !isStackOverflow(err);
        this.note(filePath, entry.refused);
        return [];
      }
      const ms = Date.now() - started + (entry.updateMs ?? 0);
      if (ms > this.budgetMs) {
        // Analysis cannot be interrupted; the findings are kept, the cost is reported, and later versions
        // at least this large are skipped rather than block the server again.
        this.overBudget.set(filePath, { chars: entry.text.length, ms });
        this.note(filePath, `analysed in ${(ms / 1000).toFixed(1)} s, over the ${this.budgetMs / 1000} s budget`);
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

  /**
   * `scan`, with the settings of each file chosen by `policyFor` (files under different socket-lens.json files).
   * `handledElsewhere`: names marked `//socketlens:handled` in files of the same scan given to other engines (workers).
   */
  scanWith(
    sources: readonly ScanSource[],
    policyFor: (filePath: string) => FilePolicy,
    handledElsewhere: readonly string[] = [],
  ): Map<string, Finding[]> {
    const analyze = (p: string) => {
      const policy = policyFor(p);
      return this.analyze(p, policy.settings, policy.options, policy.reporting);
    };
    this.scanHandled = [...handledElsewhere, ...sources.flatMap((s) => handledDirectiveNames(s.text))];
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

  private refusal(filePath: string, text: string, frontEnd: FrontEnd): string | undefined {
    const slow = this.overBudget.get(filePath);
    if (slow && text.length >= slow.chars) {
      return `not analysed: an earlier version took ${(slow.ms / 1000).toFixed(1)} s, over the ${this.budgetMs / 1000} s budget`;
    }
    return refusalOf(text, frontEnd.name === 'go' ? 'go' : 'js', this.maxAnalysedChars);
  }

  /** Drops a file from its front-end, which must not throw for this either. */
  private forget(frontEnd: FrontEnd, filePath: string): string[] {
    try {
      return frontEnd.remove(filePath);
    } catch (err) {
      console.error(`socket-lens: ${frontEnd.name} could not drop ${filePath}: ${(err as Error)?.message ?? err}`);
      return [];
    }
  }

  private note(filePath: string, reason: string): void {
    if (this.noted.get(filePath) === reason) return;
    this.noted.set(filePath, reason);
    this.onNote({ path: filePath, reason });
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
