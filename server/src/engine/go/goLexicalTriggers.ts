import { LIBRARY_CONSTRUCTORS } from './goLibraryModels';

/**
 * A look at a Go file's text, without parsing it, that decides whether the Go checks could report anything in
 * it. Most Go files cannot matter (91 of the 3,014 files of the standard library import net/http); they are
 * not parsed unless their package summary needs their facts.
 *
 * Why it is conservative. Every finding of the three checks (goFrontEnd: checkPerRequestClients,
 * checkResponseBodies, checkKeepAlive) starts from one of these anchors, and each anchor needs a word or a
 * quoted import path in the file's own text:
 *
 *  1. `net/http` names (`http.Client{…}`, `http.Transport`, `http.Get`, `http.NewRequest`, `http.DefaultClient`,
 *     `http.DefaultTransport`, parameters typed `*http.Request` or `*http.Client`): `isNamedType` and
 *     `isQualifiedName` resolve the qualifier through the file's imports, so the file imports "net/http"
 *     (readImports takes the path from its quoted literal). Every request local (`isRequest`) starts from one.
 *  2. A library constructor of goLibraryModels.ts (`sql.Open`, `redis.NewClient`, `cleanhttp.DefaultClient`):
 *     `libraryConstructor(importPath, name)` needs the file to import a path its table matches.
 *  3. `x.RoundTrip(req)`: a response producer whatever `x` is (go/goResponseSites.ts).
 *  4. `t.DisableKeepAlives = true` / `t.MaxIdleConnsPerHost = -1` on a package variable `t` declared in any
 *     file (rules/go-disable-keepalives: sharedTransportTarget): the field name is in the file.
 *  5. A name the package summary marks as a response or client source (`responseFunctions`, `responseMethods`,
 *     `clientFunctions`, `clientVars`, `clientFields`): called or used by name in the file. Only files that
 *     import "net/http" can declare such names (each needs an `*http.Response` / `*http.Client` type or an
 *     `http.Client` literal), so `goPackageHttpNames` collects them from those files only.
 *  6. A helper of another package of the same module returning a response (`ctx.moduleSummary(path)
 *     .responseFunctions`): the file quotes that package's import path and names the helper; as in 5, the
 *     helper's package has a file importing "net/http".
 * Everything else a check consults (per-request contexts, package variables, helper summaries, the fix
 * builders) is only reached from one of these anchors. Anchors 1–4 are decided here from the text alone;
 * 5 and 6 need the package's (or the imported package's) net/http files, see GoFrontEnd.wantsAnalysis.
 *
 * Words are matched with word boundaries, quoted paths between any two quote characters of a line, and
 * comments and strings are not told apart from code: every test errs towards analysing a file.
 */
export interface GoLexicalFacts {
  /** A quoted "net/http" (anchor 1, and the only way a file can declare names for anchors 5 and 6). */
  importsNetHttp: boolean;
  /** Anchors 1–4: the file may yield findings whatever its package holds. */
  mayReportAlone: boolean;
}

const WORD_TRIGGER = /\b(?:RoundTrip|DisableKeepAlives|MaxIdleConnsPerHost)\b/;
const NET_HTTP = /["`]net\/http["`]/;

/** A quoted import path the library table knows: `"` or `` ` ``, a path one of its patterns matches, a quote. */
export const LIBRARY_IMPORT = new RegExp(`["\`](?:${LIBRARY_CONSTRUCTORS.map((c) => unanchored(c.path)).join('|')})["\`]`);

/** `^…$` without inner anchors or flags, so that it can sit between two quotes in one alternation. */
function unanchored(pattern: RegExp): string {
  const inner = pattern.source.replace(/^\^/, '').replace(/\$$/, '');
  if (pattern.flags !== '' || !pattern.source.startsWith('^') || !pattern.source.endsWith('$') || /[\^$]/.test(inner)) {
    throw new Error(`goLexicalTriggers: library import pattern ${pattern} must be ^…$ without inner anchors or flags`);
  }
  return `(?:${inner})`;
}

export function scanGoText(text: string): GoLexicalFacts {
  const importsNetHttp = NET_HTTP.test(text);
  return { importsNetHttp, mayReportAlone: importsNetHttp || WORD_TRIGGER.test(text) || LIBRARY_IMPORT.test(text) };
}

const QUOTED_PIECE = /["`]([^"`\n]*)(?=["`])/g;

/**
 * The text between every quote character and the next one on its line: a superset of the contents of the
 * file's string literals that hold no quote, import paths among them.
 */
export function quotedPieces(text: string): Set<string> {
  const out = new Set<string>();
  for (const m of text.matchAll(QUOTED_PIECE)) out.add(m[1]!);
  return out;
}

/** A test for "the text spells one of these identifiers" (not inside a longer identifier). */
export function identifierMatcher(names: Iterable<string>): (text: string) => boolean {
  const list = [...names].map((n) => n.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'));
  if (list.length === 0) return () => false;
  const pattern = new RegExp(`(?<![\\p{L}\\p{N}_])(?:${list.join('|')})(?![\\p{L}\\p{N}_])`, 'u');
  return (text) => pattern.test(text);
}
