import type { Finding } from './finding';

/**
 * Functions that take responsibility for a response or its body, so a call to one is not an unclosed body.
 * bodyclose's `//bodyclose:handled` is the precedent. Named in socket-lens.json's `handled` list, or marked
 * with a `//socketlens:handled` comment on the line(s) above the function's declaration.
 *
 * The engine applies this to findings whose range is the call (every unclosed-body finding is anchored on the
 * call that produced the response): the callee's name is read from the finding's own text.
 */
const HANDLED_DIRECTIVE = /^\s*\/\/\s*socketlens:handled\b/;
const DECLARATIONS: RegExp[] = [
  /^\s*func\s+(?:\([^)]*\)\s*)?([A-Za-z_]\w*)\s*[[(]/, // Go function or method
  /^\s*(?:export\s+)?(?:default\s+)?(?:async\s+)?function\s*\*?\s*([A-Za-z_$][\w$]*)\s*[<(]/, // JS function
  /^\s*(?:export\s+)?(?:const|let|var)\s+([A-Za-z_$][\w$]*)\s*(?::[^=]+)?=/, // JS function value
  /^\s*(?:(?:public|private|protected|static|async|override)\s+)*([A-Za-z_$][\w$]*)\s*[<(][^;]*\)\s*(?::[^{]+)?\{\s*$/, // method
];

/** Names of the functions a text marks `//socketlens:handled`. Linear in the text's length. */
export function handledDirectiveNames(text: string): string[] {
  if (!text.includes('socketlens:handled')) return [];
  const lines = text.split('\n');
  const names: string[] = [];
  for (let i = 0; i < lines.length; i++) {
    if (!HANDLED_DIRECTIVE.test(lines[i])) continue;
    let j = i + 1;
    while (j < lines.length && /^\s*(\/\/.*)?$/.test(lines[j])) j++;
    const declaration = lines[j] ?? '';
    for (const pattern of DECLARATIONS) {
      const m = pattern.exec(declaration);
      if (m) {
        names.push(m[1]);
        break;
      }
    }
  }
  return names;
}

/** The dotted callee of a call's source text (`resp, err := api.Fetch(ctx)` → `api.Fetch`), or undefined. */
export function calleeOf(callText: string): string | undefined {
  const open = callText.indexOf('(');
  if (open < 0) return undefined;
  const m = /([A-Za-z_$][\w$]*(?:\s*\??\.\s*[A-Za-z_$][\w$]*)*)\s*(?:<[^<>()]*>)?\s*$/.exec(callText.slice(0, open));
  return m ? m[1].replace(/\s+|\?/g, '') : undefined;
}

/** True when `callee` is one of `handled`: an entry with dots matches the callee's dotted tail, a bare name its last part. */
export function isHandledCallee(callee: string, handled: ReadonlySet<string>): boolean {
  if (handled.has(callee)) return true;
  const parts = callee.split('.');
  for (let i = 1; i < parts.length; i++) if (handled.has(parts.slice(i).join('.'))) return true;
  return false;
}

/** Drops the unclosed-body findings whose call is to a handled function. */
export function dropHandledCalls(findings: readonly Finding[], text: string, handled: ReadonlySet<string>): Finding[] {
  if (handled.size === 0) return [...findings];
  return findings.filter((f) => {
    if (f.category !== 'unclosed-body') return true;
    const callee = calleeOf(text.slice(f.start, f.end));
    return !(callee && isHandledCallee(callee, handled));
  });
}
