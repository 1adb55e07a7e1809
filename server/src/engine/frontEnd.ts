import type { Finding } from './finding';

/** Read access to files on disk, for front-ends that index a file's neighbours (Go packages). */
export interface FileSystemView {
  readFile(path: string): string | undefined;
  /** Absolute paths of the entries of a directory ([] when it cannot be read). */
  listDirectory(dir: string): string[];
}

/** Options that change what a front-end reports (not which rules are on: the engine filters that). */
export interface AnalysisOptions {
  /** Load balancer idle timeout in seconds, or undefined when the user has not set it. */
  loadBalancerIdleTimeoutSeconds?: number;
  /**
   * Functions that take responsibility for a response or its body (socket-lens.json `handled`), as a name
   * (`drainAndClose`) or a dotted callee (`api.Fetch`). The engine drops unclosed-body findings anchored on a call
   * to one of them, and adds the functions marked `//socketlens:handled`; front-ends may use the list to follow
   * a response passed to one.
   */
  handled?: readonly string[];
}

/**
 * A language front-end: parses files, keeps whatever index it needs, and reports findings
 * with the rule's default severity. Must never throw on broken or partial source.
 */
export interface FrontEnd {
  readonly name: string;
  /**
   * Which other files a file's findings can depend on: only those of its own directory (a Go package),
   * or any file given to the engine (JS/TS imports). Decides the order in which a scan loads files.
   */
  readonly crossFileScope: 'directory' | 'project';
  handles(path: string): boolean;
  /**
   * A file's text changed (or was first seen). Returns the other paths whose findings may
   * have changed because of it (e.g. files of the same Go package).
   */
  update(path: string, text: string, version: number): string[];
  /** The file is gone or no longer open: forget the in-memory text. Returns affected paths. */
  remove(path: string): string[];
  /** Findings for a file previously given to `update`. Called once per version and options. */
  analyze(path: string, options: AnalysisOptions): Finding[];
}
