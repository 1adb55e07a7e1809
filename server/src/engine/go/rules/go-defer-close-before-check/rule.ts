import { defineRule } from '../../../ruleInfo';
import type { GoRule } from '../../goRule';
import { goReport } from '../../goRule';
import { deferBeforeCheck, followedBinding, responseSites } from '../../goResponseSites';
import { code } from '../../goMessageText';
import { moveDeferFix } from './fix';

export const goDeferCloseBeforeCheck: GoRule<'go-defer-close-before-check'> = {
  info: defineRule({
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
  check(ctx, reporter) {
    const report = goReport(reporter);
    for (const { binding } of responseSites(ctx)) {
      if (!followedBinding(binding)) continue;
      const found = deferBeforeCheck(ctx, binding);
      if (!found) continue;
      const resp = binding.respName!;
      report(
        found.deferStmt,
        `${code(`defer ${resp}.Body.Close()`, 40)} runs before the ${code(binding.errName!, 16)} check and panics when the request fails; move it after`,
        moveDeferFix(ctx, binding, found.deferStmt, found.check),
      );
    }
  },
};
