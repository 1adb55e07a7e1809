import type { Finding } from '../finding';
import type { AnalysisOptions, FileSystemView, FrontEnd } from '../frontEnd';
import { analyzeJsFile } from './jsAnalysis';
import { candidatePaths, seedsFor, type IncomingCall } from './jsCrossFile';
import { JsFile } from './jsFile';

export interface JsFrontEndOptions {
  fileSystem: FileSystemView;
}

export const JS_EXTENSIONS = ['.js', '.mjs', '.cjs', '.jsx', '.ts', '.mts', '.cts', '.tsx'];

export function isJsPath(p: string): boolean {
  const lower = p.toLowerCase();
  return JS_EXTENSIONS.some((ext) => lower.endsWith(ext)) && !/\.d\.[cm]?ts$/.test(lower);
}

interface Entry {
  text: string;
  version: number;
  /** Parsed once per version. */
  file?: JsFile;
  /** Paths this file's per-request calls may reach (candidates of its relative imports). */
  targets: Set<string>;
}

export interface JsFrontEnd extends FrontEnd {
  /** How many times a file text has been parsed (for tests: once per version). */
  parseCount(): number;
}

/**
 * The JavaScript/TypeScript front-end. Each version of a file is parsed once. Calls are followed
 * within a file, and one hop across files: a function exported by one known file and called from
 * per-request code in another known file is analysed as per-request code. An update therefore
 * affects the known files its per-request calls point at (before and after the change).
 */
export function createJsFrontEnd(_options: JsFrontEndOptions): JsFrontEnd {
  const entries = new Map<string, Entry>();
  /** Candidate target path → files whose per-request calls may point at it. */
  const callers = new Map<string, Set<string>>();
  let parses = 0;

  const fileOf = (path: string, entry: Entry): JsFile => {
    if (!entry.file) {
      entry.file = new JsFile(path, entry.text);
      parses++;
    }
    return entry.file;
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
        if (!set) callers.set(t, (set = new Set()));
        set.add(path);
      }
    }
  };

  const known = (paths: Iterable<string>, except: string) => [...new Set(paths)].filter((p) => p !== except && entries.has(p));

  const incomingFor = (path: string): IncomingCall[] => {
    const out: IncomingCall[] = [];
    for (const source of callers.get(path) ?? []) {
      const entry = entries.get(source);
      if (!entry) continue;
      for (const call of fileOf(source, entry).outgoingCalls()) {
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
    update(path: string, text: string, version: number): string[] {
      const prev = entries.get(path);
      if (prev && prev.version === version && prev.text === text) return [];
      const old = unregister(path, prev);
      const entry: Entry = { text, version, targets: new Set() };
      entries.set(path, entry);
      register(path, entry);
      return known([...old, ...entry.targets], path);
    },
    remove(path: string): string[] {
      const old = unregister(path, entries.get(path));
      entries.delete(path);
      return known(old, path);
    },
    analyze(path: string, options: AnalysisOptions): Finding[] {
      const entry = entries.get(path);
      if (!entry) return [];
      const file = fileOf(path, entry);
      const incoming = incomingFor(path);
      const key = incoming.map((c) => `${c.from}@${entries.get(c.from)?.version}:${c.exportName}:${c.reason.origin}`).join('|');
      file.useSeeds(seedsFor(file, incoming), key);
      return analyzeJsFile(file, options);
    },
  };
}
