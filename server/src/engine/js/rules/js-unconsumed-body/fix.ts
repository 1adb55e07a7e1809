import ts = require('typescript');
import type { Fix, TextEdit } from '../../../finding';
import type { ResponseApi } from '../../jsLibraries';
import type { BodyLeak } from './model';
import type { JsFile } from '../../jsFile';
import { appendToBlock, endOfLineAfter, freshName, insertBeforeStatement, moduleStyle } from '../../jsFixTools';
import { indentationAt, indentUnit, isFunctionLike, type FunctionLike } from '../../jsSyntax';

/** Consumes or cancels the body on each leaking path, in the surrounding async style. */
export function bodyLeakFixes(file: JsFile, leak: BodyLeak): Fix[] {
  const isAsync = leak.owner ? hasAsync(leak.owner) : moduleStyle(file) === 'esm';
  if (leak.name && leak.leaks.length) {
    const name = leak.name.text;
    const edits: TextEdit[] = [];
    for (const l of leak.leaks) {
      if (l.kind === 'end') {
        for (const tail of l.tails ?? [l.node]) {
          const edit = appendRelease(file, tail, leak, name, isAsync);
          if (!edit) return [];
          edits.push(edit);
        }
      } else {
        edits.push(insertBeforeStatement(file, l.node as ts.Statement, releaseCode(leak.api, name, isAsync, readBefore(leak, l.node.getStart(file.sourceFile)))));
      }
    }
    return [{ title: `${releaseVerb(leak.api)} the body of \`${name}\` on the leaking path${leak.leaks.length > 1 ? 's' : ''}`, preferred: true, edits }];
  }
  return unnamedFixes(file, leak, isAsync);
}

/** Releases the body where a path falls off the end of `tail` (a block, an expression body or a lone branch statement). */
function appendRelease(file: JsFile, tail: ts.Node, leak: BodyLeak, name: string, isAsync: boolean): TextEdit | undefined {
  const code = releaseCode(leak.api, name, isAsync, readBefore(leak, tail.getEnd()));
  if (ts.isBlock(tail) || ts.isSourceFile(tail)) return appendToBlock(file, tail, code, indentUnit(file.text));
  if (tail.parent && ts.isArrowFunction(tail.parent) && tail.parent.body === tail) {
    const expr = tail.getText(file.sourceFile);
    return { start: tail.getStart(file.sourceFile), end: tail.getEnd(), newText: `{ ${code} return ${ts.isObjectLiteralExpression(tail) ? `(${expr})` : expr}; }` };
  }
  if (ts.isExpressionStatement(tail) || ts.isVariableStatement(tail)) {
    return { start: tail.getStart(file.sourceFile), end: tail.getEnd(), newText: `{ ${tail.getText(file.sourceFile)} ${code} }` };
  }
  return undefined;
}

/**
 * True when a path reaching `offset` may already have read the body: a consuming use that comes
 * earlier and does not sit in an `if` branch the insertion point is not in.
 */
function readBefore(leak: BodyLeak, offset: number): boolean {
  return (leak.consumingRefs ?? []).some((ref) => ref.getStart() < offset && !inOtherBranch(ref, offset));
}

function inOtherBranch(ref: ts.Node, offset: number): boolean {
  for (let p: ts.Node | undefined = ref; p?.parent; p = p.parent) {
    const parent: ts.Node = p.parent;
    if (ts.isIfStatement(parent) && (p === parent.thenStatement || p === parent.elseStatement) && !(offset >= p.pos && offset <= p.end)) return true;
    if (isFunctionLike(parent)) return false;
  }
  return false;
}

function releaseVerb(api: ResponseApi): string {
  return api === 'node' ? 'Resume' : api === 'fetch' ? 'Cancel' : api === 'node-fetch' ? 'Read' : api === 'axios-stream' ? 'Destroy' : 'Dump';
}

/** The statement that releases the body. `guarded`: other paths may have read it already. */
function releaseCode(api: ResponseApi, name: string, isAsync: boolean, guarded: boolean): string {
  const wait = isAsync ? 'await' : 'void';
  switch (api) {
    case 'node':
      return `${name}.resume();`;
    case 'fetch':
      return guarded ? `if (!${name}.bodyUsed) ${wait} ${name}.body?.cancel();` : `${wait} ${name}.body?.cancel();`;
    case 'node-fetch':
      return guarded ? `if (!${name}.bodyUsed) ${wait} ${name}.arrayBuffer();` : `${wait} ${name}.arrayBuffer();`;
    case 'undici':
      return guarded ? `if (!${name}.body.bodyUsed) ${wait} ${name}.body.dump();` : `${wait} ${name}.body.dump();`;
    case 'undici-body':
      return guarded ? `if (!${name}.bodyUsed) ${wait} ${name}.dump();` : `${wait} ${name}.dump();`;
    case 'axios-stream':
      return guarded ? `if (!${name}.data.readableDidRead) ${name}.data.destroy();` : `${name}.data.destroy();`;
  }
}

/** Responses without a name: a discarded `await fetch()`, a status-only destructuring, a callback that ignores its response. */
function unnamedFixes(file: JsFile, leak: BodyLeak, isAsync: boolean): Fix[] {
  const call = leak.anchor.parent;
  if (!call || !ts.isCallExpression(call)) return [];
  if (leak.api === 'node') {
    // http.get(url, () => { ... }): take the response and resume it.
    const fn = leak.owner;
    if (!fn || !ts.isBlock(fn.body as ts.Node) || fn.parameters.length > 0) return [];
    const body = fn.body as ts.Block;
    const name = freshName(file, 'res');
    const open = fn.parameters.pos;
    const paramEdit: TextEdit = ts.isArrowFunction(fn) && file.text[open - 1] !== '(' ? { start: open, end: open, newText: `(${name})` } : { start: open, end: open, newText: name };
    const first = body.statements[0];
    const stmt: TextEdit = first
      ? { start: first.getStart(file.sourceFile), end: first.getStart(file.sourceFile), newText: `${name}.resume();\n${indentationAt(file.text, first.getStart(file.sourceFile))}` }
      : appendToBlock(file, body, `${name}.resume();`, indentUnit(file.text));
    return [{ title: 'Resume the response so the socket is freed', preferred: true, edits: [paramEdit, stmt] }];
  }
  if (!isAsync) return [];
  let use: ts.Node = call;
  while (use.parent && (ts.isParenthesizedExpression(use.parent) || ts.isAwaitExpression(use.parent))) use = use.parent;
  const p = use.parent;
  if (!ts.isAwaitExpression(use)) return [];
  const st = p && (ts.isExpressionStatement(p) ? p : ts.isVariableDeclaration(p) ? p.parent?.parent : undefined);
  if (!st || !(ts.isExpressionStatement(st) || ts.isVariableStatement(st)) || !(ts.isBlock(st.parent) || ts.isSourceFile(st.parent))) return [];
  const indent = indentationAt(file.text, st.getStart(file.sourceFile));
  if (ts.isExpressionStatement(p)) {
    const name = freshName(file, 'response');
    return [
      {
        title: `${releaseVerb(leak.api)} the response body`,
        preferred: true,
        edits: [
          { start: st.getStart(file.sourceFile), end: st.getStart(file.sourceFile), newText: `const ${name} = ` },
          ...(file.text[st.getEnd() - 1] === ';' ? [] : [{ start: st.getEnd(), end: st.getEnd(), newText: ';' }]),
          { start: endOfLineAfter(file, st), end: endOfLineAfter(file, st), newText: `\n${indent}${releaseCode(leak.api, name, true, false)}` },
        ],
      },
    ];
  }
  if (ts.isVariableDeclaration(p) && ts.isObjectBindingPattern(p.name) && p.name.elements.length > 0) {
    const name = freshName(file, 'body');
    const last = p.name.elements[p.name.elements.length - 1];
    const code = leak.api === 'undici' ? `await ${name}.dump();` : leak.api === 'node-fetch' ? `${name}.resume();` : `await ${name}?.cancel();`;
    return [
      {
        title: `${releaseVerb(leak.api)} the response body`,
        preferred: true,
        edits: [
          { start: last.getEnd(), end: last.getEnd(), newText: name === 'body' ? ', body' : `, body: ${name}` },
          { start: endOfLineAfter(file, st), end: endOfLineAfter(file, st), newText: `\n${indent}${code}` },
        ],
      },
    ];
  }
  return [];
}

function hasAsync(fn: FunctionLike): boolean {
  return !!ts.getModifiers(fn)?.some((m) => m.kind === ts.SyntaxKind.AsyncKeyword) && isFunctionLike(fn);
}
