import { goScopes } from '../../goScopes';
import { deleteStatementLines } from '../../goEditText';
import type { GoFileContext } from '../../goFileContext';
import { libraryConstructor } from '../../goLibraryModels';
import { code } from '../../goMessageText';
import { goReport, type GoReport, type GoRule } from '../../goRule';
import { child, namedChildren, unparen, walk, type GoNode } from '../../goTree';
import { enclosingFunction, isNamedType, isQualifiedName } from '../../goTypes';
import {
  addPerHost,
  entryNode,
  freshTransport,
  isShared,
  rewriteLiteral,
  transportSites,
  valueText,
} from '../../goTransportSites';
import { HANDSHAKE_COST_SENTENCE, PORT_CEILING_SENTENCE, PORT_CEILING_SHORT } from '../../../leakFacts';
import { defineRule } from '../../../ruleInfo';

export const goDisableKeepAlives: GoRule<'go-disable-keepalives'> = {
  info: defineRule({
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
  check(ctx, reporter) {
    const report = goReport(reporter);
    for (const { kind, node } of transportSites(ctx)) {
      if (kind === 'transport-literal') checkTransportLiteral(ctx, node, report);
      else if (kind === 'assignment') checkKeepAliveAssignment(ctx, node, report);
      else if (kind === 'call') checkLibraryKeepAlives(ctx, node, report);
    }
  },
};

function checkTransportLiteral(ctx: GoFileContext, literal: GoNode, report: GoReport): void {
  if (ctx.isTestFile || !isShared(ctx, literal)) return;
  const disable = entryNode(ctx, literal, 'DisableKeepAlives');
  if (disable && valueText(ctx, disable) === 'true') {
    // With keep-alives back on, a raised MaxIdleConns needs its per-host twin (else the next rule fires).
    const edits = rewriteLiteral(ctx, literal, (es) => addPerHost(es.filter((e) => e.key !== 'DisableKeepAlives')));
    report(
        disable,
      'DisableKeepAlives: true on a shared transport dials a new connection for every request; remove it',
      // Never preferred: DisableKeepAlives is sometimes deliberate, and removing it changes more than a socket.
      edits ? [{ title: 'Remove DisableKeepAlives: true (keep connections alive)', preferred: false, edits }] : [],
    );
    return;
  }
  const perHost = entryNode(ctx, literal, 'MaxIdleConnsPerHost');
  if (perHost && /^-\s*1$/.test(valueText(ctx, perHost) ?? '')) {
    // Without -1 a raised MaxIdleConns needs its per-host twin (else the next rule fires): the fix sets it.
    const edits = rewriteLiteral(ctx, literal, (es) => addPerHost(es.filter((e) => e.key !== 'MaxIdleConnsPerHost')));
    report(
        perHost,
      'MaxIdleConnsPerHost: -1 keeps no idle connection, so every request dials a new one; remove it or set a limit',
      edits ? [{ title: 'Replace MaxIdleConnsPerHost: -1 (keep idle connections)', preferred: false, edits }] : [],
    );
    return;
  }
}

/** `http.DefaultTransport.(*http.Transport)`: the process-wide default transport itself (not a copy). */
function isDefaultTransportItself(ctx: GoFileContext, expr: GoNode | undefined): boolean {
  const e = unparen(expr);
  return (
    e?.type === 'type_assertion_expression' &&
    isQualifiedName(ctx.tree, ctx.imports, child(e, 'operand'), 'net/http', 'DefaultTransport') &&
    isNamedType(ctx.tree, ctx.imports, child(e, 'type'), 'net/http', 'Transport', true)
  );
}


/**
 * Which transport `operand` of `operand.Field = value` is: the default transport (directly or through a
 * local), a package-level transport, a transport made in this function that outlives it, or unknown.
 */
function sharedTransportTarget(ctx: GoFileContext, stmt: GoNode, operand: GoNode | undefined): 'default' | 'shared' | undefined {
  if (isDefaultTransportItself(ctx, operand)) return 'default';
  if (operand?.type !== 'identifier') return undefined;
  const name = ctx.text(operand);
  const fn = enclosingFunction(stmt);
  const body = fn && child(fn, 'body');
  if (!body) return ctx.summary.packageVars.has(name) ? 'shared' : undefined;
  let source: 'default' | 'fresh' | 'other' | undefined;
  let outlives = false;
  walk(body, (n) => {
    if (n.type === 'short_var_declaration' || n.type === 'assignment_statement') {
      const targets = namedChildren(child(n, 'left') ?? n);
      const values = namedChildren(child(n, 'right') ?? n);
      targets.forEach((t, i) => {
        if (ctx.text(t) !== name || !values[i]) return;
        const value = values[i];
        source = isDefaultTransportItself(ctx, value) ? 'default' : freshTransport(ctx, value) ? 'fresh' : 'other';
      });
      targets.forEach((t, i) => {
        if ((t.type === 'selector_expression' || t.type === 'index_expression') && values[i] && goScopes(ctx).mentions(values[i], name)) outlives = true;
      });
    }
    if (n.type === 'return_statement' && goScopes(ctx).mentions(n, name)) outlives = true;
  });
  if (source === 'default') return 'default';
  if (source === 'fresh') return outlives && !ctx.perRequest(stmt) ? 'shared' : undefined;
  if (source === undefined && ctx.summary.packageVars.has(name)) return 'shared';
  return undefined;
}


/**
 * `t.DisableKeepAlives = true` or `t.MaxIdleConnsPerHost = -1` on the default transport (directly or through a
 * local), a package-level transport, or one a constructor returns or stores.
 */
function checkKeepAliveAssignment(ctx: GoFileContext, stmt: GoNode, report: GoReport): void {
  if (ctx.isTestFile || ctx.text(child(stmt, 'operator')) !== '=') return;
  const left = namedChildren(child(stmt, 'left') ?? stmt);
  const right = namedChildren(child(stmt, 'right') ?? stmt);
  if (left.length !== 1 || right.length !== 1 || left[0].type !== 'selector_expression') return;
  const field = ctx.text(child(left[0], 'field'));
  const value = ctx.text(right[0]).replace(/\s+/g, '');
  const disables = field === 'DisableKeepAlives' && value === 'true';
  const noIdle = field === 'MaxIdleConnsPerHost' && value === '-1';
  if (!disables && !noIdle) return;
  const target = sharedTransportTarget(ctx, stmt, child(left[0], 'operand'));
  if (!target) return;
  const whose = target === 'default' ? 'http.DefaultTransport' : 'a shared transport';
  const del = deleteStatementLines(ctx, stmt);
  report(
    stmt,
    disables
      ? `DisableKeepAlives = true on ${whose} dials a new connection for every request; remove it`
      : `MaxIdleConnsPerHost = -1 on ${whose} keeps no idle connection; remove it or set a limit`,
    del ? [{ title: `Remove the ${field} setting (keep connections alive)`, preferred: false, edits: [del] }] : [],
  );
}


/** A shared client or transport from a library constructor that disables keep-alives (go-cleanhttp's defaults). */
function checkLibraryKeepAlives(ctx: GoFileContext, call: GoNode, report: GoReport): void {
  const fn = child(call, 'function');
  if (ctx.isTestFile || fn?.type !== 'selector_expression') return;
  const operand = child(fn, 'operand');
  const pkg = operand?.type === 'identifier' ? ctx.imports.pathOf(ctx.text(operand)) : undefined;
  const name = ctx.text(child(fn, 'field'));
  const ctor = pkg ? libraryConstructor(pkg, name) : undefined;
  if (ctor?.keepAlives !== 'disabled' || !isShared(ctx, call)) return;
  const field = child(fn, 'field')!;
  report(
    call,
    `${code(ctx.text(fn), 40)} disables keep-alives, so this shared client dials per request; use the pooled variant`,
    [{ title: `Use ${name.replace(/^Default/, 'DefaultPooled')} (keep connections alive)`, preferred: false, edits: [{ start: field.start, end: field.end, newText: name.replace(/^Default/, 'DefaultPooled') }] }],
  );
}

