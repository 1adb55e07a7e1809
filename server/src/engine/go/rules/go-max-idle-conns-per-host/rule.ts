import { goScopes } from '../../goScopes';
import { insertLineAfter } from '../../goEditText';
import type { GoFileContext } from '../../goFileContext';
import { code } from '../../goMessageText';
import { goReport, type GoReport, type GoRule } from '../../goRule';
import { child, namedChildren, walk, type GoNode } from '../../goTree';
import { enclosingFunction } from '../../goTypes';
import {
  addPerHost,
  entryNode,
  freshTransport,
  isShared,
  MEDIUM_CONCURRENCY_NOTE,
  rewriteLiteral,
  showsConcurrency,
  transportSites,
  valueText,
} from '../../goTransportSites';
import { PORT_CEILING_SENTENCE } from '../../../leakFacts';
import { defineRule } from '../../../ruleInfo';

export const goMaxIdleConnsPerHost: GoRule<'go-max-idle-conns-per-host'> = {
  info: defineRule({
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
  check(ctx, reporter) {
    const report = goReport(reporter);
    for (const { kind, node } of transportSites(ctx)) {
      if (kind === 'transport-literal') checkMaxIdleLiteral(ctx, node, report);
      else if (kind === 'assignment') checkMaxIdleAssignment(ctx, node, report);
    }
  },
};

function checkMaxIdleLiteral(ctx: GoFileContext, literal: GoNode, report: GoReport): void {
  if (ctx.isTestFile || !isShared(ctx, literal)) return;
  const disable = entryNode(ctx, literal, 'DisableKeepAlives');
  // Reported by go-disable-keepalives instead (its fix sets the per-host limit too).
  if (disable && valueText(ctx, disable) === 'true') return;
  const noIdle = entryNode(ctx, literal, 'MaxIdleConnsPerHost');
  if (noIdle && /^-\s*1$/.test(valueText(ctx, noIdle) ?? '')) return;
  const maxIdle = entryNode(ctx, literal, 'MaxIdleConns');
  const maxIdleValue = valueText(ctx, maxIdle);
  if (!maxIdle || !maxIdleValue || entryNode(ctx, literal, 'MaxIdleConnsPerHost')) return;
  if (/^[0-2]$/.test(maxIdleValue)) return; // at or below the per-host default: nothing is lost
  const edits = rewriteLiteral(ctx, literal, addPerHost);
  report(
    maxIdle,
    `MaxIdleConns is ${code(maxIdleValue, 24)} but MaxIdleConnsPerHost stays at 2, so idle connections churn; set it to match`,
    edits ? [{ title: `Set MaxIdleConnsPerHost: ${maxIdleValue}`, preferred: true, edits }] : [],
    showsConcurrency(ctx) ? undefined : MEDIUM_CONCURRENCY_NOTE,
    showsConcurrency(ctx) ? 'high' : 'medium',
  );
}


/**
 * `t.MaxIdleConns = 100` on a transport made in this function (a Clone of the default one, a literal)
 * that outlives it (returned or stored), with no `t.MaxIdleConnsPerHost` set anywhere in the function.
 */
function checkMaxIdleAssignment(ctx: GoFileContext, stmt: GoNode, report: GoReport): void {
  if (ctx.isTestFile || ctx.text(child(stmt, 'operator')) !== '=') return;
  const left = namedChildren(child(stmt, 'left') ?? stmt);
  const right = namedChildren(child(stmt, 'right') ?? stmt);
  if (left.length !== 1 || right.length !== 1) return;
  const target = left[0];
  if (target.type !== 'selector_expression' || ctx.text(child(target, 'field')) !== 'MaxIdleConns') return;
  const operand = child(target, 'operand');
  const value = ctx.text(right[0]).trim();
  if (operand?.type !== 'identifier' || /^[0-2]$/.test(value)) return;
  const name = ctx.text(operand);
  const fn = enclosingFunction(stmt);
  const body = fn && child(fn, 'body');
  if (!body || ctx.perRequest(stmt)) return;
  let madeHere = false;
  let perHost = false;
  let outlives = false;
  walk(body, (n) => {
    if (n.type === 'short_var_declaration' || n.type === 'assignment_statement') {
      const targets = namedChildren(child(n, 'left') ?? n);
      const values = namedChildren(child(n, 'right') ?? n);
      targets.forEach((t, i) => {
        if (ctx.text(t) === name && values[i] && freshTransport(ctx, values[i])) madeHere = true;
        if (ctx.text(t) === `${name}.MaxIdleConnsPerHost`) perHost = true;
        if ((t.type === 'selector_expression' || t.type === 'index_expression') && values[i] && goScopes(ctx).mentions(values[i], name)) outlives = true;
      });
    }
    if (n.type === 'return_statement' && goScopes(ctx).mentions(n, name)) outlives = true;
  });
  if (!madeHere || perHost || !outlives) return;
  const indent = ctx.indentAt(stmt.start);
  report(
    stmt,
    `MaxIdleConns is ${code(value, 24)} but MaxIdleConnsPerHost stays at 2, so idle connections churn; set it to match`,
    [{ title: `Set ${name}.MaxIdleConnsPerHost = ${value}`, preferred: true, edits: [insertLineAfter(ctx, stmt, `${name}.MaxIdleConnsPerHost = ${value}`, indent)] }],
    showsConcurrency(ctx) ? undefined : MEDIUM_CONCURRENCY_NOTE,
    showsConcurrency(ctx) ? 'high' : 'medium',
  );
}

