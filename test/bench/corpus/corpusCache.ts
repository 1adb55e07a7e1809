/**
 * Writes a generated corpus under .cache/bench/ once and reuses it while the generator version,
 * seed and scale stay the same (a stamp file records them).
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { type GeneratedFile, corpusSize } from './generatedCorpus';

export interface CorpusOnDisk {
  root: string;
  /** Absolute paths, in generation order. */
  files: string[];
  lines: number;
  bytes: number;
  /** True when this run wrote the files, false when a matching corpus was reused. */
  generated: boolean;
}

interface Stamp {
  key: string;
  files: string[];
  lines: number;
  bytes: number;
}

const STAMP = '.corpus-stamp.json';

/** `key` must change whenever the generated text would (generator version, seed, scale). */
export function ensureCorpus(root: string, key: string, generate: () => GeneratedFile[]): CorpusOnDisk {
  const stampPath = path.join(root, STAMP);
  try {
    const stamp = JSON.parse(fs.readFileSync(stampPath, 'utf8')) as Stamp;
    const files = stamp.files.map((f) => path.join(root, f));
    if (stamp.key === key && files.every((f) => fs.existsSync(f))) {
      return { root, files, lines: stamp.lines, bytes: stamp.bytes, generated: false };
    }
  } catch {
    // no stamp or unreadable: regenerate
  }
  fs.rmSync(root, { recursive: true, force: true });
  const generated = generate();
  for (const file of generated) {
    const target = path.join(root, ...file.path.split('/'));
    fs.mkdirSync(path.dirname(target), { recursive: true });
    fs.writeFileSync(target, file.text);
  }
  const size = corpusSize(generated);
  const stamp: Stamp = { key, files: generated.map((f) => f.path), lines: size.lines, bytes: size.bytes };
  fs.writeFileSync(stampPath, JSON.stringify(stamp));
  return { root, files: generated.map((f) => path.join(root, ...f.path.split('/'))), lines: size.lines, bytes: size.bytes, generated: true };
}
