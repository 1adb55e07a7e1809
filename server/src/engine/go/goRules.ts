import type { RuleInfo } from '../rules';

const CEILING =
  'Linux keeps a closed connection in TIME_WAIT for 60 s and has 28,232 ephemeral ports by default (32768–60999), ' +
  'so one host can open only about 470 new connections per second to the same destination before `connect` fails with ' +
  '`cannot assign requested address`.';

function silence(id: string): string {
  return `**Silence it** when it is deliberate: put \`//socketlens:ignore ${id} reason\` on the line or the line above, ` +
    `or turn the rule off in the \`socketLens.rules\` setting.`;
}

export const GO_RULES: RuleInfo[] = [
  {
    id: 'go-per-request-client',
    language: 'go',
    category: 'per-request-client',
    defaultSeverity: 'warning',
    title: 'Client or connection pool created per request',
    explanation: [
      '**What leaks.** An `http.Transport` (or a client that carries its own transport), a `*sql.DB`, a Redis or gRPC client owns a pool of connections. ' +
        'Building one in a handler, a loop, or a function only called from those means every request dials a new TCP (and TLS) connection, ' +
        'and when the pool is dropped the sockets linger: idle keep-alive connections stay open until the garbage collector or the server closes them, ' +
        'and every closed connection sits in TIME_WAIT.',
      '',
      `**Why it hurts.** ${CEILING} Latency grows by a handshake per request, and file descriptors run out under load.`,
      '',
      '**Fix.** Create the client once (a package-level variable, or a field set up in `main` or a constructor) and reuse it: transports and pools are safe for concurrent use. ' +
        'The quick fix hoists an `http.Client`/`http.Transport` literal to a package-level pooled client with tuned idle-connection limits and timeouts, keeping the original settings. ' +
        'A per-request `http.DefaultTransport.(*http.Transport).Clone()` and the settings made right after it move into a package-level variable initialised once. ' +
        'No fix is offered when the construction reads per-request values, when the code changes the object later on, or for database/Redis/gRPC clients, whose creation returns errors and needs configuration: the hover says which.',
      '',
      'An `&http.Client{Timeout: ...}` without its own `Transport` shares `http.DefaultTransport` and is not reported.',
      '',
      silence('go-per-request-client'),
    ].join('\n'),
  },
  {
    id: 'go-unclosed-body',
    language: 'go',
    category: 'unclosed-body',
    defaultSeverity: 'warning',
    title: 'Response body not closed on every path',
    explanation: [
      '**What leaks.** Until `resp.Body.Close()` is called, the connection that carried the response belongs to it: the transport cannot reuse it. ' +
        'A body left open on any path (an early `return` on a bad status, a `continue` in a retry loop, a branch that forgets) pins that connection ' +
        'until the server times it out, and the next request has to dial a new one.',
      '',
      `**Why it hurts.** One new connection and one TIME_WAIT per request. ${CEILING}`,
      '',
      '**Fix.** Right after the error check, `defer resp.Body.Close()`. Inside a loop, close it on each path before the next iteration instead (a defer would keep every body open until the function returns). ' +
        'Socket Lens counts as closed: a direct or deferred `Close`, deferred closures, helpers of the same package that close what they are given, and handing the response away ' +
        '(returning it, storing it, sending it on a channel, or passing it to code it cannot see).',
      '',
      silence('go-unclosed-body'),
    ].join('\n'),
  },
  {
    id: 'go-defer-close-before-check',
    language: 'go',
    category: 'unclosed-body',
    defaultSeverity: 'error',
    title: 'Body closed before the error check',
    explanation: [
      '**What goes wrong.** `defer resp.Body.Close()` evaluates `resp.Body` immediately. When the request failed, `resp` is nil and the program panics ' +
        'instead of handling the error.',
      '',
      '**Fix.** Check the error first, then `defer resp.Body.Close()`. The quick fix moves the `defer` below the check.',
      '',
      silence('go-defer-close-before-check'),
    ].join('\n'),
  },
  {
    id: 'go-disable-keepalives',
    language: 'go',
    category: 'keep-alive',
    defaultSeverity: 'warning',
    title: 'Keep-alives disabled on a shared transport',
    explanation: [
      '**What leaks.** `DisableKeepAlives: true` closes the connection after every request. On a transport that serves many requests ' +
        'that means a new TCP (and TLS) handshake each time and one TIME_WAIT socket per request.',
      '',
      `**Why it hurts.** ${CEILING}`,
      '',
      '**Fix.** Remove `DisableKeepAlives` and bound idle connections with `IdleConnTimeout` and `MaxIdleConnsPerHost` instead. ' +
        'It is sometimes deliberate for single-use transports: those are not reported.',
      '',
      silence('go-disable-keepalives'),
    ].join('\n'),
  },
  {
    id: 'go-max-idle-conns-per-host',
    language: 'go',
    category: 'keep-alive',
    defaultSeverity: 'info',
    title: 'MaxIdleConnsPerHost left at 2',
    explanation: [
      '**What leaks.** When `MaxIdleConnsPerHost` is zero, Go keeps at most `DefaultMaxIdleConnsPerHost = 2` idle connections per host, whatever `MaxIdleConns` says. ' +
        'A shared transport with more than two concurrent requests to one backend closes the extra connections after each use, ' +
        'so they churn through TIME_WAIT instead of being reused.',
      '',
      `**Why it hurts.** ${CEILING}`,
      '',
      '**Fix.** Set `MaxIdleConnsPerHost` next to `MaxIdleConns` (the quick fix uses the same value).',
      '',
      silence('go-max-idle-conns-per-host'),
    ].join('\n'),
  },
  {
    id: 'go-connection-close',
    language: 'go',
    category: 'keep-alive',
    defaultSeverity: 'warning',
    title: 'Connection: close on requests made per request',
    explanation: [
      '**What leaks.** `req.Close = true` or a `Connection: close` header tells both sides to close the connection after the response. ' +
        'On requests made per incoming request or in a loop, every one of them dials a new connection and leaves a TIME_WAIT socket behind.',
      '',
      `**Why it hurts.** ${CEILING}`,
      '',
      '**Fix.** Remove it and let the transport reuse connections; limit idle connections with `IdleConnTimeout` if that was the concern.',
      '',
      silence('go-connection-close'),
    ].join('\n'),
  },
  {
    id: 'go-default-transport-copy',
    language: 'go',
    category: 'keep-alive',
    defaultSeverity: 'warning',
    title: 'http.DefaultTransport copied by value',
    explanation: [
      '**What goes wrong.** `*http.DefaultTransport.(*http.Transport)` copies a struct that contains a mutex and the idle-connection pool ' +
        '(`go vet` reports the lock copy). Once the default transport has been used, the copy shares its idle-connection maps without sharing the lock ' +
        'that guards them: data races, and connections that are lost or reused by the wrong transport.',
      '',
      '**Fix.** Use `http.DefaultTransport.(*http.Transport).Clone()` (Go 1.13+), which returns a fresh `*http.Transport` with the same settings.',
      '',
      silence('go-default-transport-copy'),
    ].join('\n'),
  },
];
