/**
 * `exclude` globs, as .gitignore-style users expect: `*` and `?` stay within a path segment, `**` crosses
 * segments, `{a,b}` alternates, `[abc]`/`[a-z]`/`[!a]` are classes. A pattern without a `/` (other than a trailing
 * one) matches a name at any depth; one with a `/` is anchored at the base folder. A pattern that matches a folder
 * excludes everything below it.
 *
 * Matching uses the greedy wildcard algorithm (one back-track point), never a backtracking regular expression:
 * its cost is bounded by pattern length × path length, whatever the pattern.
 */
const MAX_ALTERNATIVES = 64;

type Token = { kind: 'char'; char: string } | { kind: 'any' } | { kind: 'star' } | { kind: 'class'; test: (c: string) => boolean };
type Segment = { kind: 'globstar' } | { kind: 'name'; tokens: Token[] };

export class GlobPattern {
  private readonly alternatives: Segment[][];

  constructor(readonly source: string) {
    let body = source.trim().replace(/\\/g, '/');
    if (body.startsWith('./')) body = body.slice(2);
    body = body.replace(/\/+$/, '');
    const anchored = body.includes('/');
    body = body.replace(/^\/+/, '');
    if (body.length === 0) throw new Error(`empty glob '${source}'`);
    this.alternatives = expandBraces(body, source).map((alternative) => {
      const segments = alternative.split('/').filter((s) => s.length > 0).map((s) => parseSegment(s, source));
      return anchored ? segments : [{ kind: 'globstar' } as Segment, ...segments];
    });
  }

  /** True when the relative, `/`-separated path or one of the folders it is in matches. */
  matches(relativePath: string): boolean {
    const segments = relativePath.split('/').filter((s) => s.length > 0 && s !== '.');
    if (segments.length === 0 || segments[0] === '..') return false;
    for (let n = 1; n <= segments.length; n++) {
      const prefix = segments.slice(0, n);
      if (this.alternatives.some((pattern) => wildcardMatch(pattern, prefix, (p) => p.kind === 'globstar', matchSegment))) return true;
    }
    return false;
  }
}

/**
 * Greedy wildcard matching of `items` against `pattern`, where `isStar(p)` marks an element that matches any run
 * of items (zero or more) and `matchOne` compares one element with one item.
 */
function wildcardMatch<P, I>(pattern: readonly P[], items: readonly I[], isStar: (p: P) => boolean, matchOne: (p: P, i: I) => boolean): boolean {
  let p = 0;
  let i = 0;
  let starP = -1;
  let starI = 0;
  while (i < items.length) {
    if (p < pattern.length && isStar(pattern[p])) {
      starP = p++;
      starI = i;
    } else if (p < pattern.length && matchOne(pattern[p], items[i])) {
      p++;
      i++;
    } else if (starP >= 0) {
      p = starP + 1;
      i = ++starI;
    } else return false;
  }
  while (p < pattern.length && isStar(pattern[p])) p++;
  return p === pattern.length;
}

function matchSegment(segment: Segment, name: string): boolean {
  if (segment.kind === 'globstar') return false;
  return wildcardMatch(
    segment.tokens,
    [...name],
    (t) => t.kind === 'star',
    (t, c) => (t.kind === 'char' ? t.char === c : t.kind === 'any' ? true : t.kind === 'class' ? t.test(c) : false),
  );
}

function parseSegment(text: string, source: string): Segment {
  if (text === '**') return { kind: 'globstar' };
  const tokens: Token[] = [];
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (c === '*') {
      if (tokens.at(-1)?.kind !== 'star') tokens.push({ kind: 'star' });
    } else if (c === '?') tokens.push({ kind: 'any' });
    else if (c === '[') {
      const close = text.indexOf(']', i + 2);
      if (close < 0) throw new Error(`unclosed '[' in glob '${source}'`);
      tokens.push({ kind: 'class', test: parseClass(text.slice(i + 1, close)) });
      i = close;
    } else tokens.push({ kind: 'char', char: c });
  }
  return { kind: 'name', tokens };
}

function parseClass(inner: string): (c: string) => boolean {
  const negated = inner.startsWith('!') || inner.startsWith('^');
  const body = negated ? inner.slice(1) : inner;
  const ranges: Array<[string, string]> = [];
  for (let i = 0; i < body.length; i++) {
    if (body[i + 1] === '-' && i + 2 < body.length) {
      ranges.push([body[i], body[i + 2]]);
      i += 2;
    } else ranges.push([body[i], body[i]]);
  }
  return (c) => ranges.some(([lo, hi]) => lo <= c && c <= hi) !== negated;
}

/** `a/{b,c}/*.{js,ts}` → four patterns. Nested braces work; more than MAX_ALTERNATIVES is refused. */
function expandBraces(glob: string, source: string): string[] {
  const open = glob.indexOf('{');
  if (open < 0) {
    if (glob.includes('}')) throw new Error(`unmatched '}' in glob '${source}'`);
    return [glob];
  }
  let depth = 0;
  const commas: number[] = [];
  let close = -1;
  for (let i = open; i < glob.length && close < 0; i++) {
    if (glob[i] === '{') depth++;
    else if (glob[i] === '}' && --depth === 0) close = i;
    else if (glob[i] === ',' && depth === 1) commas.push(i);
  }
  if (close < 0) throw new Error(`unclosed '{' in glob '${source}'`);
  const bounds = [open, ...commas, close];
  const out: string[] = [];
  for (let k = 0; k + 1 < bounds.length; k++) {
    for (const rest of expandBraces(glob.slice(bounds[k] + 1, bounds[k + 1]) + glob.slice(close + 1), source)) {
      out.push(glob.slice(0, open) + rest);
      if (out.length > MAX_ALTERNATIVES) throw new Error(`glob '${source}' expands to more than ${MAX_ALTERNATIVES} patterns`);
    }
  }
  return out;
}
