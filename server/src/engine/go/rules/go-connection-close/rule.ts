import { goScopes } from '../../goScopes';
import { deleteStatementLines } from '../../goEditText';
import type { GoFileContext } from '../../goFileContext';
import { code } from '../../goMessageText';
import { goReport, type GoReport, type GoRule } from '../../goRule';
import { child, namedChildren, unparen, type GoNode } from '../../goTree';
import { enclosingFunction, isHandlerShaped, isNamedType, parameters } from '../../goTypes';
import { transportSites } from '../../goTransportSites';
import { HANDSHAKE_COST_SENTENCE, PORT_CEILING_SENTENCE, PORT_CEILING_SHORT } from '../../../leakFacts';
import { defineRule } from '../../../ruleInfo';

export const goConnectionClose: GoRule<'go-connection-close'> = {
  info: defineRule({
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
  check(ctx, reporter) {
    const report = goReport(reporter);
    for (const { kind, node } of transportSites(ctx)) {
      if (kind === 'assignment') checkRequestClose(ctx, node, report);
      else if (kind === 'expression-statement') checkConnectionHeader(ctx, node, report);
    }
  },
};

/** `req.Close = true` on an outgoing request made per request or in a loop. */
function checkRequestClose(ctx: GoFileContext, stmt: GoNode, report: GoReport): void {
  const left = namedChildren(child(stmt, 'left') ?? stmt);
  const right = namedChildren(child(stmt, 'right') ?? stmt);
  if (left.length !== 1 || right.length !== 1) return;
  const target = left[0];
  // req.Header["Connection"] = []string{"close"}
  if (target.type === 'index_expression' && /^\[\]string\s*\{\s*"close"\s*\}$/i.test(ctx.text(right[0]))) {
    const header = unparen(child(target, 'operand'));
    const key = child(target, 'index');
    if (header?.type !== 'selector_expression' || ctx.text(child(header, 'field')) !== 'Header' || !key || ctx.text(key).toLowerCase() !== '"connection"') return;
    if (!ctx.isRequest(child(header, 'operand')) || !ctx.perRequest(stmt)) return;
    reportConnectionCloseHeader(ctx, stmt, report);
    return;
  }
  if (ctx.text(right[0]) !== 'true') return;
  if (target.type !== 'selector_expression' || ctx.text(child(target, 'field')) !== 'Close') return;
  // `r.Close = true` on a handler's incoming request asks the server to close after replying: not an outgoing request.
  if (isIncomingRequest(ctx, child(target, 'operand'))) return;
  if (!ctx.isRequest(child(target, 'operand')) || !ctx.perRequest(stmt)) return;
  const del = deleteStatementLines(ctx, stmt);
  report(
    stmt,
    `${code(ctx.text(target), 32)} = true closes the connection after each response of a per-request call; remove it`,
    del ? [{ title: 'Remove req.Close = true (reuse connections)', preferred: true, edits: [del] }] : [],
  );
}


/** The `*http.Request` parameter of the handler the expression sits in (the request being served). */
function isIncomingRequest(ctx: GoFileContext, expr: GoNode | undefined): boolean {
  const id = unparen(expr);
  if (id?.type !== 'identifier') return false;
  const name = ctx.text(id);
  for (let fn = enclosingFunction(id); fn; fn = enclosingFunction(fn)) {
    // Declared or assigned in this function: it may hold a request the handler builds and sends.
    const declared = goScopes(ctx).declarations(fn);
    if (declared.locals.has(name) || declared.assigned.has(name)) return false;
    const param = parameters(fn).find((p) => p.name && ctx.text(p.name) === name);
    if (param) return isHandlerShaped(ctx.tree, ctx.imports, fn) && isNamedType(ctx.tree, ctx.imports, param.type, 'net/http', 'Request', true);
  }
  return false;
}




/** `req.Header.Set("Connection", "close")` (or Add) on an outgoing request made per request or in a loop. */
function checkConnectionHeader(ctx: GoFileContext, stmt: GoNode, report: GoReport): void {
  const call = namedChildren(stmt)[0];
  if (call?.type !== 'call_expression') return;
  const fn = child(call, 'function');
  if (fn?.type !== 'selector_expression' || !['Set', 'Add'].includes(ctx.text(child(fn, 'field')))) return;
  const header = unparen(child(fn, 'operand'));
  if (header?.type !== 'selector_expression' || ctx.text(child(header, 'field')) !== 'Header') return;
  const args = namedChildren(child(call, 'arguments') ?? call);
  if (args.length !== 2) return;
  const lit = (n: GoNode) => (n.type === 'interpreted_string_literal' ? ctx.text(n).slice(1, -1).toLowerCase() : undefined);
  if (lit(args[0]) !== 'connection' || lit(args[1]) !== 'close') return;
  if (!ctx.isRequest(child(header, 'operand')) || !ctx.perRequest(stmt)) return;
  reportConnectionCloseHeader(ctx, stmt, report);
}


/** Reports a statement that sets a `Connection: close` request header, with the fix that deletes it. */
function reportConnectionCloseHeader(ctx: GoFileContext, stmt: GoNode, report: GoReport): void {
  const del = deleteStatementLines(ctx, stmt);
  report(
    stmt,
    'A "Connection: close" header closes the connection after each response of a per-request call; remove it',
    del ? [{ title: 'Remove the Connection: close header (reuse connections)', preferred: true, edits: [del] }] : [],
  );
}

