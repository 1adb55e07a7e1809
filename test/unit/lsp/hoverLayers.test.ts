import * as assert from 'node:assert/strict';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { Engine } from '../../../server/src/engine/engine';
import { findRule } from '../../../server/src/engine/rules';
import { findingToDiagnostic } from '../../../server/src/lsp/findingToDiagnostic';
import { escapeMarkdown, findingNote, hoverFor } from '../../../server/src/lsp/hover';
import { ruleDocLinks } from '../../../server/src/lsp/ruleDocLinks';

const GO = `package fetch

import (
	"fmt"
	"net/http"
)

func status(c *http.Client, url string) error {
	resp, err := c.Get(url)
	if err != nil {
		return err
	}
	if resp.StatusCode != http.StatusOK {
		return fmt.Errorf("status %d", resp.StatusCode)
	}
	return resp.Body.Close()
}
`;

async function goFinding() {
  const engine = await Engine.create();
  engine.update('/virtual/fetch/fetch.go', GO, 1);
  const [finding] = engine.analyze('/virtual/fetch/fetch.go');
  assert.equal(finding?.rule, 'go-unclosed-body');
  return finding;
}

describe('hover layers', () => {
  const doc = TextDocument.create('file:///virtual/fetch/fetch.go', 'go', 1, GO);

  it('shows the leaking path as links to its lines when a finding carries one, and as related information', async () => {
    const finding = await goFinding();
    const exit = GO.indexOf('return fmt.Errorf');
    const withPath = { ...finding, related: [{ start: exit, end: exit + 6, note: 'returns without closing `resp.Body`' }] };
    const hover = hoverFor(doc, doc.positionAt(finding.start), [withPath]);
    const value = (hover!.contents as { value: string }).value;
    assert.match(value, /Leaking path:\n- \[line 14\]\(file:\/\/\/virtual\/fetch\/fetch\.go#L14\): returns without closing `resp\.Body`/);
    const diagnostic = findingToDiagnostic(withPath, ruleDocLinks(), doc);
    assert.deepEqual(diagnostic.relatedInformation, [
      {
        location: { uri: doc.uri, range: { start: { line: 13, character: 2 }, end: { line: 13, character: 8 } } },
        message: 'returns without closing `resp.Body`',
      },
    ]);
    // The engine fills the path itself: the early return on line 14.
    const own = (hoverFor(doc, doc.positionAt(finding.start), [finding])!.contents as { value: string }).value;
    assert.match(own, /Leaking path:\n- \[line 14\]\(file:\/\/\/virtual\/fetch\/fetch\.go#L14\): body still open: returning on line 14/);
    const bare = { ...finding, related: undefined };
    const plain = (hoverFor(doc, doc.positionAt(finding.start), [bare])!.contents as { value: string }).value;
    assert.ok(!plain.includes('Leaking path'), 'no path layer when the finding carries none');
  });

  it("adds a finding's own note (why no quick fix) to the fix layer, never the rule's whole text", async () => {
    const finding = await goFinding();
    const rule = findRule(finding.rule)!;
    assert.equal(findingNote(finding), '');
    const noted = { ...finding, note: '**No quick fix here:** the client is reused later.' };
    assert.equal(findingNote(noted), '**No quick fix here:** the client is reused later.');
    const value = (hoverFor(doc, doc.positionAt(finding.start), [noted])!.contents as { value: string }).value;
    assert.ok(value.includes(`**Fix:** ${rule.fix}\n\n**No quick fix here:** the client is reused later.`));
    assert.ok(!value.includes(rule.fixDetails));
  });

  it('keeps code spans in messages and escapes Markdown outside them', () => {
    assert.equal(escapeMarkdown('Body of `resp_1` (a *b*) <img>'), 'Body of `resp_1` (a \\*b\\*) \\<img\\>');
  });

  it('accepts only a plain command name for the packaged-page links', () => {
    assert.match(ruleDocLinks('socketLens.openRuleDoc')('go-unclosed-body'), /^command:socketLens\.openRuleDoc\?/);
    assert.match(ruleDocLinks('x?y=1')('go-unclosed-body'), /^https:/);
    assert.match(ruleDocLinks(42)('go-unclosed-body'), /^https:/);
  });
});
