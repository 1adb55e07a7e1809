import * as assert from 'node:assert';
import { applyEdits, editsAreDisjoint } from '../../../server/src/engine/applyEdits';
import type { Finding, Fix } from '../../../server/src/engine/finding';
import { fixAllText, preferredEdits } from '../../../server/src/engine/fixAll';
import { withConfidence } from '../../../server/src/engine/createFinding';
import { applyRuleSettings, sanitizeRuleSettings } from '../../../server/src/engine/ruleSettings';
import { applySuppressions, suppressionDirective } from '../../../server/src/engine/suppression';
import { LineIndex } from '../../../server/src/engine/textPositions';

function finding(rule: string, line: number, fixes: Fix[] = [], category: Finding['category'] = 'unclosed-body'): Finding {
  return { rule, category, severity: 'warning', confidence: 'high', line, column: 1, endLine: line, endColumn: 2, start: 0, end: 1, message: '', docUrl: '', fixes };
}

describe('engine core', () => {
  describe('LineIndex', () => {
    it('maps offsets to 1-based lines and UTF-16 columns and back', () => {
      const text = 'ab\r\ncé😀d\n\nx';
      const lines = new LineIndex(text);
      assert.strictEqual(lines.lineCount, 4);
      assert.deepStrictEqual(lines.position(0), { line: 1, column: 1 });
      assert.deepStrictEqual(lines.position(text.indexOf('d')), { line: 2, column: 5 }); // the emoji is two UTF-16 units
      assert.deepStrictEqual(lines.position(text.length), { line: 4, column: 2 });
      assert.strictEqual(lines.lineText(1), 'ab');
      assert.strictEqual(lines.lineText(3), '');
      assert.strictEqual(lines.lineStart(4), text.indexOf('x'));
      assert.deepStrictEqual(lines.position(-5), { line: 1, column: 1 });
    });
  });

  describe('applyEdits', () => {
    it('applies edits in any order and rejects overlaps', () => {
      const edits = [
        { start: 6, end: 11, newText: 'there' },
        { start: 0, end: 0, newText: '> ' },
      ];
      assert.strictEqual(applyEdits('hello world', edits), '> hello there');
      assert.ok(editsAreDisjoint(edits));
      assert.throws(() => applyEdits('hello', [{ start: 0, end: 3, newText: '' }, { start: 2, end: 4, newText: '' }]), /overlapping/);
      assert.throws(() => applyEdits('hi', [{ start: 1, end: 9, newText: '' }]), /out-of-range/);
    });
  });

  describe('suppression comments', () => {
    it('parse rule lists, categories and *', () => {
      assert.deepStrictEqual(suppressionDirective('x := 1 //socketlens:ignore go-unclosed-body closed by caller'), ['go-unclosed-body']);
      assert.deepStrictEqual(suppressionDirective('// socketlens:ignore a-rule,keep-alive why'), ['a-rule', 'keep-alive']);
      assert.strictEqual(suppressionDirective('// socketlens ignore a-rule'), undefined);
    });
    it('silence findings on the same line or the line below only', () => {
      const text = ['// socketlens:ignore r1 reason', 'line2', 'line3 // socketlens:ignore unclosed-body reason', 'line4', 'line5'].join('\n');
      const kept = applySuppressions([finding('r1', 2), finding('r1', 3), finding('r2', 3), finding('r1', 5)], new LineIndex(text));
      assert.deepStrictEqual(kept.map((f) => `${f.rule}@${f.line}`), ['r1@5']);
    });
  });

  describe('rule settings', () => {
    it('keep well-formed entries and turn rules off or re-grade them', () => {
      const settings = sanitizeRuleSettings({ a: 'off', b: 'error', c: 'loud', d: 3 });
      assert.deepStrictEqual(settings, { a: 'off', b: 'error' });
      assert.deepStrictEqual(sanitizeRuleSettings(['a']), {});
      const out = applyRuleSettings([finding('a', 1), finding('b', 2), finding('c', 3)], settings);
      assert.deepStrictEqual(out.map((f) => `${f.rule}:${f.severity}`), ['b:error', 'c:warning']);
    });
  });

  describe('fix-all', () => {
    it('takes preferred fixes, skips overlapping ones, and converges', () => {
      const fix = (start: number, end: number, newText: string, preferred = true): Fix => ({ title: newText, preferred, edits: [{ start, end, newText }] });
      const findings = [finding('a', 1, [fix(0, 1, 'A')]), finding('b', 1, [fix(0, 2, 'B')]), finding('c', 1, [fix(3, 4, 'C', false)])];
      assert.deepStrictEqual(preferredEdits(findings).map((e) => e.newText), ['A']);
      // A toy analyzer: every lowercase letter is a finding whose fix upper-cases it.
      const analyze = (text: string): Finding[] =>
        [...text].flatMap((ch, i) => (/[a-z]/.test(ch) ? [finding('upper', 1, [fix(i, i + 1, ch.toUpperCase())])] : []));
      const result = fixAllText('ab-c', analyze);
      assert.strictEqual(result.text, 'AB-C');
      assert.strictEqual(result.fixed.length, 3);
      assert.deepStrictEqual(fixAllText(result.text, analyze), { text: 'AB-C', fixed: [] });
    });
  });
});

describe('confidence', () => {
  it('a medium-confidence finding drops to info unless its severity is already at or below info', () => {
    assert.strictEqual(withConfidence(finding('r', 1), 'medium').severity, 'info');
    assert.strictEqual(withConfidence(finding('r', 1), 'medium').confidence, 'medium');
    assert.strictEqual(withConfidence({ ...finding('r', 1), severity: 'hint' }, 'medium').severity, 'hint');
    assert.strictEqual(withConfidence(finding('r', 1), 'high').severity, 'warning');
  });
});
