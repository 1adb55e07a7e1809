import type * as ts from 'typescript';
import { LineIndex } from '../textPositions';
import { ContextIndex } from './jsContexts';
import { EntityResolver } from './jsEntities';
import { ScopeIndex } from './jsScopes';
import { parseJs } from './jsSyntax';

/** One parsed JS/TS file with the indexes every check uses. Built once per document version. */
export class JsFile {
  readonly sourceFile: ts.SourceFile;
  readonly scopes: ScopeIndex;
  readonly entities: EntityResolver;
  readonly contexts: ContextIndex;
  readonly lines: LineIndex;
  /** Names already taken by fixes proposed for this version (so two hoists never pick the same name). */
  readonly reservedNames = new Set<string>();

  constructor(
    readonly path: string,
    readonly text: string,
  ) {
    this.sourceFile = parseJs(path, text);
    this.scopes = new ScopeIndex(this.sourceFile);
    this.entities = new EntityResolver(this.scopes);
    this.contexts = new ContextIndex(this.sourceFile, this.scopes, this.entities, path);
    this.lines = new LineIndex(text);
  }

  lineOf(node: ts.Node): number {
    return this.lines.position(node.getStart(this.sourceFile)).line;
  }

  textOf(node: ts.Node): string {
    return node.getText(this.sourceFile);
  }
}
