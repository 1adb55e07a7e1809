import ts = require('typescript');
import type { Fix } from '../../../finding';
import type { JsFile } from '../../jsFile';
import { keepAliveEdits } from '../../jsKeepAliveEdits';

export function addKeepAliveFix(file: JsFile, node: ts.NewExpression): Fix[] {
  const edits = keepAliveEdits(file, node);
  return edits ? [{ title: 'Add keepAlive: true', preferred: true, edits }] : [];
}

