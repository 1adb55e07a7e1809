import { child, namedChildren, textOf, type GoNode, type GoTree } from './goTree';

export interface GoImport {
  /** The name the file uses for the package ('' for blank or dot imports). */
  localName: string;
  path: string;
  spec: GoNode;
  /** True when the import gives an explicit name (alias, `_` or `.`). */
  explicitName: boolean;
}

/** The package name a Go import path declares by convention (`github.com/redis/go-redis/v9` -> `redis`). */
export function defaultImportName(importPath: string): string {
  const parts = importPath.split('/');
  let last = parts[parts.length - 1];
  if (/^v\d+$/.test(last) && parts.length > 1) last = parts[parts.length - 2];
  last = last.replace(/\.v\d+$/, '');
  if (last.startsWith('go-')) last = last.slice(3);
  return last.replace(/[-.]/g, '_');
}

export function readImports(tree: GoTree): GoImport[] {
  const out: GoImport[] = [];
  for (const decl of tree.root.children) {
    if (decl.type !== 'import_declaration') continue;
    const specs: GoNode[] = [];
    for (const c of namedChildren(decl)) {
      if (c.type === 'import_spec') specs.push(c);
      else if (c.type === 'import_spec_list') specs.push(...namedChildren(c).filter((s) => s.type === 'import_spec'));
    }
    for (const spec of specs) {
      const pathNode = child(spec, 'path');
      if (!pathNode) continue;
      const importPath = textOf(tree, pathNode).replace(/^["`]|["`]$/g, '');
      const nameNode = child(spec, 'name');
      const name = nameNode ? textOf(tree, nameNode) : undefined;
      out.push({
        localName: name === undefined ? defaultImportName(importPath) : name === '_' || name === '.' ? '' : name,
        path: importPath,
        spec,
        explicitName: name !== undefined,
      });
    }
  }
  return out;
}

/** Local package name -> import path, for one file. */
export class ImportTable {
  private readonly byName = new Map<string, string>();
  constructor(readonly imports: GoImport[]) {
    for (const i of imports) if (i.localName) this.byName.set(i.localName, i.path);
  }
  pathOf(localName: string): string | undefined {
    return this.byName.get(localName);
  }
  /** The local name under which `importPath` is imported, if it is. */
  nameOf(importPath: string): string | undefined {
    return this.imports.find((i) => i.path === importPath && i.localName)?.localName;
  }
  has(importPath: string): boolean {
    return this.imports.some((i) => i.path === importPath);
  }
}
