/**
 * Findings before and after a speed change must be identical. This writes every finding of the fixture
 * corpora (test/fixtures/go, test/fixtures/js) and, when present, of ../shared/wild-dev (or $WILD_DEV) as one
 * sorted line each — file, rule, range, severity, confidence, message, fix titles and edits — and compares
 * such a snapshot with a later one.
 *
 *   npx tsx test/bench/findingsSnapshot.ts --write before.txt     (on the old commit)
 *   npx tsx test/bench/findingsSnapshot.ts --compare before.txt   (on the new one: exit 1 and the first
 *                                                                   differences when they differ)
 * Each corpus root is scanned by a fresh engine, as `socket-lens scan ROOT` would.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { collectSourceFiles } from '../../server/src/cli/collectSourceFiles';
import { Engine } from '../../server/src/engine/engine';
import type { Finding } from '../../server/src/engine/finding';

const REPO_ROOT = path.resolve(__dirname, '..', '..');
const WILD_ROOT = path.resolve(process.env.WILD_DEV || path.join(REPO_ROOT, '..', 'shared', 'wild-dev'));

function corpusRoots(): string[] {
  const roots = [path.join(REPO_ROOT, 'test', 'fixtures', 'go'), path.join(REPO_ROOT, 'test', 'fixtures', 'js')];
  if (fs.existsSync(WILD_ROOT)) {
    for (const language of ['go', 'node']) {
      const dir = path.join(WILD_ROOT, language);
      if (!fs.existsSync(dir)) continue;
      for (const project of fs.readdirSync(dir).sort()) {
        if (fs.statSync(path.join(dir, project)).isDirectory()) roots.push(path.join(dir, project));
      }
    }
  } else process.stderr.write(`no wild-dev folder at ${WILD_ROOT}: the snapshot covers the fixtures only\n`);
  return roots;
}

/** One line per finding; everything a user sees of it, in a stable text form. */
export function findingLine(relativePath: string, f: Finding): string {
  const fixes = f.fixes.map((x) => `${x.preferred ? '*' : ''}${x.title}${JSON.stringify(x.edits)}`).join(' | ');
  const range = `${f.line}:${f.column}-${f.endLine}:${f.endColumn}`;
  return [relativePath, f.rule, range, f.severity, f.confidence, JSON.stringify(f.message), fixes].join('\t');
}

async function snapshot(): Promise<string[]> {
  const lines: string[] = [];
  for (const root of corpusRoots()) {
    const engine = await Engine.create();
    const files = collectSourceFiles([root], (p) => engine.handles(p));
    const sources = files.map((p) => ({ path: p, text: fs.readFileSync(p, 'utf8') }));
    const base = fs.existsSync(WILD_ROOT) && root.startsWith(WILD_ROOT) ? WILD_ROOT : REPO_ROOT;
    for (const [file, findings] of engine.scan(sources)) {
      for (const f of findings) lines.push(findingLine(path.relative(base, file), f));
    }
    process.stderr.write(`${path.relative(base, root)}: ${files.length} files\n`);
  }
  return lines.sort();
}

async function main(): Promise<void> {
  const [mode, file] = process.argv.slice(2);
  if ((mode !== '--write' && mode !== '--compare') || !file) throw new Error('usage: findingsSnapshot.ts --write FILE | --compare FILE');
  const now = await snapshot();
  if (mode === '--write') {
    fs.writeFileSync(file, `${now.join('\n')}\n`);
    process.stdout.write(`${now.length} findings written to ${file}\n`);
    return;
  }
  const before = fs.readFileSync(file, 'utf8').split('\n').filter(Boolean);
  const was = new Set(before);
  const is = new Set(now);
  const gone = before.filter((l) => !is.has(l));
  const added = now.filter((l) => !was.has(l));
  if (gone.length === 0 && added.length === 0) {
    process.stdout.write(`identical: ${now.length} findings\n`);
    return;
  }
  process.stdout.write(`DIFFERENT: ${gone.length} findings gone, ${added.length} new (of ${before.length} before, ${now.length} now)\n`);
  for (const l of gone.slice(0, 20)) process.stdout.write(`- ${l}\n`);
  for (const l of added.slice(0, 20)) process.stdout.write(`+ ${l}\n`);
  process.exitCode = 1;
}

main().catch((err) => {
  process.stderr.write(`${err?.stack ?? err}\n`);
  process.exitCode = 2;
});
