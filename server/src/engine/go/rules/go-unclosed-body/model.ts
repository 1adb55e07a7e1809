import { goScopes } from '../../goScopes';
import type { RelatedLocation } from '../../../finding';
import { leakSentence } from '../../../leakPath';
import { BodyFlow, TooDeep, type Leak } from '../../goBodyFlow';
import type { GoFileContext } from '../../goFileContext';
import { clip, code } from '../../goMessageText';
import type { GoReport } from '../../goRule';
import { deferBeforeCheck, followedBinding, responseProducer, responseSites } from '../../goResponseSites';
import type { GoNode } from '../../goTree';
import { enclosingFunction, FUNCTION_TYPES } from '../../goTypes';
import { closeFix, discardedFix } from './fix';


const DRAINED_NOTE =
  '**Medium confidence:** the body is read to the end before this exit, and Go\'s transport then reuses the connection even without `Close`. The `net/http` contract still asks for `Close` (an error before the end leaves it open).\n\n';

const NO_FIX_NOTE =
  '**No quick fix here:** the response is not followed by a plain `if err != nil { return ... }` check (it is tested inside a combined condition, a switch or an `if` initialiser), or a leaking path may hold a nil response, so there is no single place where a close is certainly right. Check the error on its own, then `defer resp.Body.Close()`.\n\n';

function describe(ctx: GoFileContext, leak: Leak): string {
  const line = ctx.lines.position(leak.kind === 'end' || leak.kind === 'loop-end' ? leak.node.end - 1 : leak.node.start).line;
  return leakSentence(leak.kind, line, !!leak.node.parent && FUNCTION_TYPES.has(leak.node.parent.type), 'gerund');
}

export function checkResponseBodies(ctx: GoFileContext, report: GoReport): void {
  for (const { call: n, label, binding } of responseSites(ctx)) {
    if (binding.discarded) {
      const fix = discardedFix(ctx, binding, n);
      report(n, `Response of ${code(label, 40)} is discarded, so its body is never closed; name it and close the body`, fix ? [fix] : [], fix ? undefined : NO_FIX_NOTE);
      continue;
    }
    const respName = binding.respName!;
    // Followed only from a statement of a block or an if initialiser (a switch or for header: skipped).
    if (!followedBinding(binding)) continue;
    // Reported by go-defer-close-before-check instead.
    if (deferBeforeCheck(ctx, binding)) continue;
    const fn = enclosingFunction(binding.stmt);
    if (!fn) continue;
    const declaration = binding.declares ? 'local' : declarationOf(ctx, fn, respName);
    // Assigned to a variable of an enclosing function or the package: whoever owns it closes it.
    if (declaration === 'outer') continue;
    const flow = new BodyFlow(ctx, respName, binding.errName, (call) => responseProducer(ctx, call) !== undefined, declaration === 'result');
    try {
      flow.run(binding.stmt, binding.declares);
    } catch (err) {
      if (err instanceof TooDeep) continue; // prefer silence over a guess
      throw err;
    }
    if (flow.leaks.length === 0) continue;
    const at = (l: Leak) => (l.kind === 'end' || l.kind === 'loop-end' ? l.node.end : l.node.start);
    const leaks = [...flow.leaks].sort((a, b) => at(a) - at(b));
    const fix = closeFix(ctx, binding, leaks, flow.escapes);
    // Read to EOF on the way (io.ReadAll, io.Copy to io.Discard): the transport already took the connection back
    // (measured in goRuntimeFacts.test.ts), so only the net/http contract is broken: medium confidence.
    const drained = flow.drainedBeforeEveryLeak();
    const note = drained ? `${DRAINED_NOTE}${fix ? '' : NO_FIX_NOTE}` : fix ? undefined : NO_FIX_NOTE;
    report(
      n,
      `Body of ${code(respName, 16)} (${clip(label, 32)}) is not closed when ${describe(ctx, leaks[0])}; close it on every path`,
      fix ? [fix] : [],
      note,
      drained ? 'medium' : 'high',
      leakPath(ctx, leaks),
    );
  }
}

/** The exits where the body is still open, in source order (at most 8), for the hover's leaking path. */
function leakPath(ctx: GoFileContext, leaks: readonly Leak[]): RelatedLocation[] {
  return leaks.slice(0, 8).map((l) => {
    const closing = l.kind === 'end' || l.kind === 'loop-end';
    return { start: closing ? l.node.end - 1 : l.node.start, end: l.node.end, note: `body still open: ${describe(ctx, l)}` };
  });
}


/** Where `name` is declared as seen from function `fn`: a named result, a local/parameter, or outside it. */
function declarationOf(ctx: GoFileContext, fn: GoNode, name: string): 'result' | 'local' | 'outer' {
  const known = goScopes(ctx).declarations(fn);
  return known.results.has(name) ? 'result' : known.params.has(name) || known.locals.has(name) ? 'local' : 'outer';
}

