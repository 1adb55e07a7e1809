import { HANDSHAKE_COST_SENTENCE, PORT_CEILING_SENTENCE, PORT_CEILING_SHORT } from '../../../leakFacts';
import { defineRule } from '../../../ruleInfo';
import { goReport, type GoRule } from '../../goRule';
import { checkResponseBodies } from './model';

export const goUnclosedBody: GoRule<'go-unclosed-body'> = {
  info: defineRule({
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
  check: (ctx, report) => checkResponseBodies(ctx, goReport(report)),
};
