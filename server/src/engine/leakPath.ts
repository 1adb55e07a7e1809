/**
 * The leak-path vocabulary both body-flow walkers share (go/goBodyFlow.ts over tree-sitter, js/jsBodyFlow.ts over
 * the TypeScript AST): one lattice of path states, one set of leak kinds, one way to say where a path leaks.
 */

/**
 * Path states as a bit set: the states of a tracked response on the paths that reach a point. Paths merge by
 * union (`join`); the empty set means no path gets there.
 */
export const UNREACHABLE = 0;
/** Obtained, and its body still owed a close or a read. */
export const OPEN = 1;
/** Closed, read, cancelled, or handed away. */
export const RELEASED = 2;
/** Nothing to release on this path: not obtained yet, or the call failed (a nil response). */
export const ABSENT = 4;

export function join(a: number, b: number): number {
  return a | b;
}

/** The path states after the body is released where it was open. */
export function release(s: number): number {
  return s & OPEN ? (s & ~OPEN) | RELEASED : s;
}

/** The path states after learning that the response is absent where it was open (`if err != nil`). */
export function toAbsent(s: number): number {
  return s & OPEN ? (s & ~OPEN) | ABSENT : s;
}

/**
 * The one state that decides for a set of paths: open when any path is, else released when any path is. The JS
 * walker keeps this single state per point (it reports a path as soon as one is open); the Go walker keeps the set.
 */
export function mostDemanding(s: number): number {
  return s & OPEN ? OPEN : s & RELEASED ? RELEASED : s;
}

/** How a path leaves with the body still open. */
export type LeakKind =
  | 'return'
  | 'throw'
  | 'continue'
  | 'break'
  /** The end of the function or of the block that declares the variable. */
  | 'end'
  /** The end of a loop iteration (Go: the next iteration obtains a new response). */
  | 'loop-end'
  /** The variable is assigned a new response. */
  | 'overwrite';

/**
 * Where a path leaks, as words that follow "when": `returning on line 12` (the Go messages' form) or
 * `it returns on line 12` (the JS/TS messages' form). `endsFunction` tells a function's end from a block's.
 */
export function leakSentence(kind: LeakKind, line: number, endsFunction: boolean, form: 'gerund' | 'clause'): string {
  const gerund = form === 'gerund';
  switch (kind) {
    case 'return':
      return gerund ? `returning on line ${line}` : `it returns on line ${line}`;
    case 'throw':
      return gerund ? `throwing on line ${line}` : `it throws on line ${line}`;
    case 'continue':
      return gerund ? `continuing on line ${line}` : `the loop continues on line ${line}`;
    case 'break':
      return gerund ? `breaking out on line ${line}` : `the loop breaks on line ${line}`;
    case 'loop-end':
      return `the loop iteration ends on line ${line}`;
    case 'overwrite':
      return gerund ? `reassigned on line ${line}` : `it is reassigned on line ${line}`;
    case 'end':
      if (endsFunction) return `the function ends on line ${line}`;
      return gerund ? `its block ends on line ${line}` : `the block ending on line ${line} is left`;
  }
}
