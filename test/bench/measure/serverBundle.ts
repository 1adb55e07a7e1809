/**
 * The language server bundle to measure. By default it is built from the working tree with the
 * same esbuild options as `npm run build:server` into .cache/bench/dist/ (with the wasm files next
 * to it, as dist/ ships them), so the protocol figures measure the same engine code as the
 * in-process scan, and the shared dist/ is left alone. BENCH_SERVER=dist uses dist/server/server.js.
 */
import * as esbuild from 'esbuild';
import * as fs from 'node:fs';
import * as path from 'node:path';

export interface ServerBundle {
  path: string;
  description: string;
}

export async function prepareServerBundle(repoRoot: string, cacheRoot: string): Promise<ServerBundle> {
  if (process.env.BENCH_SERVER === 'dist') {
    const bundle = path.join(repoRoot, 'dist', 'server', 'server.js');
    if (!fs.existsSync(bundle)) throw new Error(`${bundle} does not exist: run npm run build first`);
    return { path: bundle, description: `dist/server/server.js (built ${fs.statSync(bundle).mtime.toISOString()})` };
  }
  const outDir = path.join(cacheRoot, 'dist');
  const bundle = path.join(outDir, 'server', 'server.js');
  // The server and the JS/TS front-end it loads on demand, side by side (npm run build:server).
  await esbuild.build({
    entryPoints: [path.join(repoRoot, 'server', 'src', 'server.ts'), path.join(repoRoot, 'server', 'src', 'engine', 'js', 'jsFrontEnd.ts')],
    bundle: true,
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    sourcemap: true,
    logLevel: 'warning',
    define: { SOCKET_LENS_JS_FRONT_END_BUNDLE: JSON.stringify('jsFrontEnd.js') },
    entryNames: '[name]',
    outdir: path.dirname(bundle),
  });
  fs.mkdirSync(path.join(outDir, 'wasm'), { recursive: true });
  fs.copyFileSync(path.join(path.dirname(require.resolve('web-tree-sitter')), 'tree-sitter.wasm'), path.join(outDir, 'wasm', 'tree-sitter.wasm'));
  fs.copyFileSync(
    path.join(path.dirname(require.resolve('tree-sitter-go/package.json')), 'tree-sitter-go.wasm'),
    path.join(outDir, 'wasm', 'tree-sitter-go.wasm'),
  );
  return { path: bundle, description: 'server/src/server.ts bundled from the working tree (npm run build:server options)' };
}

/**
 * The CLI bundle, built like `npm run build:cli` into .cache/bench/dist/cli/ next to the server's wasm files and
 * JS/TS front-end bundle (call prepareServerBundle first), or dist/cli/socket-lens.js with BENCH_SERVER=dist.
 */
export async function prepareCliBundle(repoRoot: string, cacheRoot: string): Promise<ServerBundle> {
  if (process.env.BENCH_SERVER === 'dist') {
    const bundle = path.join(repoRoot, 'dist', 'cli', 'socket-lens.js');
    if (!fs.existsSync(bundle)) throw new Error(`${bundle} does not exist: run npm run build first`);
    return { path: bundle, description: `dist/cli/socket-lens.js (built ${fs.statSync(bundle).mtime.toISOString()})` };
  }
  const bundle = path.join(cacheRoot, 'dist', 'cli', 'socket-lens.js');
  // The CLI and its scan worker, side by side (npm run build:cli).
  await esbuild.build({
    entryPoints: {
      'socket-lens': path.join(repoRoot, 'server', 'src', 'cli', 'main.ts'),
      scanWorker: path.join(repoRoot, 'server', 'src', 'cli', 'scanWorker.ts'),
    },
    bundle: true,
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    sourcemap: true,
    logLevel: 'warning',
    define: { SOCKET_LENS_JS_FRONT_END_BUNDLE: JSON.stringify('../server/jsFrontEnd.js') },
    banner: { js: '#!/usr/bin/env node' },
    outdir: path.dirname(bundle),
  });
  return { path: bundle, description: 'server/src/cli/main.ts bundled from the working tree (npm run build:cli options)' };
}
