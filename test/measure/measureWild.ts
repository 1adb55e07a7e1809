/**
 * `npm run measure:wild [-- go|node|PROJECT ...] [--out FILE]`: scans the real open-source projects of
 * ../shared/wild-dev/{go,node} through the engine and prints, per project and per rule, findings inside and
 * outside test code, scan time and peak memory. `--out FILE` writes the findings outside tests as JSON lines,
 * for triage (docs/triage/). A measurement, not a test: it asserts nothing, and does nothing (exit 0) when
 * the wild-dev folder is absent, as in a fresh clone.
 *
 * Each project is scanned in a child process of its own, so that its peak memory is its own.
 */
import { fork } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { WildLanguage } from './testFiles';
import { scanProject, type ProjectResult } from './wildProject';
import { formatProject, formatTotals } from './wildReport';

/** The wild-dev folder: $WILD_DEV, else ../shared/wild-dev next to the checkout. */
const WILD_ROOT = path.resolve(process.env.WILD_DEV || path.join(__dirname, '..', '..', '..', 'shared', 'wild-dev'));
const LANGUAGES: WildLanguage[] = ['go', 'node'];

interface Options {
  selectors: string[];
  out?: string;
}

function parseArgs(args: string[]): Options {
  const options: Options = { selectors: [] };
  for (let i = 0; i < args.length; i++) {
    if (args[i] === '--out') {
      options.out = args[++i];
      if (!options.out) throw new Error('--out needs a file name');
    } else if (args[i].startsWith('--out=')) options.out = args[i].slice('--out='.length);
    else if (args[i].startsWith('-')) throw new Error(`unknown option '${args[i]}' (usage: measure:wild [go|node|PROJECT ...] [--out FILE])`);
    else options.selectors.push(args[i]);
  }
  return options;
}

/** Project folders picked by the selectors: a language (`go`), `go/NAME`, or a bare project NAME. */
function pickProjects(selectors: readonly string[]): { dir: string; language: WildLanguage }[] {
  const all = LANGUAGES.flatMap((language) => {
    const base = path.join(WILD_ROOT, language);
    if (!fs.existsSync(base)) return [];
    return fs.readdirSync(base, { withFileTypes: true }).filter((e) => e.isDirectory()).map((e) => ({ dir: path.join(base, e.name), language }));
  });
  if (selectors.length === 0) return all;
  const picked = all.filter(({ dir, language }) =>
    selectors.some((s) => s === language || s === `${language}/${path.basename(dir)}` || s === path.basename(dir)));
  const unknown = selectors.filter((s) => !all.some(({ dir, language }) => s === language || s === `${language}/${path.basename(dir)}` || s === path.basename(dir)));
  if (unknown.length > 0) throw new Error(`no wild-dev project matches: ${unknown.join(', ')}`);
  return picked;
}

function scanInChild(dir: string, language: WildLanguage): Promise<ProjectResult> {
  return new Promise((resolve, reject) => {
    const child = fork(__filename, ['--child', dir, language], { stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
    let result: ProjectResult | undefined;
    child.on('message', (m) => (result = m as ProjectResult));
    child.on('error', reject);
    child.on('exit', (code) => (result ? resolve(result) : reject(new Error(`scan of ${dir} exited with code ${code} and no result`))));
  });
}

async function main(args: string[]): Promise<number> {
  if (args[0] === '--child') {
    const result = await scanProject(args[1], args[2] as WildLanguage);
    process.send!(result);
    return 0;
  }
  const options = parseArgs(args);
  if (!fs.existsSync(WILD_ROOT)) {
    process.stdout.write(`measure:wild: ${WILD_ROOT} is absent (it is shared reference data, not part of a clone); nothing to measure.\n`);
    return 0;
  }
  const projects = pickProjects(options.selectors);
  const results: ProjectResult[] = [];
  for (const { dir, language } of projects) {
    const result = await scanInChild(dir, language);
    results.push(result);
    process.stdout.write(`${formatProject(result)}\n`);
  }
  for (const language of LANGUAGES) {
    const ofLanguage = results.filter((r) => r.language === language);
    if (ofLanguage.length > 0) process.stdout.write(`\n[${language}] ${formatTotals(ofLanguage)}\n`);
  }
  if (options.out) {
    const lines = results.flatMap((r) => r.outside).map((f) => JSON.stringify(f));
    fs.mkdirSync(path.dirname(path.resolve(options.out)), { recursive: true });
    fs.writeFileSync(options.out, lines.join('\n') + (lines.length > 0 ? '\n' : ''));
    process.stdout.write(`\nwrote ${lines.length} findings outside tests to ${options.out}\n`);
  }
  return 0;
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (err) => {
    process.stderr.write(`measure:wild: ${(err as Error).message}\n`);
    process.exit(2);
  },
);
