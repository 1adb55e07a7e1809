import Ajv from 'ajv';
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { DIAGNOSTIC_SOURCE as CLIENT_SOURCE, LANGUAGE_CLIENT_ID, OPEN_RULE_DOC_COMMAND, RULE_ID } from '../../client/src/clientIds';
import { RULES } from '../../server/src/engine/rules';
import { DIAGNOSTIC_SOURCE } from '../../server/src/lsp/findingToDiagnostic';

const manifest = JSON.parse(fs.readFileSync(path.join(__dirname, '..', '..', 'package.json'), 'utf8')) as {
  contributes: { commands: Array<{ command: string }>; configuration: { properties: Record<string, { enum?: string[] }> } };
};

/** The names the client, the server and the manifest must agree on (the editor tier checks the behaviour). */
describe('client ids and the manifest', () => {
  it('`socketLens.trace.server` is the trace setting vscode-languageclient reads for the client id', () => {
    // vscode-languageclient reads `<client id>.trace.server` (refreshTrace) and writes the trace to the output channel.
    const setting = manifest.contributes.configuration.properties[`${LANGUAGE_CLIENT_ID}.trace.server`];
    assert.ok(setting, `package.json contributes ${LANGUAGE_CLIENT_ID}.trace.server`);
    assert.deepEqual(setting.enum, ['off', 'messages', 'verbose']);
  });

  it('contributes the command rule links run, and accepts every rule id', () => {
    assert.ok(manifest.contributes.commands.some((c) => c.command === OPEN_RULE_DOC_COMMAND));
    for (const rule of RULES) assert.match(rule.id, RULE_ID);
    assert.doesNotMatch('../../etc/passwd', RULE_ID);
  });

  it('counts the diagnostics of the source the server writes', () => {
    assert.equal(CLIENT_SOURCE, DIAGNOSTIC_SOURCE);
  });

  it('the socketLens.rules schema accepts every rule id and flags a misspelt one', () => {
    const validate = new Ajv({ strict: false }).compile(manifest.contributes.configuration.properties['socketLens.rules']);
    for (const rule of RULES) assert.ok(validate({ [rule.id]: 'off' }), `${rule.id}: ${JSON.stringify(validate.errors)}`);
    assert.ok(validate({ 'go-unclosed-body': 'error', 'js-agent-false': 'hint' }));
    assert.equal(validate({ 'go-unclosed-bodies': 'off' }), false, 'a misspelt rule id');
    assert.equal(validate({ 'go-unclosed-body': 'loud' }), false, 'a value that is not a severity');
  });
});
