/**
 * Every rule id, as typed constants: a check reports with a `GoRuleId` or `JsRuleId`, rule metadata is defined
 * with a `RuleId`, so a misspelt id fails to compile instead of being dropped at run time. Adding a rule means
 * adding its id here and its metadata (`defineRule`) to its language's rule list; a unit test checks the two agree.
 */
export const GO_RULE_IDS = [
  'go-per-request-client',
  'go-unclosed-body',
  'go-defer-close-before-check',
  'go-disable-keepalives',
  'go-max-idle-conns-per-host',
  'go-connection-close',
  'go-default-transport-copy',
] as const;

export const JS_RULE_IDS = [
  'js-per-request-client',
  'js-unconsumed-body',
  'js-agent-without-keepalive',
  'js-agent-false',
  'js-connection-close',
  'js-server-timeouts',
  'js-lb-keepalive-timeout',
] as const;

export type GoRuleId = (typeof GO_RULE_IDS)[number];
export type JsRuleId = (typeof JS_RULE_IDS)[number];
export type RuleId = GoRuleId | JsRuleId;
