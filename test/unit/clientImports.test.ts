import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as ts from 'typescript';

/**
 * The client reaches shared code through `$shared/...`, never by a path into server/, and the panels and their pages
 * take the inspector's display facts from one protocol file.
 */
const REPO_ROOT = path.resolve(__dirname, '..', '..');
const CLIENT = path.join(REPO_ROOT, 'client');

function tsFiles(directory: string): string[] {
  return fs.readdirSync(directory, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(directory, entry.name);
    if (entry.isDirectory()) return tsFiles(full);
    return entry.name.endsWith('.ts') ? [full] : [];
  });
}

describe('client imports', () => {
  const files = tsFiles(CLIENT);

  it('no client file imports server/ by a relative path ($shared/... instead)', () => {
    assert.ok(files.length > 20, `only ${files.length} client files found`);
    const offending: string[] = [];
    for (const file of files) {
      for (const imported of ts.preProcessFile(fs.readFileSync(file, 'utf8'), true, true).importedFiles) {
        const target = imported.fileName.startsWith('.') ? path.resolve(path.dirname(file), imported.fileName) : undefined;
        if (target !== undefined && !target.startsWith(CLIENT + path.sep)) offending.push(`${path.relative(REPO_ROOT, file)}: ${imported.fileName}`);
      }
    }
    assert.deepEqual(offending, []);
  });

  it('the state order and the rate labels are declared once, in client/webview/panelProtocol.ts', () => {
    const declaring = (name: string) =>
      files.filter((file) => new RegExp(`\\b(const|let|var)\\s+${name}\\b`).test(fs.readFileSync(file, 'utf8'))).map((f) => path.relative(REPO_ROOT, f));
    assert.deepEqual(declaring('STATE_ORDER'), ['client/webview/panelProtocol.ts']);
    assert.deepEqual(declaring('RATE_LABELS'), ['client/webview/panelProtocol.ts']);
    const page = fs.readFileSync(path.join(CLIENT, 'webview', 'inspector.ts'), 'utf8');
    assert.match(page, /import \{[^}]*\bRATE_LABELS\b[^}]*\bSTATE_ORDER\b[^}]*\} from '\.\/panelProtocol'/);
  });
});
