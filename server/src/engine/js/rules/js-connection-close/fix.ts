import ts = require('typescript');
import type { Fix, TextEdit } from '../../../finding';
import type { JsFile } from '../../jsFile';
import { deleteStatement } from '../../jsFixTools';
import { removePropertyEdit } from '../../jsKeepAliveEdits';

export function removeConnectionCloseFix(file: JsFile, node: ts.Node): Fix[] {
  let edit: TextEdit;
  if (ts.isPropertyAssignment(node)) {
    const obj = node.parent as ts.ObjectLiteralExpression;
    const holder = obj.parent;
    if (obj.properties.length === 1 && ts.isPropertyAssignment(holder) && holder.initializer === obj) return removeConnectionCloseFix(file, holder);
    edit = removePropertyEdit(file, node);
  } else {
    const st = node.parent;
    if (!st || !ts.isExpressionStatement(st)) return [];
    edit = deleteStatement(file, st);
  }
  return [{ title: 'Remove the Connection: close header', preferred: true, edits: [edit] }];
}

