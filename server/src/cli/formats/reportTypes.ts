import type { Finding } from '../../engine/finding';

/** A finding with the file it was found in, relative to the current directory with `/` separators. */
export interface FileFinding {
  file: string;
  finding: Finding;
  /** Stable across line shifts: see findingFingerprint.ts. */
  fingerprint: string;
}

export interface ScanStats {
  files: number;
  lines: number;
  ms: number;
}
