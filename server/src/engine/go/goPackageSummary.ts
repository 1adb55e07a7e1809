import type { BodyUse } from './goBodyUses';
import type { FunctionFacts, GoFileFacts } from './goFileFacts';

/**
 * Facts about one Go package (the files of a directory with the same package clause), combined
 * from the per-file facts: which functions close what they are given, which run only per request,
 * which return responses or clients.
 */
export class GoPackageSummary {
  private readonly functions = new Map<string, FunctionFacts[]>();
  private readonly consumesCache = new Map<string, boolean>();
  private readonly perRequestSet = new Set<string>();
  readonly clientFields = new Set<string>();
  readonly clientVars = new Set<string>();
  readonly topLevelNames = new Set<string>();
  readonly packageVars = new Set<string>();
  /** Plain functions whose first result is *http.Response. */
  readonly responseFunctions = new Set<string>();
  /** Methods whose first result is *http.Response: method name -> receiver type names. */
  readonly responseMethods = new Map<string, Set<string>>();
  readonly clientFunctions = new Set<string>();

  constructor(readonly packageName: string, files: readonly GoFileFacts[]) {
    const valueRefs = new Set<string>();
    const callSites = new Map<string, GoFileFacts['callSites']>();
    for (const f of files) {
      for (const fn of f.functions) {
        let list = this.functions.get(fn.name);
        if (!list) this.functions.set(fn.name, (list = []));
        list.push(fn);
        // A wrapper that closes the body before returning the response (or returns nil) is no source.
        const opensResponse = fn.returnsResponse && fn.responseReturn !== 'closed';
        if (opensResponse && !fn.isMethod) this.responseFunctions.add(fn.name);
        if (opensResponse && fn.isMethod && fn.receiverType) {
          let types = this.responseMethods.get(fn.name);
          if (!types) this.responseMethods.set(fn.name, (types = new Set()));
          types.add(fn.receiverType);
        }
        if (fn.returnsClient) this.clientFunctions.add(fn.name);
      }
      for (const s of f.callSites) {
        let list = callSites.get(s.callee);
        if (!list) callSites.set(s.callee, (list = []));
        list.push(s);
      }
      for (const r of f.valueRefs) valueRefs.add(r);
      for (const r of f.clientFields) this.clientFields.add(r);
      for (const r of f.clientVars) this.clientVars.add(r);
      for (const r of f.topLevelNames) this.topLevelNames.add(r);
      for (const r of f.packageVars) this.packageVars.add(r);
    }
    this.computePerRequest(callSites, valueRefs);
    // The call sites and value references are dropped once read: only these names are asked about later.
    for (const [name, sites] of callSites) {
      if (valueRefs.has(name)) continue;
      if (sites.every((s) => s.context.kind === 'once' || (s.context.kind === 'inherit' && (s.context.caller === 'main' || s.context.caller === 'init')))) {
        this.reachedOnceSet.add(name);
      }
    }
  }

  /** Functions with call sites, none used as a value, every call running once (see reachedOnlyOnce). */
  private readonly reachedOnceSet = new Set<string>();

  /** Every call of the function in the package runs once (package level, main, init, sync.Once), and it is never used as a value. */
  reachedOnlyOnce(name: string): boolean {
    return name === 'main' || name === 'init' || this.reachedOnceSet.has(name);
  }

  hasFunction(name: string): boolean {
    return this.functions.has(name);
  }

  /**
   * True when every function of that name in the package is reached only from per-request places
   * (handlers, loops, or other such functions). Exported functions of library packages and
   * functions used as values may be called from anywhere: never per request.
   */
  isPerRequest(name: string): boolean {
    return this.perRequestSet.has(name);
  }

  private computePerRequest(callSites: Map<string, GoFileFacts['callSites']>, valueRefs: Set<string>): void {
    const candidates = [...this.functions.keys()].filter((name) => {
      const decls = this.functions.get(name)!;
      if (valueRefs.has(name)) return false;
      if (decls.some((d) => d.exported && this.packageName !== 'main')) return false;
      if (decls.some((d) => !d.isMethod && (name === 'main' || name === 'init'))) return false;
      return (callSites.get(name)?.length ?? 0) > 0;
    });
    // Least fixpoint: start from "not per request" and grow; recursion without a per-request entry stays out.
    let changed = true;
    while (changed) {
      changed = false;
      for (const name of candidates) {
        if (this.perRequestSet.has(name)) continue;
        const sites = callSites.get(name)!;
        const all = sites.every((s) => (s.context.kind === 'per-request' && !s.stored) || (s.context.kind === 'inherit' && s.context.caller !== name && this.perRequestSet.has(s.context.caller)));
        if (all) {
          this.perRequestSet.add(name);
          changed = true;
        }
      }
    }
  }

  /**
   * True when a function of the package closes (or hands away) its parameter `index`:
   * then passing a response or body to it discharges the caller's obligation.
   */
  consumesParameter(name: string, index: number): boolean {
    return this.consumes(name, index, new Set());
  }

  private consumes(name: string, index: number, visiting: Set<string>): boolean {
    const key = `${name}#${index}`;
    const cached = this.consumesCache.get(key);
    if (cached !== undefined) return cached;
    const decls = this.functions.get(name);
    if (!decls) return true; // not ours: unknown behaviour counts as handed away
    if (visiting.has(key)) return false;
    visiting.add(key);
    let result = false;
    for (const d of decls) {
      const uses = d.paramUses[index];
      if (uses === undefined) {
        // variadic tail or a signature mismatch: we cannot tell
        result = true;
        break;
      }
      if (uses.some((u) => this.useConsumes(u, visiting))) {
        result = true;
        break;
      }
    }
    visiting.delete(key);
    this.consumesCache.set(key, result);
    return result;
  }

  private useConsumes(use: BodyUse, visiting: Set<string>): boolean {
    if (use.kind === 'close' || use.kind === 'escape') return true;
    // A helper's hand-off to another package: unknown from here, counted as handed away.
    if (use.kind === 'call' && use.importPath !== undefined) return true;
    if (use.kind === 'call') return this.consumes(use.name, use.index, visiting);
    return false;
  }

  /** Resolves a use to close / escape / neutral with this package's helper summaries. */
  resolve(use: BodyUse, moduleSummary?: (importPath: string) => GoPackageSummary | undefined): 'close' | 'escape' | 'neutral' | 'alias' {
    if (use.kind === 'call' && use.importPath !== undefined) {
      // A function of another package of the module that only reads what it is given is no hand-off.
      const other = moduleSummary?.(use.importPath);
      if (!other?.hasFunction(use.name)) return 'escape';
      return other.consumesParameter(use.name, use.index) ? 'close' : 'neutral';
    }
    if (use.kind === 'call') return this.consumesParameter(use.name, use.index) ? 'close' : 'neutral';
    return use.kind;
  }
}
