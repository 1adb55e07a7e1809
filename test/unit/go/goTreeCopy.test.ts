import * as assert from 'node:assert';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { loadGoParser } from '../../../server/src/engine/go/goParser';
import { CHILDLESS_TYPES, parseGo, type GoNode } from '../../../server/src/engine/go/goTree';

/** The copy of the syntax tree does not ask for the children of tokens and string literals (goTree.ts). */
interface NodeType {
  type: string;
  named: boolean;
  fields?: Record<string, unknown>;
  children?: { types: { type: string }[] };
  subtypes?: unknown[];
}

const nodeTypes: NodeType[] = JSON.parse(fs.readFileSync(require.resolve('tree-sitter-go/src/node-types.json'), 'utf8'));
const STRING_PIECES = new Set(['escape_sequence', 'interpreted_string_literal_content', 'raw_string_literal_content']);

describe('Go syntax tree copy', () => {
  it('every type copied without children is a token of tree-sitter-go, or a string literal made only of pieces', () => {
    for (const type of CHILDLESS_TYPES) {
      const info = nodeTypes.find((t) => t.type === type && t.named);
      assert.ok(info, `${type} is no named node type of tree-sitter-go`);
      if (type.endsWith('string_literal')) {
        assert.deepStrictEqual(Object.keys(info.fields ?? {}), [], type);
        for (const c of info.children?.types ?? []) assert.ok(STRING_PIECES.has(c.type), `${type} may hold a ${c.type}`);
      } else assert.ok(!info.fields && !info.children && !info.subtypes, `${type} may have children`);
    }
  });

  it('keeps every other node: identifiers and calls around and after string literals are all there', async () => {
    const parser = await loadGoParser();
    const text = 'package p\n\nfunc f() {\n\tg("a\\n"+`b`, x.y, \'c\', 1.5)\n}\n';
    const tree = parseGo(parser, text);
    const types: string[] = [];
    const visit = (n: GoNode): void => {
      types.push(n.type);
      n.children.forEach(visit);
    };
    visit(tree.root);
    const expected = ['call_expression', 'binary_expression', 'interpreted_string_literal', 'raw_string_literal', 'selector_expression'];
    for (const t of [...expected, 'field_identifier', 'rune_literal', 'float_literal']) {
      assert.ok(types.includes(t), `${t} missing from ${types.join(' ')}`);
    }
    assert.ok(!types.some((t) => STRING_PIECES.has(t)), 'string pieces are not copied');
    const body = tree.root.children[1]!.children.find((c) => c.field === 'body');
    assert.ok(body && text.slice(body.start, body.end).startsWith('{'));
  });

  it('copies the same tree for the Go fixtures as a walk that asks for every child, less the string pieces', async () => {
    const parser = await loadGoParser();
    const root = path.resolve(__dirname, '..', '..', 'fixtures', 'go');
    const files: string[] = [];
    const walkDir = (dir: string): void => {
      for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
        const p = path.join(dir, e.name);
        if (e.isDirectory()) walkDir(p);
        else if (p.endsWith('.go')) files.push(p);
      }
    };
    walkDir(root);
    assert.ok(files.length > 100);
    for (const file of files) {
      const text = fs.readFileSync(file, 'utf8');
      const copied: string[] = [];
      const visit = (n: GoNode): void => {
        copied.push(`${n.type}@${n.start}-${n.end}:${n.field}`);
        n.children.forEach(visit);
      };
      visit(parseGo(parser, text).root);
      // The reference: tree-sitter's own nodes, named ones plus fielded tokens and '}', string pieces left out.
      const tree = parser.parse(text)!;
      const reference: string[] = [];
      const cursor = tree.walk();
      const refVisit = (): void => {
        const type = cursor.nodeIsMissing && cursor.startIndex === cursor.endIndex ? 'MISSING' : cursor.nodeType;
        const keep = cursor.nodeIsNamed || cursor.currentFieldName !== null || cursor.nodeType === '}';
        if (!keep || STRING_PIECES.has(cursor.nodeType)) return;
        reference.push(`${type}@${cursor.startIndex}-${cursor.endIndex}:${cursor.currentFieldName}`);
        if (cursor.gotoFirstChild()) {
          do refVisit();
          while (cursor.gotoNextSibling());
          cursor.gotoParent();
        }
      };
      refVisit();
      cursor.delete();
      tree.delete();
      assert.deepStrictEqual(copied, reference, file);
    }
  });
});
