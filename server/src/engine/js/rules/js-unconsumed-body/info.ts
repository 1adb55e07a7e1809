import { defineRule } from '../../../ruleInfo';

/** The rule's metadata, apart from its check so metadata readers (config, docs, SARIF) never load TypeScript. */
export const jsUnconsumedBodyInfo = defineRule({
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
});
