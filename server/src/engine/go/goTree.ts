import type { Parser } from 'web-tree-sitter';

/**
 * A plain-JavaScript copy of a tree-sitter syntax tree. Walking JS objects is much faster than
 * calling into WASM for every node, and the WASM tree can be freed right after parsing.
 * Offsets are UTF-16 code units into the parsed string.
 */
export interface GoNode {
  type: string;
  start: number;
  end: number;
  /** Field name in the parent (`left`, `body`, ...), or null. */
  field: string | null;
  named: boolean;
  children: GoNode[];
  parent: GoNode | null;
}

export interface GoTree {
  text: string;
  root: GoNode;
}

interface LanguageTables {
  types: string[];
  named: boolean[];
  fields: (string | null)[];
  /** Types whose children are never copied: tokens (no children) and string literals (their content pieces). */
  childless: boolean[];
}

/**
 * Named tokens of tree-sitter-go (node-types.json lists no children for them; the grammar makes them tokens or
 * aliases of tokens, so no parse gives them children), and the two string literals, whose children are only
 * their content and escape pieces: every check reads a literal through its text. Not asking the cursor for
 * the children of these saves a call into WASM per node (about half the nodes are tokens).
 */
export const CHILDLESS_TYPES: ReadonlySet<string> = new Set([
  'blank_identifier', 'comment', 'escape_sequence', 'false', 'field_identifier', 'float_literal', 'identifier',
  'imaginary_literal', 'int_literal', 'interpreted_string_literal_content', 'iota', 'label_name', 'nil',
  'package_identifier', 'raw_string_literal_content', 'rune_literal', 'true', 'type_identifier',
  'interpreted_string_literal', 'raw_string_literal',
]);
const tablesByLanguage = new WeakMap<object, LanguageTables>();

/** Type and field names by id, so the walk asks WASM for numbers only. */
function languageTables(parser: Parser): LanguageTables | undefined {
  const language = parser.language;
  if (!language) return undefined;
  let t = tablesByLanguage.get(language);
  if (!t) {
    t = { types: [], named: [], fields: [null], childless: [] };
    for (let id = 0; id < language.nodeTypeCount; id++) {
      const type = language.nodeTypeForId(id) ?? '';
      t.types.push(type);
      t.named.push(language.nodeTypeIsNamed(id));
      t.childless.push(t.named[id]! && CHILDLESS_TYPES.has(type));
    }
    for (let id = 1; id <= language.fieldCount; id++) t.fields.push(language.fieldNameForId(id));
    tablesByLanguage.set(language, t);
  }
  return t;
}

export function parseGo(parser: Parser, text: string): GoTree {
  const tree = parser.parse(text);
  if (!tree) return { text, root: { type: 'source_file', start: 0, end: text.length, field: null, named: true, children: [], parent: null } };
  const tables = languageTables(parser);
  try {
    const cursor = tree.walk();
    try {
      const make = (parent: GoNode | null, typeId: number, fieldId: number): GoNode => {
        const type = tables?.types[typeId];
        const start = cursor.startIndex;
        const end = cursor.endIndex;
        const missing = start === end && cursor.nodeIsMissing;
        return {
          type: missing ? 'MISSING' : type === undefined ? cursor.nodeType : type,
          start,
          end,
          field: tables && fieldId < tables.fields.length ? tables.fields[fieldId] : cursor.currentFieldName,
          named: tables && type !== undefined ? tables.named[typeId] : cursor.nodeIsNamed,
          children: [],
          parent,
        };
      };
      const root = make(null, cursor.nodeTypeId, 0);
      let current = root;
      // Iterative pre-order walk: no recursion, so deeply nested input cannot overflow the stack.
      // Every cursor property is a call into WASM, so each is read once per node.
      if (cursor.gotoFirstChild()) {
        for (;;) {
          const typeId = cursor.nodeTypeId;
          const fieldId = cursor.currentFieldId;
          // Anonymous punctuation without a field (`(`, `,`, `.`) is a leaf nobody looks at: skip it.
          // Kept: named nodes, tokens in a field (operators), and closing braces.
          const skip = !!tables && typeId < tables.types.length && !tables.named[typeId] && fieldId === 0 && tables.types[typeId] !== '}';
          if (!skip) {
            const node = make(current, typeId, fieldId);
            current.children.push(node);
            if (!tables?.childless[typeId] && cursor.gotoFirstChild()) {
              current = node;
              continue;
            }
          }
          while (!cursor.gotoNextSibling()) {
            if (!cursor.gotoParent() || !current.parent) return { text, root };
            current = current.parent;
          }
        }
      }
      return { text, root };
    } finally {
      cursor.delete();
    }
  } finally {
    tree.delete();
  }
}

export function textOf(tree: GoTree, node: GoNode): string {
  return tree.text.slice(node.start, node.end);
}

export function child(node: GoNode, field: string): GoNode | undefined {
  return node.children.find((c) => c.field === field);
}

export function namedChildren(node: GoNode): GoNode[] {
  return node.children.filter((c) => c.named && c.type !== 'comment');
}

/** Pre-order walk; return false from `visit` to skip a node's children. */
export function walk(node: GoNode, visit: (n: GoNode) => boolean | void): void {
  const stack: GoNode[] = [node];
  while (stack.length) {
    const n = stack.pop()!;
    if (visit(n) === false) continue;
    for (let i = n.children.length - 1; i >= 0; i--) stack.push(n.children[i]);
  }
}

/** Strips parentheses around an expression. */
export function unparen(node: GoNode | undefined): GoNode | undefined {
  while (node && node.type === 'parenthesized_expression') node = namedChildren(node)[0];
  return node;
}

/** The statements of a block (tree-sitter-go wraps them in a statement_list). */
export function blockStatements(block: GoNode | undefined): GoNode[] {
  if (!block) return [];
  const list = block.children.find((c) => c.type === 'statement_list');
  return namedChildren(list ?? block);
}

export function ancestors(node: GoNode): GoNode[] {
  const out: GoNode[] = [];
  for (let p = node.parent; p; p = p.parent) out.push(p);
  return out;
}
