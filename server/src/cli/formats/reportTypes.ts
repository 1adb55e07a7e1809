import type { Finding } from '../../engine/finding';

/** A finding with the file it was found in, relative to the current directory with `/` separators. */
export interface FileFinding {
  file: string;
  finding: Finding;
}

export interface ScanStats {
  files: number;
  lines: number;
  ms: number;
}
