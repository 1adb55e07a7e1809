import type * as ts from 'typescript';
import { LineIndex } from '../textPositions';
import { ContextIndex, type RepeatReason } from './jsContexts';
import { EntityResolver } from './jsEntities';
import { ScopeIndex } from './jsScopes';
import { parseJs } from './jsSyntax';

/** One parsed JS/TS file with the indexes every check uses. Built once per document version. */
export class JsFile {
  readonly sourceFile: ts.SourceFile;
  readonly scopes: ScopeIndex;
  readonly entities: EntityResolver;
  /** Where code runs per request, from this file alone. */
  readonly ownContexts: ContextIndex;
  /** The contexts the checks use: `ownContexts`, plus functions other files call per request. */
  contexts: ContextIndex;
  private seedKey = '';
  private outgoing?: { module: string; exportName: string; reason: RepeatReason }[];
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
    this.ownContexts = new ContextIndex(this.sourceFile, this.scopes, this.entities, path);
    this.contexts = this.ownContexts;
    this.lines = new LineIndex(text);
  }

  /** Calls this file makes per request to functions imported from relative modules. */
  outgoingCalls(): { module: string; exportName: string; reason: RepeatReason }[] {
    this.outgoing ??= this.ownContexts.outgoingCalls();
    return this.outgoing;
  }

  /** Uses seeds from other files (rebuilding the context index only, never re-parsing) when they changed. */
  useSeeds(seeds: readonly { fn: ts.Node; reason: RepeatReason }[], key: string): void {
    if (key === this.seedKey) return;
    this.seedKey = key;
    this.contexts = seeds.length ? new ContextIndex(this.sourceFile, this.scopes, this.entities, this.path, seeds) : this.ownContexts;
  }

  lineOf(node: ts.Node): number {
    return this.lines.position(node.getStart(this.sourceFile)).line;
  }

  textOf(node: ts.Node): string {
    return node.getText(this.sourceFile);
  }
}
