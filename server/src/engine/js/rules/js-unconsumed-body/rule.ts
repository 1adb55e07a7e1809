import type { Report } from '../../../rule';
import { defineRule } from '../../../ruleInfo';
import { leakSentence } from '../../../leakPath';
import type { Leak } from '../../jsBodyFlow';
import type { JsFile } from '../../jsFile';
import { codeSnippet, fitMessage } from '../../jsMessages';
import { isFunctionLike } from '../../jsSyntax';
import type { JsRule } from '../../jsRule';
import { bodyLeakFixes } from './fix';
import { findBodyLeaks, likelySmallFetchBody, type BodyLeak } from './model';

export const jsUnconsumedBody: JsRule<'js-unconsumed-body'> = {
  info: defineRule({
    id: 'js-unconsumed-body',
    language: 'js',
    category: 'unclosed-body',
    defaultSeverity: 'warning',
    title: 'Response body not consumed',
    fix: 'On the leaking path, consume or cancel the body: `res.resume()` (node:http), `await res.body?.cancel()` (fetch) or `await body.dump()` (undici).',
    why:
      'A response body that is never read or cancelled keeps its connection busy, so the pool opens new connections instead. ' +
      'Unread `node:http` responses pin their socket for good, and a pool can stall under load.',
    what:
      'A response whose body is neither read nor cancelled on some path. Code that only looks at `res.status`, `res.ok` or the headers ' +
      'and then returns is the typical case.',
    background:
      "With `http.get`/`http.request`, once a `'response'` handler exists the response must be consumed (a `'data'` listener, " +
      '`.resume()`, `.pipe()`, `pipeline()`, `for await`, `.destroy()`); otherwise the socket stays pinned to that response and is never ' +
      'returned to the agent (measured: 20 unread GETs of 0 bytes, and 20 HEADs, use 20 connections). undici `request()` bodies must be ' +
      'consumed or `dump()`ed. A `fetch` body that is never read is buffered and its connection released when it is small (measured on ' +
      'Node 20: up to about 16 KB), but a larger one pins the connection until garbage collection, so the pool opens new connections ' +
      'instead (one TIME_WAIT each); a `clone()` that is never read keeps all its data. Unread `fetch` bodies that are probably small ' +
      '(error paths, status checks) are therefore reported at `info` with medium confidence; downloads, streams and clones stay warnings.',
    fixDetails:
      'On the leaking path call `res.resume()` (node:http), `await res.body?.cancel()` or `await res.arrayBuffer()` (fetch), or ' +
      '`await body.dump()` (undici `request`). Use `HEAD` when only headers matter.',
    notReported:
      'Returning, storing or passing the response on (the receiver becomes responsible), and paths that end the process. axios and got ' +
      'read the body themselves, except axios with `responseType: \'stream\'`, which is tracked like a `node:http` response.',
    example: {
      fileName: 'health.ts',
      leaks: `export async function isUp(url: string): Promise<boolean> {
  const res = await fetch(\`\${url}/health\`);
  return res.ok;
}
`,
      fixed: `export async function isUp(url: string): Promise<boolean> {
  const res = await fetch(\`\${url}/health\`);
  await res.body?.cancel();
  return res.ok;
}
`,
    },
  }),
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

