import * as path from 'node:path';
import type { FileSystemView } from '../frontEnd';

/**
 * The `engines.node` range of the package a file belongs to. Where it admits a Node.js major below 19,
 * `http.globalAgent` may run without keep-alive (GLOBAL_AGENT_KEEP_ALIVE_SINCE_NODE_MAJOR), so requests made
 * without an agent open a new connection each time.
 */

/** True when the semver range admits some version whose major is below `major`; undefined when unreadable. */
export function admitsNodeBelow(range: string, major: number): boolean | undefined {
  let readable = false;
  for (const raw of range.split('||')) {
    const alt = raw.trim().replace(/(>=|<=|>|<|=|\^|~)\s+/g, '$1');
    if (alt === '' || alt === '*' || alt === 'x') return true;
    // A hyphen range `14 - 20` starts at its first version.
    const hyphen = /^v?(\d+)\S*\s+-\s+\S+$/.exec(alt);
    if (hyphen) {
      readable = true;
      if (Number(hyphen[1]) < major) return true;
      continue;
    }
    const comparators = alt.split(/\s+/);
    const lower = comparators.filter((c) => !c.startsWith('<'));
    if (lower.length === 0) {
      // Only upper bounds (`<22`): every older version is admitted.
      readable = true;
      return true;
    }
    const m = /^(?:>=|>|\^|~|=)?v?(\d+)/.exec(lower[0]);
    if (!m) continue;
    readable = true;
    if (Number(m[1]) < major) return true;
  }
  return readable ? false : undefined;
}

/** The nearest package.json above `filePath` (at most 12 folders up) and its `engines.node`, if any. */
export function nodeEnginesFor(fs: FileSystemView, filePath: string, cache: Map<string, string | null>): string | undefined {
  const visited: string[] = [];
  let result: string | null = null;
  for (let dir = path.dirname(filePath), i = 0; i < 12; i++) {
    const cached = cache.get(dir);
    if (cached !== undefined) {
      result = cached;
      break;
    }
    visited.push(dir);
    const text = fs.readFile(path.join(dir, 'package.json'));
    if (text !== undefined) {
      result = enginesNode(text);
      break;
    }
    const parent = path.dirname(dir);
    if (parent === dir) break;
    dir = parent;
  }
  for (const d of visited) cache.set(d, result);
  return result ?? undefined;
}

function enginesNode(packageJson: string): string | null {
  if (packageJson.length > 1_000_000) return null;
  try {
    const value = (JSON.parse(packageJson) as { engines?: { node?: unknown } })?.engines?.node;
    return typeof value === 'string' && value.length < 200 ? value : null;
  } catch {
    return null;
  }
}
