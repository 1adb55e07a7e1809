import ts = require('typescript');
import { LineIndex } from '../textPositions';
import { ContextIndex, type RepeatReason } from './jsContexts';
import { EntityResolver } from './jsEntities';
import { ScopeIndex } from './jsScopes';
import { parseJs, skipOuter } from './jsSyntax';
import { WrapperIndex, type ExternalWrapperLookup } from './jsWrappers';

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
  private seededOutgoing?: { key: string; calls: { module: string; exportName: string; reason: RepeatReason }[] };
  readonly lines: LineIndex;
  /** `engines.node` of the file's package.json, when the front-end found one. */
  nodeEngines?: string;
  private wrapperLookup?: ExternalWrapperLookup;
  private wrapperKey = '';
  private wrapperIndex?: WrapperIndex;
  /** Names already taken by fixes proposed for this version (so two hoists never pick the same name). */
  readonly reservedNames = new Set<string>();
  /** Facts about the whole file that fixes ask for once per finding, computed once (see jsFixTools). */
  readonly memo: { moduleStyle?: 'esm' | 'cjs'; numericSeparators?: boolean } = {};

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

  /** Calls to other files' functions made per request, counting the contexts seeded from other files. */
  seededOutgoingCalls(): { module: string; exportName: string; reason: RepeatReason }[] {
    if (this.contexts === this.ownContexts) return this.outgoingCalls();
    if (this.seededOutgoing?.key !== this.seedKey) this.seededOutgoing = { key: this.seedKey, calls: this.contexts.outgoingCalls() };
    return this.seededOutgoing.calls;
  }

  /** Uses seeds from other files (rebuilding the context index only, never re-parsing) when they changed. */
  useSeeds(seeds: readonly { fn: ts.Node; reason: RepeatReason }[], key: string): void {
    if (key === this.seedKey) return;
    this.seedKey = key;
    this.contexts = seeds.length ? new ContextIndex(this.sourceFile, this.scopes, this.entities, this.path, seeds) : this.ownContexts;
  }

  /** Functions of this file (and, through the lookup, of files it imports) that return an unread response. */
  get wrappers(): WrapperIndex {
    this.wrapperIndex ??= new WrapperIndex(this, this.wrapperLookup);
    return this.wrapperIndex;
  }

  /** Sets how imported wrappers are looked up; `key` changes when any file they may come from changed. */
  useWrapperLookup(lookup: ExternalWrapperLookup, key: string): void {
    if (key === this.wrapperKey && this.wrapperLookup) return;
    this.wrapperKey = key;
    this.wrapperLookup = lookup;
    this.wrapperIndex = undefined;
  }

  /** Relative module specifiers this file imports or requires at module scope. */
  relativeImports(): string[] {
    const out = new Set<string>();
    const relative = (m: string) => m.startsWith('./') || m.startsWith('../');
    for (const d of this.scopes.moduleScope().values()) {
      if (d.importFrom && relative(d.importFrom.module)) out.add(d.importFrom.module);
      else if (d.init) {
        let e = skipOuter(d.init);
        while (ts.isPropertyAccessExpression(e)) e = skipOuter(e.expression);
        if (ts.isCallExpression(e) && ts.isIdentifier(e.expression) && e.expression.text === 'require') {
          const spec = e.arguments[0];
          if (spec && ts.isStringLiteralLike(spec) && relative(spec.text)) out.add(spec.text);
        }
      }
    }
    return [...out];
  }

  lineOf(node: ts.Node): number {
    return this.lines.position(node.getStart(this.sourceFile)).line;
  }

  textOf(node: ts.Node): string {
    return node.getText(this.sourceFile);
  }
}
