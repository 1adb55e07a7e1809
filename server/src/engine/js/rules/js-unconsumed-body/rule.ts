import type { Report } from '../../../rule';
import { jsUnconsumedBodyInfo } from './info';
import { leakSentence } from '../../../leakPath';
import type { Leak } from '../../jsBodyFlow';
import type { JsFile } from '../../jsFile';
import { codeSnippet, fitMessage } from '../../jsMessages';
import { isFunctionLike } from '../../jsSyntax';
import type { JsRule } from '../../jsRule';
import { bodyLeakFixes } from './fix';
import { findBodyLeaks, likelySmallFetchBody, type BodyLeak } from './model';

export const jsUnconsumedBody: JsRule<'js-unconsumed-body'> = {
  info: jsUnconsumedBodyInfo,
  check({ file }, report) {
    for (const leak of findBodyLeaks(file)) report(toReport(file, leak));
  },
};

function actionFor(b: BodyLeak, name: string): string {
  if (b.api === 'node') return `call \`${name}.resume()\``;
  if (b.api === 'axios-stream') return `read or destroy \`${name}.data\``;
  if (b.api === 'undici') return `call \`await ${name}.body.dump()\``;
  if (b.api === 'undici-body') return `call \`await ${name}.dump()\``;
  return 'read it or cancel it';
}


function toReport(file: JsFile, b: BodyLeak): Report {
  const where = b.leaks.map((l) => describeLeak(file, l));
  const label = codeSnippet(b.callLabel, 28);
  const small = likelySmallFetchBody(file, b);
  const smallNote = small ? ' (small bodies are released)' : '';
  let message: string;
  if (b.name) {
    const name = codeSnippet(b.name.text, 24);
    const first = where[0] ?? 'on some path';
    const more = where.length > 1 ? ` (+${where.length - 1} more)` : '';
    const head = `Body of \`${name}\` (${label}) is not read or released ${first}`;
    message = fitMessage(`${head}${more}${smallNote}; ${actionFor(b, name)}`, `${head}${more}; ${actionFor(b, name)}`, `${head}; ${actionFor(b, 'res')}`);
  } else {
    const action = b.api === 'node' ? 'read it or call `res.resume()`' : b.api === 'undici' ? 'read it or call `body.dump()`' : 'read it or cancel it';
    const what =
      b.unnamed === 'discarded'
        ? `Response of \`${label}\` is discarded with its body unread`
        : b.unnamed === 'status-only'
          ? `Only the status/headers of the \`${label}\` response are used; its body is never read`
          : `Response callback of \`${label}\` ignores the response; its socket stays pinned`;
    message = fitMessage(`${what}${smallNote}; ${action}`, `${what}; ${action}`);
  }
  const start = b.anchor.getStart(file.sourceFile);
  const fixes = bodyLeakFixes(file, b);
  const why = fixes.length
    ? undefined
    : b.name
      ? '**No automatic fix:** a leaking path could not be edited safely here; release the body on it by hand.'
      : '**No automatic fix:** the response is not kept in a variable here. Keep it (`const res = await fetch(url)`), read what you need, and release the body (`await res.body?.cancel()`, `res.resume()`, `await body.dump()`).';
  const sizeNote = small
    ? '**Severity:** `fetch` releases the connection of a small unread body (up to about 16 kB, measured on Node 20), so this is reported at information level; a large body (a download, a stream) keeps its connection busy until garbage collection.'
    : undefined;
  const through = b.via?.length ? `**Here:** the response comes from \`${b.entity?.replace(/^global\./, '')}\` through ${b.via.map((f) => `\`${f}()\``).join(' → ')}, which hand it back unread; the caller owns its body.` : undefined;
  const note = [through, why, sizeNote].filter(Boolean).join('\n\n') || undefined;
  const related = b.leaks.slice(0, 8).map((l) => {
    const end = l.node.getEnd();
    return { start: l.kind === 'end' ? end - 1 : l.node.getStart(file.sourceFile), end, note: `body still unread ${describeLeak(file, l)}` };
  });
  return { start, end: b.anchor.getEnd(), message, fixes, note, confidence: small ? 'medium' : 'high', related };
}


function describeLeak(file: JsFile, l: Leak): string {
  const line = file.lines.position(l.kind === 'end' ? l.node.getEnd() : l.node.getStart(file.sourceFile)).line;
  return `when ${leakSentence(l.kind, line, !!l.node.parent && isFunctionLike(l.node.parent), 'clause')}`;
}

