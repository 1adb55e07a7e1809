import type { GoFileContext } from './goFileContext';
import { child, namedChildren, type GoNode } from './goTree';
import { isQualifiedName } from './goTypes';

/** Functions that never return, by import path (`'any'`: every function of the package). */
const TERMINATING = new Map<string, Set<string> | 'any'>([
  ['log', new Set(['Fatal', 'Fatalf', 'Fatalln', 'Panic', 'Panicf', 'Panicln'])],
  ['os', new Set(['Exit'])],
]);
/** Methods of a value (not a package) that end a test or a program: `t.Fatal`, `b.SkipNow`, `logger.Fatalf`. */
const TERMINATING_METHODS = new Set(['Fatal', 'Fatalf', 'FailNow', 'Skip', 'Skipf', 'SkipNow']);

/**
 * True when the statement is a call that never returns: `panic(...)`, `log.Fatal*`/`log.Panic*` and `os.Exit` under
 * whatever name the file imports them (`import l "log"`: `l.Fatal`), or a `Fatal`/`FailNow`/`Skip` method of a value.
 * The one definition the body flow and the fixes' "the error check ends the path" share.
 */
export function isTerminatingCall(ctx: GoFileContext, stmt: GoNode): boolean {
  const call = namedChildren(stmt)[0];
  if (call?.type !== 'call_expression') return false;
  const fn = child(call, 'function');
  if (fn?.type === 'identifier') return ctx.text(fn) === 'panic';
  if (fn?.type !== 'selector_expression') return false;
  const method = ctx.text(child(fn, 'field'));
  for (const [pkg, names] of TERMINATING) {
    if (isQualifiedName(ctx.tree, ctx.imports, fn, pkg, names === 'any' ? method : names)) return true;
  }
  const operand = child(fn, 'operand');
  return TERMINATING_METHODS.has(method) && operand?.type === 'identifier' && !ctx.imports.pathOf(ctx.text(operand));
}
