import ts = require('typescript');
import type { Fix } from '../../../finding';
import type { JsFile } from '../../jsFile';
import { setHeadersEdits } from '../../jsKeepAliveEdits';
import type { ServerSettings } from '../../jsKeepAliveSites';

/** Sets headersTimeout above keepAliveTimeout. */
export function serverTimeoutFix(file: JsFile, s: ServerSettings, keepAlive: number): Fix[] {
  const headers = keepAlive + 1000;
  const edits = setHeadersEdits(file, s, headers);
  return edits ? [{ title: `Set headersTimeout to ${headers} ms (above keepAliveTimeout)`, preferred: true, edits }] : [];
}

