import type * as ts from 'typescript';
import type { Fix } from '../finding';
import type { ClientKind } from './jsClientRule';
import type { JsFile } from './jsFile';

export interface ClientFixes {
  fixes: Fix[];
  /** Why no hoist is offered, appended to the hover. */
  explanation?: string;
}

/** Hoists a per-request client to one shared module-scope instance. */
export function hoistClientFixes(_file: JsFile, _node: ts.NewExpression | ts.CallExpression, _kind: ClientKind, _binding: ts.VariableDeclaration | undefined): ClientFixes {
  return { fixes: [] };
}
