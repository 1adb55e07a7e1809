/** What a corpus generator produces: files relative to the corpus root, in a fixed order. */
export interface GeneratedFile {
  /** Relative path with forward slashes, e.g. `billing/handlers.go`. */
  path: string;
  text: string;
}

export interface CorpusOptions {
  /** Fraction of the full size (1 = the ≥2,000 files / ≥300,000 lines target). */
  scale: number;
  seed: string;
}

/** Lines as `wc -l` counts them (every generated file ends with a newline). */
export function countLines(text: string): number {
  let n = 0;
  for (let i = text.indexOf('\n'); i !== -1; i = text.indexOf('\n', i + 1)) n++;
  return n;
}

export function corpusSize(files: readonly GeneratedFile[]): { files: number; lines: number; bytes: number } {
  let lines = 0;
  let bytes = 0;
  for (const f of files) {
    lines += countLines(f.text);
    bytes += Buffer.byteLength(f.text);
  }
  return { files: files.length, lines, bytes };
}

/** Full-size targets from issues 3 and 4. */
export const FULL_SIZE_TARGET = { files: 2000, lines: 300_000 };
