import type { RuleInfo } from '../ruleInfo';
import type { GoRule } from './goRule';
import { goConnectionClose } from './rules/go-connection-close/rule';
import { goDefaultTransportCopy } from './rules/go-default-transport-copy/rule';
import { goDeferCloseBeforeCheck } from './rules/go-defer-close-before-check/rule';
import { goDisableKeepAlives } from './rules/go-disable-keepalives/rule';
import { goMaxIdleConnsPerHost } from './rules/go-max-idle-conns-per-host/rule';
import { goPerRequestClient } from './rules/go-per-request-client/rule';
import { goUnclosedBody } from './rules/go-unclosed-body/rule';

/**
 * Every Go rule, one line each, in the order of the docs and the README table. Adding a rule means adding its
 * folder under `rules/` and one line here; metadata lists, docs, the settings schema and SARIF follow.
 */
export const GO_RULE_LIST: readonly GoRule[] = [
  goPerRequestClient,
  goUnclosedBody,
  goDeferCloseBeforeCheck,
  goDisableKeepAlives,
  goMaxIdleConnsPerHost,
  goConnectionClose,
  goDefaultTransportCopy,
];

/** The Go rules' metadata, derived from the list. */
export const GO_RULES: readonly RuleInfo[] = GO_RULE_LIST.map((rule) => rule.info);
