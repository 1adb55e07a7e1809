import type { JsRule } from './jsRule';
import { jsAgentFalse } from './rules/js-agent-false/rule';
import { jsAgentWithoutKeepAlive } from './rules/js-agent-without-keepalive/rule';
import { jsConnectionClose } from './rules/js-connection-close/rule';
import { jsLbKeepAliveTimeout } from './rules/js-lb-keepalive-timeout/rule';
import { jsPerRequestClient } from './rules/js-per-request-client/rule';
import { jsServerTimeouts } from './rules/js-server-timeouts/rule';
import { jsUnconsumedBody } from './rules/js-unconsumed-body/rule';

/**
 * Every JS/TS rule, one line each, in the order of the docs and the README table (and of the checks: fixes reserve
 * fresh names in this order). Adding a rule means adding its folder under `rules/` (metadata in `info.ts`, the check in `rule.ts`), one line here
 * and one in `jsRuleMetadata.ts` (which the TypeScript-free bundles read).
 */
export const JS_RULE_LIST: readonly JsRule[] = [
  jsPerRequestClient,
  jsUnconsumedBody,
  jsAgentWithoutKeepAlive,
  jsAgentFalse,
  jsConnectionClose,
  jsServerTimeouts,
  jsLbKeepAliveTimeout,
];
