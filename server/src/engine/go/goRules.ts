import { HANDSHAKE_COST_SENTENCE, PORT_CEILING_SENTENCE, PORT_CEILING_SHORT } from '../leakFacts';
import { defineRule, type RuleInfo } from '../ruleInfo';

/** Go rules (net/http and connection pools). Metadata only: the checks live in the go/ family files. */
export const GO_RULES: RuleInfo[] = [
  defineRule({
    id: 'go-per-request-client',
    language: 'go',
    category: 'per-request-client',
    defaultSeverity: 'warning',
    title: 'Client or connection pool created per request',
    fix: 'Create the client once (a package-level variable, or a field set up in `main`) and reuse it for every request.',
    why:
      'Each new transport or pool dials its own connections, so nothing is reused and every request pays a handshake. ' +
      `Dropped pools leave idle sockets open and one TIME_WAIT socket per request. ${PORT_CEILING_SHORT}`,
    what:
      'An `http.Transport` (or an `http.Client` that carries its own transport), a `*sql.DB`, a Redis or gRPC client owns a pool of ' +
      'connections. Socket Lens reports one built in an HTTP handler, in a loop, or in a function only called from those, and (at medium ' +
      'confidence) one built inside a function, used for a request there and dropped: that is per call whoever calls it. Well-known ' +
      'constructors (go-cleanhttp, retryablehttp, resty, oauth2, grpc, go-redis, database/sql, sqlx, gorm, pgxpool, mongo) are modelled ' +
      'from their documentation, and helpers of other packages of the same Go module are followed through per-package summaries.',
    background:
      `Every request dials a new TCP (and TLS) connection. ${HANDSHAKE_COST_SENTENCE} When the pool is dropped, its idle keep-alive ` +
      `connections stay open until the garbage collector or the server closes them. ${PORT_CEILING_SENTENCE} ` +
      'File descriptors run out under load.',
    fixDetails:
      'Create the client once (a package-level variable, or a field set up in `main` or a constructor) and reuse it: transports and ' +
      'pools are safe for concurrent use. The quick fix hoists an `http.Client`/`http.Transport` literal to a package-level pooled client ' +
      'with tuned idle-connection limits and timeouts, keeping the original settings; a per-request ' +
      '`http.DefaultTransport.(*http.Transport).Clone()` and the settings made right after it move into a package-level variable. ' +
      'No fix is offered when the construction reads per-request values, when the code changes the object later on, or for ' +
      'database/Redis/gRPC clients, whose creation returns errors and needs configuration: the hover says which.',
    notReported:
      'An `&http.Client{Timeout: ...}` without its own `Transport` (it shares `http.DefaultTransport`); clients built in `main`, `init`, ' +
      'a `sync.Once`, a lazily initialised (memoized) field or package variable, or a cache checked first; clients built once per ' +
      'configured item and kept (in a field, map or slice); transports that dial a Unix socket; code outside the module that Socket Lens ' +
      'cannot see; test files (unless tests are included).',
    example: {
      fileName: 'weather.go',
      leaks: `package main

import (
	"io"
	"net/http"
	"time"
)

func weather(w http.ResponseWriter, r *http.Request) {
	client := &http.Client{Transport: &http.Transport{MaxIdleConns: 10}, Timeout: 5 * time.Second}
	resp, err := client.Get("http://127.0.0.1:9000/weather")
	if err != nil {
		http.Error(w, err.Error(), http.StatusBadGateway)
		return
	}
	defer resp.Body.Close()
	io.Copy(w, resp.Body)
}

func main() {
	http.HandleFunc("/weather", weather)
	http.ListenAndServe("127.0.0.1:8080", nil)
}
`,
      fixed: `package main

import (
	"io"
	"net/http"
	"time"
)

var client = &http.Client{Transport: &http.Transport{MaxIdleConns: 10, MaxIdleConnsPerHost: 10}, Timeout: 5 * time.Second}

func weather(w http.ResponseWriter, r *http.Request) {
	resp, err := client.Get("http://127.0.0.1:9000/weather")
	if err != nil {
		http.Error(w, err.Error(), http.StatusBadGateway)
		return
	}
	defer resp.Body.Close()
	io.Copy(w, resp.Body)
}

func main() {
	http.HandleFunc("/weather", weather)
	http.ListenAndServe("127.0.0.1:8080", nil)
}
`,
    },
  }),
  defineRule({
    id: 'go-unclosed-body',
    language: 'go',
    category: 'unclosed-body',
    defaultSeverity: 'warning',
    title: 'Response body not closed on every path',
    fix: 'Right after the error check, `defer resp.Body.Close()` (inside a loop, close it on every path before the next iteration).',
    why:
      'Until the body is closed, the connection that carried the response cannot be reused. ' +
      'Each leaked body pins a connection until the server times it out, so the next request dials a new one. ' +
      PORT_CEILING_SHORT,
    what:
      'A `*http.Response` whose `Body` is not closed on some path: an early `return` on a bad status, a `continue` in a retry loop, ' +
      'a branch that forgets, or a response that is discarded. Responses returned open by helpers in other packages of the same Go ' +
      'module count too, and a deferred closure that only reads the response does not close it.',
    background:
      'Until `resp.Body.Close()` is called, the connection that carried the response belongs to it and the transport cannot reuse it. ' +
      "A body left open pins that connection until the server times it out, and the next request has to dial a new one. " +
      `${HANDSHAKE_COST_SENTENCE} ${PORT_CEILING_SENTENCE}`,
    fixDetails:
      'Right after the error check, `defer resp.Body.Close()`. Inside a loop, close it on each path before the next iteration instead ' +
      '(a defer would keep every body open until the function returns). The quick fix inserts the `defer`, or the `Close` on the leaking path.',
    notReported:
      'Socket Lens counts as closed: a direct or deferred `Close`, deferred closures, helpers of the same package that close what they ' +
      'are given (in any package of the module), handing the response away (returning it, storing it, sending it on a channel, copying ' +
      'the body to an outer variable, or passing it to code it cannot see), wrappers that close the body before returning the response, ' +
      '`HEAD` requests (measured: a bodyless response releases its connection without `Close`), and paths where the response is nil ' +
      '(after the error check, `log.Fatal`, `os.Exit`, `t.Fatal`, `require.NoError`, `if assert.NoError(...)`). A body read to EOF on ' +
      'every open path is reported at medium confidence: the connection is reused, but the `Close` is still missing.',
    example: {
      fileName: 'fetch.go',
      leaks: `package fetch

import (
	"fmt"
	"io"
	"net/http"
)

func load(c *http.Client, url string) ([]byte, error) {
	resp, err := c.Get(url)
	if err != nil {
		return nil, err
	}
	if resp.StatusCode != http.StatusOK {
		return nil, fmt.Errorf("status %d", resp.StatusCode)
	}
	defer resp.Body.Close()
	return io.ReadAll(resp.Body)
}
`,
      fixed: `package fetch

import (
	"fmt"
	"io"
	"net/http"
)

func load(c *http.Client, url string) ([]byte, error) {
	resp, err := c.Get(url)
	if err != nil {
		return nil, err
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		return nil, fmt.Errorf("status %d", resp.StatusCode)
	}
	return io.ReadAll(resp.Body)
}
`,
    },
  }),
  defineRule({
    id: 'go-defer-close-before-check',
    language: 'go',
    category: 'unclosed-body',
    defaultSeverity: 'error',
    title: 'Body closed before the error check',
    fix: 'Check the error first, then `defer resp.Body.Close()`.',
    why:
      '`defer resp.Body.Close()` evaluates `resp.Body` at once. ' +
      'When the request failed, `resp` is nil and the program panics instead of handling the error.',
    what: 'A `defer resp.Body.Close()` placed before the `if err != nil` check of the call that returned `resp`.',
    fixDetails: 'Check the error first, then `defer resp.Body.Close()`. The quick fix moves the `defer` below the check.',
    example: {
      fileName: 'read.go',
      leaks: `package read

import (
	"io"
	"net/http"
)

func read(url string) ([]byte, error) {
	resp, err := http.Get(url)
	defer resp.Body.Close()
	if err != nil {
		return nil, err
	}
	return io.ReadAll(resp.Body)
}
`,
      fixed: `package read

import (
	"io"
	"net/http"
)

func read(url string) ([]byte, error) {
	resp, err := http.Get(url)
	if err != nil {
		return nil, err
	}
	defer resp.Body.Close()
	return io.ReadAll(resp.Body)
}
`,
    },
  }),
  defineRule({
    id: 'go-disable-keepalives',
    language: 'go',
    category: 'keep-alive',
    defaultSeverity: 'warning',
    title: 'Keep-alives disabled on a shared transport',
    fix: 'Remove `DisableKeepAlives` and bound idle connections with `IdleConnTimeout` and `MaxIdleConnsPerHost` instead.',
    why:
      '`DisableKeepAlives: true` closes the connection after every request. ' +
      `On a transport that serves many requests, each one pays a new handshake and leaves one TIME_WAIT socket. ${PORT_CEILING_SHORT}`,
    what:
      '`DisableKeepAlives: true` (in the literal, by assignment, through a local, or on `http.DefaultTransport.(*http.Transport)`) or ' +
      '`MaxIdleConnsPerHost: -1` (no idle pool at all) on a transport that serves many requests (package-level, or built by a constructor).',
    background: `The connection is closed after every request. ${HANDSHAKE_COST_SENTENCE} ${PORT_CEILING_SENTENCE}`,
    fixDetails:
      'Remove `DisableKeepAlives` and bound idle connections with `IdleConnTimeout` and `MaxIdleConnsPerHost` instead. The quick fix ' +
      'is offered but never preferred (fix-all and `scan --fix` leave it alone): the setting may be deliberate.',
    notReported: 'Single-use transports (built and used once in `main`), where disabling keep-alives is sometimes deliberate.',
    example: {
      fileName: 'client.go',
      leaks: `package client

import (
	"net/http"
	"time"
)

var transport = &http.Transport{
	MaxIdleConns:      100,
	DisableKeepAlives: true,
	IdleConnTimeout:   90 * time.Second,
}

var Client = &http.Client{Transport: transport, Timeout: 10 * time.Second}
`,
      fixed: `package client

import (
	"net/http"
	"time"
)

var transport = &http.Transport{
	MaxIdleConns:        100,
	MaxIdleConnsPerHost: 100,
	IdleConnTimeout:     90 * time.Second,
}

var Client = &http.Client{Transport: transport, Timeout: 10 * time.Second}
`,
    },
  }),
  defineRule({
    id: 'go-max-idle-conns-per-host',
    language: 'go',
    category: 'keep-alive',
    defaultSeverity: 'info',
    title: 'MaxIdleConnsPerHost left at 2',
    fix: 'Set `MaxIdleConnsPerHost` next to `MaxIdleConns` (the quick fix uses the same value).',
    why:
      'When `MaxIdleConnsPerHost` is zero, Go keeps at most 2 idle connections per host, whatever `MaxIdleConns` says. ' +
      'With more than two concurrent requests to one backend, the extra connections are closed after each use and churn through TIME_WAIT.',
    what: 'A shared `http.Transport` that sets `MaxIdleConns` but leaves `MaxIdleConnsPerHost` at zero.',
    background:
      'When `MaxIdleConnsPerHost` is zero, Go uses `http.DefaultMaxIdleConnsPerHost = 2`, whatever `MaxIdleConns` says. ' +
      'A shared transport with more than two concurrent requests to one backend closes the extra connections after each use, ' +
      `so they churn through TIME_WAIT instead of being reused. ${PORT_CEILING_SENTENCE}`,
    fixDetails: 'Set `MaxIdleConnsPerHost` next to `MaxIdleConns`. The quick fix adds it with the same value.',
    notReported:
      'Transports with a small `MaxIdleConns` (2 or less), or that set both fields. Without evidence of concurrent requests in the file ' +
      '(handlers, goroutines, worker pools) the finding is medium confidence.',
    example: {
      fileName: 'client.go',
      leaks: `package client

import (
	"net/http"
	"time"
)

var pool = &http.Transport{
	MaxIdleConns:    100,
	IdleConnTimeout: 90 * time.Second,
}
`,
      fixed: `package client

import (
	"net/http"
	"time"
)

var pool = &http.Transport{
	MaxIdleConns:        100,
	MaxIdleConnsPerHost: 100,
	IdleConnTimeout:     90 * time.Second,
}
`,
    },
  }),
  defineRule({
    id: 'go-connection-close',
    language: 'go',
    category: 'keep-alive',
    defaultSeverity: 'warning',
    title: 'Connection: close on requests made per request',
    fix: 'Remove `req.Close = true` or the `Connection: close` header and let the transport reuse connections.',
    why:
      '`Connection: close` makes both sides close the connection after the response. ' +
      `Made per incoming request or in a loop, every request dials a new connection and leaves a TIME_WAIT socket. ${PORT_CEILING_SHORT}`,
    what: '`req.Close = true` or a `Connection: close` header on requests made per incoming request or in a loop.',
    background:
      'Both sides close the connection after the response, so every request dials a new connection. ' +
      `${HANDSHAKE_COST_SENTENCE} ${PORT_CEILING_SENTENCE}`,
    fixDetails:
      'Remove it and let the transport reuse connections; limit idle connections with `IdleConnTimeout` if that was the concern.',
    notReported:
      'One-shot requests (made once from `main`), `Connection: close` set by a server on its own responses, and `r.Close = true` on a ' +
      "handler's incoming request (it tells the server to close after responding; no finding and no fix).",
    example: {
      fileName: 'poll.go',
      leaks: `package poll

import "net/http"

func pollAll(c *http.Client, urls []string) int {
	up := 0
	for _, u := range urls {
		req, err := http.NewRequest(http.MethodGet, u, nil)
		if err != nil {
			continue
		}
		req.Header.Set("Connection", "close")
		resp, err := c.Do(req)
		if err != nil {
			continue
		}
		resp.Body.Close()
		up++
	}
	return up
}
`,
      fixed: `package poll

import "net/http"

func pollAll(c *http.Client, urls []string) int {
	up := 0
	for _, u := range urls {
		req, err := http.NewRequest(http.MethodGet, u, nil)
		if err != nil {
			continue
		}
		resp, err := c.Do(req)
		if err != nil {
			continue
		}
		resp.Body.Close()
		up++
	}
	return up
}
`,
    },
  }),
  defineRule({
    id: 'go-default-transport-copy',
    language: 'go',
    category: 'keep-alive',
    defaultSeverity: 'warning',
    title: 'http.DefaultTransport copied by value',
    fix: 'Use `http.DefaultTransport.(*http.Transport).Clone()` instead of copying the struct.',
    why:
      'Copying `*http.DefaultTransport.(*http.Transport)` copies a mutex and the idle-connection pool. ' +
      'The copy shares the pool without sharing its lock: data races, and connections lost or reused by the wrong transport.',
    what: 'A dereference that copies `*http.DefaultTransport.(*http.Transport)` by value.',
    background:
      'The struct contains a mutex and the idle-connection pool (`go vet` reports the lock copy). Once the default transport has been ' +
      'used, the copy shares its idle-connection maps without sharing the lock that guards them: data races, and connections that are ' +
      'lost or reused by the wrong transport.',
    fixDetails:
      'Use `http.DefaultTransport.(*http.Transport).Clone()` (Go 1.13+), which returns a fresh `*http.Transport` with the same settings.',
    example: {
      fileName: 'main.go',
      leaks: `package main

import (
	"net/http"
	"time"
)

func newClient() *http.Client {
	t := *http.DefaultTransport.(*http.Transport)
	t.MaxIdleConnsPerHost = 32
	t.IdleConnTimeout = time.Minute
	return &http.Client{Transport: &t}
}

func main() {
	c := newClient()
	resp, err := c.Get("http://127.0.0.1:9000/")
	if err != nil {
		return
	}
	resp.Body.Close()
}
`,
      fixed: `package main

import (
	"net/http"
	"time"
)

func newClient() *http.Client {
	t := http.DefaultTransport.(*http.Transport).Clone()
	t.MaxIdleConnsPerHost = 32
	t.IdleConnTimeout = time.Minute
	return &http.Client{Transport: t}
}

func main() {
	c := newClient()
	resp, err := c.Get("http://127.0.0.1:9000/")
	if err != nil {
		return
	}
	resp.Body.Close()
}
`,
    },
  }),
];
