import type { Finding } from '../finding';
import type { AnalysisOptions, FileSystemView, FrontEnd } from '../frontEnd';
import { analyzeJsFile } from './jsAnalysis';
import { candidatePaths, exportedFunctions, seedsFor, type IncomingCall } from './jsCrossFile';
import { JsFile } from './jsFile';
import { isJsPath } from './jsPaths';
import { nodeEnginesFor } from './jsNodeEngines';
import type { ExternalWrapperLookup, WrapperSummary } from './jsWrappers';

export interface JsFrontEndOptions {
  fileSystem: FileSystemView;
  /**
   * Text size (characters) of the files whose syntax trees and indexes stay in memory, least recently used
   * dropped first (a tree takes about 50 times its text). A dropped file keeps its cross-file summary (what it
   * imports and calls) and is parsed again when it is analysed or followed. Default: no limit (a scan).
   */
  treeBudgetChars?: number;
}

export { isJsPath, JS_EXTENSIONS } from './jsPaths';

interface Entry {
  text: string;
  version: number;
  /** Parsed once per version. */
  file?: JsFile;
  /** Paths this file's per-request calls may reach (candidates of its relative imports). */
  targets: Set<string>;
  /** Paths this file imports from (candidates of its relative import specifiers). */
  imports: Set<string>;
}

/** How many import hops a change is propagated to importers (wrapper summaries follow as many). */
const IMPORT_HOPS = 4;

export interface JsFrontEnd extends FrontEnd {
  /** How many times a file text has been parsed (for tests: once per version, within the tree budget). */
  parseCount(): number;
  /** Text size of the files whose trees are held (for tests: within the tree budget). */
  treeChars(): number;
}

/**
 * The JavaScript/TypeScript front-end. Each version of a file is parsed once. Calls are followed
 * within a file, and one hop across files: a function exported by one known file and called from
 * per-request code in another known file is analysed as per-request code. An update therefore
 * affects the known files its per-request calls point at (before and after the change).
 */
export function createJsFrontEnd(options: JsFrontEndOptions): JsFrontEnd {
  /** Folder → `engines.node` of its nearest package.json (read once per folder). */
  const engines = new Map<string, string | null>();
  const entries = new Map<string, Entry>();
  /** Candidate target path → files whose per-request calls may point at it. */
  const callers = new Map<string, Set<string>>();
  /** Candidate target path → files that import it (wrapper summaries flow from the target to them). */
  const importers = new Map<string, Set<string>>();
  /** Bumped on every change: wrapper summaries of other files may have changed. */
  let generation = 0;
  let parses = 0;
  /** Generation at which a file's seeds were last computed (seeds of one generation are reused). */
  const seededAt = new Map<string, number>();
  const budget = options.treeBudgetChars ?? Number.POSITIVE_INFINITY;
  /** Files holding a parsed tree, least recently used first, with their text sizes. */
  const parsed = new Map<string, number>();
  let parsedChars = 0;

  const dropTree = (path: string): void => {
    const size = parsed.get(path);
    if (size === undefined) return;
    parsed.delete(path);
    parsedChars -= size;
    const entry = entries.get(path);
    if (entry) entry.file = undefined;
    // Its seeds live in the tree: a re-parsed file is seeded again.
    seededAt.delete(path);
  };

  const fileOf = (path: string, entry: Entry): JsFile => {
    if (entry.file) {
      if (budget !== Number.POSITIVE_INFINITY) {
        // Most recently used last.
        parsed.delete(path);
        parsed.set(path, entry.text.length);
      }
      return entry.file;
    }
    entry.file = new JsFile(path, entry.text);
    parses++;
    parsed.set(path, entry.text.length);
    parsedChars += entry.text.length;
    for (const oldest of parsed.keys()) {
      if (parsedChars <= budget || oldest === path) break;
      dropTree(oldest);
    }
    return entry.file;
  };

  const unregisterImports = (path: string, entry: Entry | undefined): void => {
    for (const t of entry?.imports ?? []) {
      const set = importers.get(t);
      set?.delete(path);
      if (set && set.size === 0) importers.delete(t);
    }
  };

  const registerImports = (path: string, entry: Entry): void => {
    for (const spec of fileOf(path, entry).relativeImports()) {
      for (const t of candidatePaths(path, spec)) {
        if (t === path) continue;
        entry.imports.add(t);
        let set = importers.get(t);
        if (!set) {
          set = new Set();
          importers.set(t, set);
        }
        set.add(path);
      }
    }
  };

  /** Files whose wrapper summaries may change when `path` changes: its importers, a few hops out. */
  const importersOf = (path: string): string[] => {
    const seen = new Set<string>([path]);
    let frontier = [path];
    for (let hop = 0; hop < IMPORT_HOPS && frontier.length; hop++) {
      const next: string[] = [];
      for (const p of frontier) {
        for (const i of importers.get(p) ?? []) {
          if (seen.has(i)) continue;
          seen.add(i);
          next.push(i);
        }
      }
      frontier = next;
    }
    seen.delete(path);
    return [...seen];
  };

  /** Export summaries of the current generation: `path\0name` → summary (null: not a wrapper). */
  const exportSummaries = new Map<string, WrapperSummary | null>();
  let summariesOf = -1;

  /** An export of a relative module, seen from `fromPath`: its wrapper summary, if it is one. */
  const lookupFrom =
    (fromPath: string): ExternalWrapperLookup =>
    (module, exportName, depth) => {
      if (depth > IMPORT_HOPS) return undefined;
      if (summariesOf !== generation) {
        exportSummaries.clear();
        summariesOf = generation;
      }
      for (const t of candidatePaths(fromPath, module)) {
        const entry = entries.get(t);
        if (!entry || t === fromPath) continue;
        const key = `${t}\0${exportName}`;
        const known = exportSummaries.get(key);
        if (known !== undefined) return known ?? undefined;
        exportSummaries.set(key, null); // cycle guard
        const target = fileOf(t, entry);
        target.useWrapperLookup(lookupFrom(t), String(generation));
        let summary: WrapperSummary | undefined;
        for (const fn of exportedFunctions(target, exportName === '*' ? 'default' : exportName)) {
          summary = target.wrappers.ofFunction(fn, depth);
          if (summary) break;
        }
        exportSummaries.set(key, summary ?? null);
        return summary;
      }
      return undefined;
    };

  const unregister = (path: string, entry: Entry | undefined): Set<string> => {
    const old = entry?.targets ?? new Set<string>();
    for (const t of old) {
      const set = callers.get(t);
      set?.delete(path);
      if (set && set.size === 0) callers.delete(t);
    }
    return old;
  };

  const register = (path: string, entry: Entry): void => {
    for (const call of fileOf(path, entry).outgoingCalls()) {
      for (const t of candidatePaths(path, call.module)) {
        if (t === path) continue;
        entry.targets.add(t);
        let set = callers.get(t);
        if (!set) {
          set = new Set();
          callers.set(t, set);
        }
        set.add(path);
      }
    }
  };

  const known = (paths: Iterable<string>, except: string) => [...new Set(paths)].filter((p) => p !== except && entries.has(p));

  /** Files `path` imports, a few hops out: per-request context flows to them through `path`. */
  const importsOf = (path: string): string[] => {
    const seen = new Set<string>([path]);
    let frontier = [path];
    for (let hop = 0; hop < IMPORT_HOPS && frontier.length; hop++) {
      const next: string[] = [];
      for (const p of frontier) {
        for (const t of entries.get(p)?.imports ?? []) {
          if (!entries.has(t) || seen.has(t)) continue;
          seen.add(t);
          next.push(t);
        }
      }
      frontier = next;
    }
    seen.delete(path);
    return [...seen];
  };


  /**
   * Gives `path` its per-request seeds from the files that call into it, whose own seeds come from their
   * callers in turn: a handler in one file → a service in another → a client factory in a third.
   */
  const seedFile = (path: string, depth: number, visiting: Set<string>): JsFile | undefined => {
    const entry = entries.get(path);
    if (!entry) return undefined;
    const file = fileOf(path, entry);
    if (seededAt.get(path) === generation || visiting.has(path)) return file;
    visiting.add(path);
    const incoming = incomingFor(path, depth, visiting);
    const key = incoming.map((c) => `${c.from}:${c.exportName}:${c.reason.origin}:${c.reason.via.join('>')}`).join('|');
    file.useSeeds(seedsFor(file, incoming), key);
    visiting.delete(path);
    // Following its callers may have dropped this tree (budget): a re-parse must be seeded again.
    if (entry.file === file) seededAt.set(path, generation);
    return file;
  };

  const incomingFor = (path: string, depth: number, visiting: Set<string>): IncomingCall[] => {
    const out: IncomingCall[] = [];
    const sources = new Set([...(callers.get(path) ?? []), ...(importers.get(path) ?? [])]);
    for (const source of sources) {
      if (!entries.has(source)) continue;
      const file = depth < IMPORT_HOPS ? seedFile(source, depth + 1, visiting) : fileOf(source, entries.get(source)!);
      if (!file) continue;
      for (const call of depth < IMPORT_HOPS ? file.seededOutgoingCalls() : file.outgoingCalls()) {
        if (candidatePaths(source, call.module).includes(path)) out.push({ exportName: call.exportName, reason: call.reason, from: source });
      }
    }
    return out;
  };

  return {
    name: 'js',
    crossFileScope: 'project',
    handles: isJsPath,
    parseCount: () => parses,
    treeChars: () => parsedChars,
    update(path: string, text: string, version: number): string[] {
      const prev = entries.get(path);
      if (prev && prev.version === version && prev.text === text) return [];
      dropTree(path);
      const old = unregister(path, prev);
      unregisterImports(path, prev);
      const entry: Entry = { text, version, targets: new Set(), imports: new Set() };
      entries.set(path, entry);
      register(path, entry);
      registerImports(path, entry);
      generation++;
      return known([...old, ...entry.targets, ...importsOf(path), ...importersOf(path)], path);
    },
    remove(path: string): string[] {
      const prev = entries.get(path);
      const old = unregister(path, prev);
      const dependents = [...importersOf(path), ...importsOf(path)];
      unregisterImports(path, prev);
      dropTree(path);
      entries.delete(path);
      generation++;
      return known([...old, ...dependents], path);
    },
    analyze(path: string, analysisOptions: AnalysisOptions): Finding[] {
      const entry = entries.get(path);
      if (!entry) return [];
      const file = seedFile(path, 0, new Set())!;
      file.useWrapperLookup(lookupFrom(path), String(generation));
      file.nodeEngines = path.startsWith('/') || /^[A-Za-z]:[\\/]/.test(path) ? nodeEnginesFor(options.fileSystem, path, engines) : undefined;
      return analyzeJsFile(file, analysisOptions);
    },
  };
}
