/** Issue 9: the Go scope index answers "mentions", "declared in this function" and fresh names for every rule. */
import * as assert from 'node:assert';
import { loadGoParser } from '../../../server/src/engine/go/goParser';
import { freshName, goScopes } from '../../../server/src/engine/go/goScopes';
import { parseGo, walk, type GoNode, type GoTree } from '../../../server/src/engine/go/goTree';

const SOURCE = `package p

import "net/http"

func get(c *http.Client, url string) (body []byte, err error) {
	resp, err := c.Get(url)
	var n int
	n = 2
	go func(inner string) {
		hidden := inner
		_ = hidden
	}(url)
	_ = n
	_ = resp
	return nil, err
}
`;

function find(tree: GoTree, type: string, pick = 0): GoNode {
  const found: GoNode[] = [];
  walk(tree.root, (n) => {
    if (n.type === type) found.push(n);
  });
  assert.ok(found[pick], `no ${type} #${pick}`);
  return found[pick];
}

describe('Go scope index', () => {
  let tree: GoTree;
  before(async () => {
    tree = parseGo(await loadGoParser(), SOURCE);
  });

  it('mentions: an identifier inside the node, not outside it and not a field name', () => {
    const scopes = goScopes({ tree });
    const literal = find(tree, 'func_literal');
    assert.ok(scopes.mentions(literal, 'hidden'));
    assert.ok(scopes.mentions(literal, 'inner'));
    assert.ok(!scopes.mentions(literal, 'resp'));
    assert.ok(!scopes.mentions(find(tree, 'function_declaration'), 'Get'), 'Get is a field, not an identifier');
    assert.ok(scopes.mentions(find(tree, 'function_declaration'), 'resp'));
  });

  it('declarations: results, parameters, locals, assignments, and names declared anywhere inside', () => {
    const d = goScopes({ tree }).declarations(find(tree, 'function_declaration'));
    assert.deepStrictEqual([...d.results].sort(), ['body', 'err']);
    assert.deepStrictEqual([...d.params].sort(), ['c', 'url']);
    assert.deepStrictEqual([...d.locals].sort(), ['err', 'n', 'resp']);
    assert.deepStrictEqual([...d.assigned].sort(), ['_', 'n']);
    assert.ok(d.anywhere.has('hidden') && d.anywhere.has('inner') && d.anywhere.has('body'));
    assert.ok(!d.locals.has('hidden'), 'a func literal declares its own names');
  });

  it('one index per tree; fresh names skip what is taken', () => {
    assert.strictEqual(goScopes({ tree }), goScopes({ tree }));
    const used = goScopes({ tree }).namesIn(find(tree, 'function_declaration'));
    assert.strictEqual(freshName('resp', (n) => used.has(n)), 'resp2');
    assert.strictEqual(freshName('res', (n) => used.has(n)), 'res');
  });
});
