import type { Finding } from '../finding';
import type { AnalysisOptions, FileSystemView, FrontEnd } from '../frontEnd';
import { analyzeJsFile } from './jsAnalysis';
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
  /** Parsed lazily on first analysis, once per version. */
  file?: JsFile;
}

export interface JsFrontEnd extends FrontEnd {
  /** How many times a file text has been parsed (for tests: once per version). */
  parseCount(): number;
}

/**
 * The JavaScript/TypeScript front-end. Each file is analysed on its own (calls are followed
 * within the file), so an update affects no other path. Each version is parsed at most once.
 */
export function createJsFrontEnd(_options: JsFrontEndOptions): JsFrontEnd {
  const entries = new Map<string, Entry>();
  let parses = 0;
  return {
    parseCount: () => parses,
    name: 'js',
    handles: isJsPath,
    update(path: string, text: string, version: number): string[] {
      const prev = entries.get(path);
      if (!prev || prev.version !== version || prev.text !== text) entries.set(path, { text, version });
      return [];
    },
    remove(path: string): string[] {
      entries.delete(path);
      return [];
    },
    analyze(path: string, options: AnalysisOptions): Finding[] {
      const entry = entries.get(path);
      if (!entry) return [];
      if (!entry.file) {
        entry.file = new JsFile(path, entry.text);
        parses++;
      }
      return analyzeJsFile(entry.file, options);
    },
  };
}
