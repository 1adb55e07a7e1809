import { PORT_CEILING_SENTENCE, TIME_WAIT_SECONDS } from '../../../leakFacts';
import { defineRule } from '../../../ruleInfo';

/** The rule's metadata, apart from its check so metadata readers (config, docs, SARIF) never load TypeScript. */
export const jsConnectionCloseInfo = defineRule({
  id: 'js-connection-close',
  language: 'js',
  category: 'keep-alive',
  defaultSeverity: 'warning',
  title: 'Request header Connection: close',
  fix: 'Remove the `Connection: close` header and let the agent keep the connection alive.',
  why:
    'An explicit `Connection: close` request header makes the server close the connection after the response. ' +
    `Every request pays a handshake and leaves one TIME_WAIT socket behind for ${TIME_WAIT_SECONDS} s.`,
  what: 'A `Connection: close` header on an outgoing request (`fetch`, `http.request`, axios, got).',
  background:
    'The server closes the connection after the response: one handshake per request and one TIME_WAIT socket left behind ' +
    `(on the client side when the client closes first). ${PORT_CEILING_SENTENCE}`,
  fixDetails: 'Remove the header and let the agent keep the connection alive.',
  example: {
    fileName: 'prices.ts',
    leaks: `export async function getPrices(): Promise<unknown> {
  const res = await fetch('http://prices.internal/latest', {
    headers: { Accept: 'application/json', Connection: 'close' },
  });
  return res.json();
}
`,
    fixed: `export async function getPrices(): Promise<unknown> {
  const res = await fetch('http://prices.internal/latest', {
    headers: { Accept: 'application/json' },
  });
  return res.json();
}
`,
  },
});
