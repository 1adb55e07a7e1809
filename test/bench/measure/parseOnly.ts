/**
 * Parse-only baselines: the same parsers the front-ends use, with nothing else done.
 * Go: web-tree-sitter with tree-sitter-go.wasm from node_modules. JS/TS: ts.createSourceFile.
 */
import * as path from 'node:path';
import * as ts from 'typescript';
import { Language, Parser } from 'web-tree-sitter';

export interface SourceText {
  path: string;
  text: string;
}

let goParser: Promise<Parser> | undefined;

export function loadGoParser(): Promise<Parser> {
  goParser ??= (async () => {
    const runtime = path.join(path.dirname(require.resolve('web-tree-sitter')), 'tree-sitter.wasm');
    await Parser.init({ locateFile: () => runtime });
    const language = await Language.load(path.join(path.dirname(require.resolve('tree-sitter-go/package.json')), 'tree-sitter-go.wasm'));
    const parser = new Parser();
    parser.setLanguage(language);
    return parser;
  })();
  return goParser;
}

/** Milliseconds to parse every file (trees are freed outside the timed region). */
export async function timeGoParse(sources: readonly SourceText[]): Promise<number> {
  const parser = await loadGoParser();
  let ms = 0;
  for (const source of sources) {
    const start = performance.now();
    const tree = parser.parse(source.text);
    ms += performance.now() - start;
    tree?.delete();
  }
  return ms;
}

export function scriptKindFor(filePath: string): ts.ScriptKind {
  const ext = path.extname(filePath).toLowerCase();
  switch (ext) {
    case '.ts':
    case '.mts':
    case '.cts':
      return ts.ScriptKind.TS;
    case '.tsx':
      return ts.ScriptKind.TSX;
    case '.jsx':
      return ts.ScriptKind.JSX;
    default:
      return ts.ScriptKind.JS;
  }
}

/** Milliseconds to build a syntax tree (with parent pointers, as analysers walk upwards) per file. */
export function timeTypeScriptParse(sources: readonly SourceText[]): number {
  const start = performance.now();
  let statements = 0;
  for (const source of sources) {
    const file = ts.createSourceFile(source.path, source.text, ts.ScriptTarget.Latest, true, scriptKindFor(source.path));
    statements += file.statements.length;
  }
  const ms = performance.now() - start;
  if (statements === 0 && sources.length > 0) throw new Error('parse-only: no statements parsed');
  return ms;
}
