/**
 * Names the client shares with the manifest and the server. Free of `vscode` so tests can check them against
 * package.json.
 */

/** The language client's id: vscode-languageclient reads `<id>.trace.server` for protocol tracing. */
export const LANGUAGE_CLIENT_ID = 'socketLens';

/** The command a rule link runs to open the rule's packaged page (docs/rules/<id>.md) in the Markdown preview. */
export const OPEN_RULE_DOC_COMMAND = 'socketLens.openRuleDoc';

/** The diagnostics' `source`, as the server sets it. */
export const DIAGNOSTIC_SOURCE = 'socket-lens';

/** A rule id as the server writes it: what `openRuleDoc` accepts before it touches the file system. */
export const RULE_ID = /^(go|js)-[a-z0-9-]+$/;
