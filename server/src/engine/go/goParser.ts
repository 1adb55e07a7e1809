import * as fs from 'node:fs';
import * as path from 'node:path';
import type * as TreeSitter from 'web-tree-sitter';

// require(), not import: bundlers resolve `import` to the ESM build, which needs import.meta.url
// and breaks in the CommonJS bundles (dist/server/server.js, dist/cli/socket-lens.js).
const { Language, Parser } = require('web-tree-sitter') as typeof TreeSitter;
type Parser = TreeSitter.Parser;

/**
 * Loads web-tree-sitter and the Go grammar once per process.
 *
 * Where the .wasm files are looked for, in order: an explicit directory; `../wasm` next to the
 * bundle (dist/server/server.js and dist/cli/socket-lens.js ship dist/wasm/); the installed
 * `web-tree-sitter` and `tree-sitter-go` packages (running from source under tsx).
 */
let loading: Promise<Parser> | undefined;

function locate(fileName: string, packageName: string, wasmDirectory?: string): string {
  const candidates: string[] = [];
  if (wasmDirectory) candidates.push(path.join(wasmDirectory, fileName));
  candidates.push(path.join(__dirname, '..', 'wasm', fileName));
  try {
    // web-tree-sitter does not export package.json; its main file sits in the package root.
    const entry = packageName === 'web-tree-sitter' ? require.resolve('web-tree-sitter') : require.resolve(`${packageName}/package.json`);
    candidates.push(path.join(path.dirname(entry), fileName));
  } catch {
    // not installed next to us (bundled case)
  }
  const found = candidates.find((p) => fs.existsSync(p));
  if (!found) throw new Error(`socket-lens: cannot find ${fileName} (looked in ${candidates.join(', ')})`);
  return found;
}

export function loadGoParser(wasmDirectory?: string): Promise<Parser> {
  loading ??= (async () => {
    const runtime = locate('tree-sitter.wasm', 'web-tree-sitter', wasmDirectory);
    await Parser.init({ locateFile: () => runtime });
    // Bytes, not a path: given a path, web-tree-sitter reads it with `await import('fs/promises')`, which starts
    // Node's ESM loader and fs/promises (about 10 ms of every start).
    const go = await Language.load(fs.readFileSync(locate('tree-sitter-go.wasm', 'tree-sitter-go', wasmDirectory)));
    const parser = new Parser();
    parser.setLanguage(go);
    return parser;
  })();
  loading.catch(() => (loading = undefined));
  return loading;
}
