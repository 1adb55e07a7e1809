import { classifyBodyUse, type BodyUse, type TrackedKind } from './goBodyUses';
import { ImportTable, readImports } from './goImports';
import { resultStored } from './goResultStorage';
import { responseReturnOf, type ResponseReturn } from './goResponseReturn';
import { child, namedChildren, textOf, walk, type GoNode, type GoTree } from './goTree';
import { isHandlerShaped, isNamedType, localContext, parameters, resultTypes, type LocalContext } from './goTypes';

/** What one function declares about itself, for the package summary. */
export interface FunctionFacts {
  name: string;
  isMethod: boolean;
  /** For methods: the receiver's type name (`T` for `func (x *T) ...`). */
  receiverType?: string;
  handler: boolean;
  exported: boolean;
  /** First result is *http.Response: callers own the body. */
  returnsResponse: boolean;
  /** For response-returning functions: whether a caller gets a body to close (see responseReturnOf). */
  responseReturn?: ResponseReturn;
  /** Some result is *http.Client. */
  returnsClient: boolean;
  /**
   * Per parameter: what the function does with it that can discharge a caller's obligation (see compactUses):
   * one use that closes or hands it away, else the calls it is passed on to; no neutral uses.
   */
  paramUses: (readonly BodyUse[])[];
}

/** What extractFacts has kept of a file's call sites so far (see compactCallSite). */
interface CallSiteTable {
  /** Keys of the sites kept. */
  seen: Set<string>;
  /** One `inherit` context per caller name. */
  inherit: Map<string, LocalContext>;
  /** One string per callee name. */
  callees: Map<string, string>;
}

/**
 * Call sites of a file that are the same for the summary (callee, context, storage) are kept once, with their
 * context objects and callee names shared: the summary only asks whether a callee has sites and whether all of
 * them run per request or once, so repeats add nothing. About a third of the generated corpus's call sites are
 * repeats.
 */
function compactCallSite(table: CallSiteTable, callee: string, context: LocalContext, stored: boolean): CallSite | undefined {
  const where = context.kind === 'per-request' ? context.reason : context.kind === 'inherit' ? context.caller : '';
  const key = `${callee}\0${context.kind}\0${where}\0${stored ? 1 : 0}`;
  if (table.seen.has(key)) return undefined;
  table.seen.add(key);
  let name = table.callees.get(callee);
  if (name === undefined) table.callees.set(callee, (name = callee));
  let shared = sharedContext(context);
  if (context.kind === 'inherit') {
    shared = table.inherit.get(context.caller) ?? context;
    table.inherit.set(context.caller, shared);
  }
  return stored ? { callee: name, context: shared, stored } : { callee: name, context: shared };
}

const ONCE: LocalContext = Object.freeze({ kind: 'once' });
const PER_REQUEST_HANDLER: LocalContext = Object.freeze({ kind: 'per-request', reason: 'handler' });
const PER_REQUEST_LOOP: LocalContext = Object.freeze({ kind: 'per-request', reason: 'loop' });

/** One object for each context without a caller (read only, shared by every file's facts). */
function sharedContext(context: LocalContext): LocalContext {
  if (context.kind === 'once') return ONCE;
  if (context.kind === 'per-request') return context.reason === 'handler' ? PER_REQUEST_HANDLER : PER_REQUEST_LOOP;
  return context;
}

const NO_USES: readonly BodyUse[] = Object.freeze([]);
const CLOSES: readonly BodyUse[] = Object.freeze([Object.freeze({ kind: 'close' as const })]);
const ESCAPES: readonly BodyUse[] = Object.freeze([Object.freeze({ kind: 'escape' as const })]);

/**
 * What the package summary needs of a parameter's uses (GoPackageSummary.consumes asks whether some use closes
 * or hands the parameter away): the first use that does so outright (a close, an escape, a call into another
 * package), else the distinct calls within the package it is passed to; neutral uses answer nothing. A file's
 * parameters have about 190k uses in the generated corpus, most of them neutral or repeated.
 */
function compactUses(uses: readonly BodyUse[]): readonly BodyUse[] {
  const calls = new Map<string, BodyUse>();
  for (const use of uses) {
    if (use.kind === 'close') return CLOSES;
    if (use.kind === 'escape') return ESCAPES;
    if (use.kind !== 'call') continue;
    if (use.importPath !== undefined) return [use];
    calls.set(`${use.name}#${use.index}`, use);
  }
  return calls.size === 0 ? NO_USES : [...calls.values()];
}

export interface CallSite {
  callee: string;
  context: LocalContext;
  /** The call's result is kept in a field, element or slice (one object per configured item, not per request). */
  stored?: boolean;
}

/** Everything the package summary needs from one file; the syntax tree itself can be dropped. */
export interface GoFileFacts {
  packageName: string;
  /** Import paths of the file (to find the files that depend on a package of the module). */
  importPaths: string[];
  functions: FunctionFacts[];
  callSites: CallSite[];
  /** Names used as values (passed, assigned, stored): functions referenced this way may run anywhere. */
  valueRefs: NameList;
  /** Struct field names declared as *http.Client / http.Client. */
  clientFields: NameList;
  /** Package-level variables holding an *http.Client. */
  clientVars: NameList;
  /** Every package-level name (funcs, vars, consts, types). */
  topLevelNames: NameList;
  /** Package-level variable names. */
  packageVars: NameList;
}

/**
 * Distinct names, sorted (so that two facts compare equal as JSON when they hold the same names). An array, not a
 * Set: the summary only iterates them, and a Set's table costs about three times the array per name.
 */
export type NameList = readonly string[];

const NO_NAMES: NameList = Object.freeze([]);

/** A list of the set's names; the shared empty list when there are none (most files declare no client). */
export function nameList(names: ReadonlySet<string>): NameList {
  return names.size === 0 ? NO_NAMES : [...names].sort();
}

/** The facts while a file is read: name sets, turned into lists when done. */
type FactsBuilder = Omit<GoFileFacts, 'valueRefs' | 'clientFields' | 'clientVars' | 'topLevelNames' | 'packageVars'> & {
  valueRefs: Set<string>;
  clientFields: Set<string>;
  clientVars: Set<string>;
  topLevelNames: Set<string>;
  packageVars: Set<string>;
};

function isExported(name: string): boolean {
  return /^[A-Z]/.test(name);
}

export function isHttpClientExpression(tree: GoTree, imports: ImportTable, expr: GoNode | undefined): boolean {
  if (!expr) return false;
  let e = expr;
  if (e.type === 'unary_expression' && textOf(tree, child(e, 'operator')!) === '&') e = child(e, 'operand')!;
  if (e?.type === 'composite_literal') return isNamedType(tree, imports, child(e, 'type'), 'net/http', 'Client', false);
  if (e?.type === 'call_expression') {
    const fn = child(e, 'function');
    const args = child(e, 'arguments');
    if (fn && textOf(tree, fn) === 'new' && args) return isNamedType(tree, imports, namedChildren(args)[0], 'net/http', 'Client', false);
  }
  return false;
}

/** The kind of obligation a parameter of this type would carry if it were a response or a body. */
function paramKind(tree: GoTree, imports: ImportTable, type: GoNode | undefined): TrackedKind {
  return isNamedType(tree, imports, type, 'net/http', 'Response', true) ? 'response' : 'body';
}

/** Uses of `names` (and local aliases made from them) inside `body`. */
export function collectUses(tree: GoTree, imports: ImportTable, body: GoNode, names: Map<string, TrackedKind>): BodyUse[] {
  const tracked = new Map(names);
  const uses: BodyUse[] = [];
  walk(body, (n) => {
    if (n.type !== 'identifier') return;
    const kind = tracked.get(textOf(tree, n));
    if (!kind) return;
    const use = classifyBodyUse(tree, imports, n, kind);
    if (use.kind === 'alias') tracked.set(use.name, use.aliasKind);
    else uses.push(use);
  });
  return uses;
}

export function extractFacts(tree: GoTree): GoFileFacts {
  const imports = new ImportTable(readImports(tree));
  const facts: FactsBuilder = {
    packageName: '',
    importPaths: imports.imports.map((i) => i.path),
    functions: [],
    callSites: [],
    valueRefs: new Set(),
    clientFields: new Set(),
    clientVars: new Set(),
    topLevelNames: new Set(),
    packageVars: new Set(),
  };
  for (const decl of tree.root.children) {
    switch (decl.type) {
      case 'package_clause': {
        const id = namedChildren(decl)[0];
        if (id) facts.packageName = textOf(tree, id);
        break;
      }
      case 'function_declaration':
      case 'method_declaration': {
        const nameNode = child(decl, 'name');
        if (!nameNode) break;
        const name = textOf(tree, nameNode);
        if (decl.type === 'function_declaration') facts.topLevelNames.add(name);
        const results = resultTypes(decl);
        const body = child(decl, 'body');
        const params = parameters(decl);
        const returnsResponse = results.length > 0 && isNamedType(tree, imports, results[0], 'net/http', 'Response', true);
        facts.functions.push({
          name,
          isMethod: decl.type === 'method_declaration',
          receiverType: decl.type === 'method_declaration' ? receiverTypeName(tree, decl) : undefined,
          handler: isHandlerShaped(tree, imports, decl),
          exported: isExported(name),
          returnsResponse,
          responseReturn: returnsResponse ? responseReturnOf(tree, decl) : undefined,
          returnsClient: results.some((r) => isNamedType(tree, imports, r, 'net/http', 'Client', true)),
          paramUses: params.map((p) => {
            if (!p.name || !body) return NO_USES;
            const pname = textOf(tree, p.name);
            if (pname === '_') return NO_USES;
            return compactUses(collectUses(tree, imports, body, new Map([[pname, paramKind(tree, imports, p.type)]])));
          }),
        });
        break;
      }
      case 'var_declaration':
      case 'const_declaration':
      case 'type_declaration':
        walk(decl, (n) => {
          if (n.type === 'var_spec' || n.type === 'const_spec' || n.type === 'type_spec' || n.type === 'type_alias') {
            const names = n.children.filter((c) => c.field === 'name');
            const values = child(n, 'value');
            names.forEach((nameNode, i) => {
              const name = textOf(tree, nameNode);
              facts.topLevelNames.add(name);
              if (n.type === 'var_spec') {
                facts.packageVars.add(name);
                const type = child(n, 'type');
                const value = values ? namedChildren(values)[i] : undefined;
                if (isNamedType(tree, imports, type, 'net/http', 'Client') || isHttpClientExpression(tree, imports, value)) facts.clientVars.add(name);
              }
            });
            return false;
          }
          if (n.type === 'var_spec_list' || n.type === 'const_spec_list' || n.type === 'type_spec_list' || n === decl) return;
          return false;
        });
        break;
    }
  }
  const seenSites: CallSiteTable = { seen: new Set(), inherit: new Map(), callees: new Map() };
  walk(tree.root, (n) => {
    if (n.type === 'field_declaration') {
      if (isNamedType(tree, imports, child(n, 'type'), 'net/http', 'Client')) {
        for (const c of n.children) if (c.field === 'name') facts.clientFields.add(textOf(tree, c));
      }
      return;
    }
    if (n.type === 'call_expression') {
      const fn = child(n, 'function');
      let callee: string | undefined;
      if (fn?.type === 'identifier') callee = textOf(tree, fn);
      else if (fn?.type === 'selector_expression') {
        const operand = child(fn, 'operand');
        const isPackage = operand?.type === 'identifier' && imports.pathOf(textOf(tree, operand)) !== undefined;
        if (!isPackage) callee = textOf(tree, child(fn, 'field')!);
      }
      if (callee) {
        const context = localContext(tree, imports, n);
        // Only loops build one object per configured item; a handler's calls need no (costly) storage check.
        const stored = context.kind === 'per-request' && context.reason === 'loop' && resultStored(tree, n);
        const site = compactCallSite(seenSites, callee, context, stored);
        if (site) facts.callSites.push(site);
      }
      return;
    }
    const p = n.parent;
    if (!p) return;
    if (n.type === 'identifier' && (p.type === 'argument_list' || p.type === 'literal_element' || (p.type === 'expression_list' && p.field !== 'left'))) {
      facts.valueRefs.add(textOf(tree, n));
    } else if (n.type === 'selector_expression' && (p.type === 'argument_list' || p.type === 'literal_element' || (p.type === 'expression_list' && p.field !== 'left'))) {
      const field = child(n, 'field');
      if (field) facts.valueRefs.add(textOf(tree, field));
    }
  });
  return {
    ...facts,
    valueRefs: nameList(facts.valueRefs),
    clientFields: nameList(facts.clientFields),
    clientVars: nameList(facts.clientVars),
    topLevelNames: nameList(facts.topLevelNames),
    packageVars: nameList(facts.packageVars),
  };
}

/** `T` for a method declared `func (x *T) M()` or `func (T) M()` (type parameters ignored). */
export function receiverTypeName(tree: GoTree, method: GoNode): string | undefined {
  const receiver = child(method, 'receiver');
  const decl = receiver && namedChildren(receiver)[0];
  let type = decl && child(decl, 'type');
  if (type?.type === 'pointer_type') type = namedChildren(type)[0];
  if (type?.type === 'generic_type') type = child(type, 'type');
  return type?.type === 'type_identifier' ? textOf(tree, type) : undefined;
}
