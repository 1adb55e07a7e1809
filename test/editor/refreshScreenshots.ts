/**
 * `npm run screenshots`: runs the editor tier (code-server + Chromium, as `npm run test:editor`), then copies the
 * screenshots the README shows from test-output/editor/ into media/screenshots/ and rewrites the README's picture
 * block, so the README shows the product's real look. Needs `npm run build` first, like the editor tier.
 * Copies nothing when the tier fails: a failed run's pictures may show a broken state.
 */
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { replaceBlock } from '../../server/src/docs/markdownBlocks';

const ROOT = path.resolve(__dirname, '..', '..');
const TAKEN = path.join(ROOT, 'test-output', 'editor');
const MEDIA = path.join(ROOT, 'media', 'screenshots');
const START = '<!-- screenshots:start -->';
const END = '<!-- screenshots:end -->';

/** The pictures the README shows, in order: the editor tier's screenshot name and its caption. */
export const README_SCREENSHOTS: Array<{ name: string; caption: string }> = [
  { name: 'hover-go', caption: 'A finding on hover: the one-line message, the fix, why it matters, and a link to the rule page.' },
  { name: 'quick-fix-menu-go', caption: 'Quick fixes: the preferred fix first, and a suppression with a reason.' },
  { name: 'problems-go', caption: 'The Problems panel; the status bar item counts the findings and opens it.' },
  { name: 'rule-page', caption: "A rule's page, opened inside VS Code from the diagnostic's rule link." },
  { name: 'inspector-this-machine', caption: 'Socket Lens: Inspect Host… on this machine: connections by state, rates and ranked hints.' },
];

function main(): number {
  const started = Date.now();
  if (!process.argv.includes('--copy-only')) {
    const run = spawnSync('npm', ['run', 'test:editor'], { cwd: ROOT, stdio: 'inherit', env: process.env });
    if (run.status !== 0) {
      console.error(`the editor tier failed (exit ${run.status}): media/screenshots/ left as it was`);
      return 1;
    }
  }
  fs.mkdirSync(MEDIA, { recursive: true });
  const shown: string[] = [];
  for (const { name, caption } of README_SCREENSHOTS) {
    const taken = path.join(TAKEN, `${name}.png`);
    const fresh = fs.existsSync(taken) && (process.argv.includes('--copy-only') || fs.statSync(taken).mtimeMs >= started);
    if (fresh) {
      fs.copyFileSync(taken, path.join(MEDIA, `${name}.png`));
      console.log(`media/screenshots/${name}.png ← test-output/editor/${name}.png`);
    } else {
      console.log(`no fresh ${name}.png from the editor tier${fs.existsSync(path.join(MEDIA, `${name}.png`)) ? ': keeping the previous one' : ''}`);
    }
    if (fs.existsSync(path.join(MEDIA, `${name}.png`))) shown.push(`![${caption}](media/screenshots/${name}.png)\n\n*${caption}*`);
  }
  const readmePath = path.join(ROOT, 'README.md');
  const readme = fs.readFileSync(readmePath, 'utf8');
  fs.writeFileSync(readmePath, replaceBlock(readme, START, END, [START, ...shown, END].join('\n\n')));
  console.log(`README.md shows ${shown.length} screenshot(s)`);
  return 0;
}

process.exitCode = main();
