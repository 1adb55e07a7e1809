import type { Fix } from '../../../finding';
import { deleteStatementLines, insertLineAfter } from '../../goEditText';
import type { GoFileContext } from '../../goFileContext';
import { isErrCheck, type Binding } from '../../goResponseSites';
import type { GoNode } from '../../goTree';

/** Moves the `defer` below the error check, when the check is a plain `if err != nil { ...ends... }`. */
export function moveDeferFix(ctx: GoFileContext, binding: Binding, deferStmt: GoNode, check: GoNode): Fix[] {
  const resp = binding.respName!;
  const del = deleteStatementLines(ctx, deferStmt);
  if (!del || !isErrCheck(ctx, check, binding.errName)) return [];
  const insert = insertLineAfter(ctx, check, `defer ${resp}.Body.Close()`, ctx.indentAt(deferStmt.start));
  return [{ title: `Move 'defer ${resp}.Body.Close()' after the error check`, preferred: true, edits: [del, insert] }];
}
