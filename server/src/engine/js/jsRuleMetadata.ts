import type { RuleInfo } from '../ruleInfo';
import { jsAgentFalseInfo } from './rules/js-agent-false/info';
import { jsAgentWithoutKeepAliveInfo } from './rules/js-agent-without-keepalive/info';
import { jsConnectionCloseInfo } from './rules/js-connection-close/info';
import { jsLbKeepAliveTimeoutInfo } from './rules/js-lb-keepalive-timeout/info';
import { jsPerRequestClientInfo } from './rules/js-per-request-client/info';
import { jsServerTimeoutsInfo } from './rules/js-server-timeouts/info';
import { jsUnconsumedBodyInfo } from './rules/js-unconsumed-body/info';

/**
 * The JS/TS rules' metadata, in the order of `JS_RULE_LIST`. It is a list of its own because a JS/TS rule's check
 * imports the TypeScript compiler, which lives in its own bundle (`lazyJsFrontEnd.ts`): the config, the docs, SARIF
 * and a Go-only scan read this list without loading TypeScript. `test/unit/ruleIds.test.ts` fails if the two lists
 * disagree, so a rule added to one and not the other cannot land.
 */
export const JS_RULES: readonly RuleInfo[] = [
  jsPerRequestClientInfo,
  jsUnconsumedBodyInfo,
  jsAgentWithoutKeepAliveInfo,
  jsAgentFalseInfo,
  jsConnectionCloseInfo,
  jsServerTimeoutsInfo,
  jsLbKeepAliveTimeoutInfo,
];
