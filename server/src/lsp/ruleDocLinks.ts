import { ruleDocUrl } from '../engine/rules';

/**
 * Where a rule's documentation link points. The web page by default (any LSP client); when the client names a
 * command that opens the packaged page (VS Code: `socketLens.openRuleDoc`), a command URI that runs it, so the
 * link works inside the editor whether or not the repository is public.
 */
export type RuleDocLink = (ruleId: string) => string;

const COMMAND_NAME = /^[A-Za-z][\w.-]*$/;

export function ruleDocLinks(openRuleDocCommand?: unknown): RuleDocLink {
  if (typeof openRuleDocCommand !== 'string' || !COMMAND_NAME.test(openRuleDocCommand)) return ruleDocUrl;
  return (ruleId) => `command:${openRuleDocCommand}?${encodeURIComponent(JSON.stringify([ruleId]))}`;
}
