import type { GoFileContext } from '../../goFileContext';
import { goReport, type GoReport, type GoRule } from '../../goRule';
import { child, unparen, type GoNode } from '../../goTree';
import { isNamedType, isQualifiedName } from '../../goTypes';
import { transportSites } from '../../goTransportSites';
import { defineRule } from '../../../ruleInfo';
import { cloneFix } from './fix';

export const goDefaultTransportCopy: GoRule<'go-default-transport-copy'> = {
  info: defineRule({
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
  check(ctx, reporter) {
    const report = goReport(reporter);
    for (const { kind, node } of transportSites(ctx)) {
      if (kind === 'unary') checkDefaultTransportCopy(ctx, node, report);
    }
  },
};

/** `*http.DefaultTransport.(*http.Transport)`: copies a mutex and pool state. */
function checkDefaultTransportCopy(ctx: GoFileContext, unary: GoNode, report: GoReport): void {
  if (ctx.text(child(unary, 'operator')) !== '*') return;
  const assertion = unparen(child(unary, 'operand'));
  if (assertion?.type !== 'type_assertion_expression') return;
  if (!isQualifiedName(ctx.tree, ctx.imports, child(assertion, 'operand'), 'net/http', 'DefaultTransport')) return;
  if (!isNamedType(ctx.tree, ctx.imports, child(assertion, 'type'), 'net/http', 'Transport', true)) return;
  const fixes = cloneFix(ctx, unary, assertion);
  report(
    unary,
    'Copying http.DefaultTransport by value copies its mutex and connection pool; use .(*http.Transport).Clone()',
    fixes,
    fixes.length ? undefined : '**No quick fix here:** the copy is not a local `t := *...` used only as `&t` and `t.Field`, so changing it to a pointer may need edits elsewhere (possibly in other files). Replace it with `.Clone()` and drop the `&` where it is used.\n\n',
  );
}

