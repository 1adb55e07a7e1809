import ts = require('typescript');
import type { Fix, TextEdit } from '../../../finding';
import type { JsFile } from '../../jsFile';
import { freshName, insertModuleLines, moduleAccessor, moduleInsertAfter } from '../../jsFixTools';
import { removePropertyEdit } from '../../jsKeepAliveEdits';

export function agentFalseFix(file: JsFile, prop: ts.PropertyAssignment, module: 'http' | 'https' | 'any'): Fix[] {
  if (module === 'any') {
    // node-fetch picks http or https by URL: without the option it uses Node's global agents (keep-alive since Node 19).
    return [{ title: 'Remove agent: false (use the global keep-alive agents)', preferred: true, edits: [removePropertyEdit(file, prop)] }];
  }
  const accessor = moduleAccessor(file, module, 'Agent');
  const name = freshName(file, module === 'https' ? 'keepAliveHttpsAgent' : 'keepAliveAgent');
  const after = moduleInsertAfter(file);
  const edits: TextEdit[] = [
    ...(accessor.edits ?? []),
    insertModuleLines(file, [`const ${name} = new ${accessor.expr}({ keepAlive: true });`], after, accessor.importLine ? [accessor.importLine] : []),
    { start: prop.initializer.getStart(file.sourceFile), end: prop.initializer.getEnd(), newText: name },
  ];
  return [{ title: `Use one shared keep-alive ${module}.Agent`, preferred: true, edits }];
}

