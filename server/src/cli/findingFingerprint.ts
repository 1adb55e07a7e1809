import { createHash } from 'node:crypto';
import type { Finding } from '../engine/finding';

/**
 * A fingerprint of a finding that survives line shifts: a hash of its rule, the code it covers and the code of
 * its line (whitespace collapsed), with the occurrence number among identical ones in the same file. Lines added
 * or removed elsewhere, or re-indentation, leave it unchanged; editing the code itself makes it new.
 * Used by the baseline and as SARIF `partialFingerprints`.
 */
export const FINGERPRINT_KEY = 'socketLens/v1';

function normalise(code: string): string {
  return code.replace(/\s+/g, ' ').trim();
}

/** Fingerprints for one file's findings, in the order given. */
export function fingerprintFindings(findings: readonly Finding[], text: string): string[] {
  const seen = new Map<string, number>();
  const order = findings.map((f, i) => ({ f, i })).sort((a, b) => a.f.start - b.f.start || a.i - b.i);
  const out = new Array<string>(findings.length);
  for (const { f, i } of order) {
    // Columns count UTF-16 code units, as string offsets do: the line starts column - 1 before the finding.
    const lineStart = Math.max(0, f.start - (f.column - 1));
    const lineEnd = text.indexOf('\n', f.start);
    const lineText = text.slice(lineStart, lineEnd < 0 ? text.length : lineEnd);
    const code = `${f.rule}\0${normalise(text.slice(f.start, f.end))}\0${normalise(lineText)}`;
    const hash = createHash('sha256').update(code).digest('hex').slice(0, 16);
    const n = seen.get(hash) ?? 0;
    seen.set(hash, n + 1);
    out[i] = `${hash}:${n}`;
  }
  return out;
}
