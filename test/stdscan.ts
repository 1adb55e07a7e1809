import * as fs from 'node:fs';
import * as path from 'node:path';
import { execFileSync } from 'node:child_process';
const repo = process.argv[2];
const { collectSourceFiles } = require(path.join(repo, 'server/src/cli/collectSourceFiles'));
const { Engine } = require(path.join(repo, 'server/src/engine/engine'));
const { timeGoParse } = require('/work/wt-goperf/test/bench/measure/parseOnly');
async function main() {
  const root = path.join(execFileSync('go', ['env', 'GOROOT'], { encoding: 'utf8' }).trim(), 'src', process.argv[3] ?? '');
  const files = collectSourceFiles([root], (p: string) => p.endsWith('.go'));
  const sources = files.map((p: string) => ({ path: p, text: fs.readFileSync(p, 'utf8') }));
  await timeGoParse(sources.slice(0, 50));
  for (let rep = 0; rep < Number(process.argv[4] ?? 2); rep++) {
    const parse = await timeGoParse(sources);
    const engine = await Engine.create();
    const t0 = performance.now();
    let n = 0;
    for (const f of engine.scan(sources).values()) n += f.length;
    const ms = performance.now() - t0;
    const go = (engine as any).frontEnds[0];
    console.log(`${files.length} files, ${n} findings, scan ${(ms / 1000).toFixed(2)} s, parse ${(parse / 1000).toFixed(2)} s, ratio ${(ms / parse).toFixed(2)}, parses ${go.parses ?? '?'}`);
  }
}
main();
