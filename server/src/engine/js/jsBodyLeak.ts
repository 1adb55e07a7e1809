import type ts = require('typescript');
import type { Leak } from './jsBodyFlow';
import type { FunctionLike } from './jsSyntax';

/** `node`: an http.IncomingMessage; `fetch`/`node-fetch`: a Response; `undici`: a request() result; `undici-body`: its body. */
export type ResponseApi = 'node' | 'fetch' | 'node-fetch' | 'undici' | 'undici-body' | 'axios-stream';

/** A response whose body some path leaves unread and unreleased. */
export interface BodyLeak {
  api: ResponseApi;
  /** The response variable or parameter, when it has a name. */
  name?: ts.Identifier;
  /** For responses without a name: how the body gets lost. */
  unnamed?: 'discarded' | 'status-only' | 'ignored';
  /** The function whose paths leak (for `await` vs `void` in fixes). */
  owner?: FunctionLike;
  leaks: Leak[];
  /** Where to report. */
  anchor: ts.Node;
  /** Offsets of uses that read or release the body (a fix must not cancel a body another path already read). */
  consumingAt?: number[];
  /** The uses themselves. */
  consumingRefs?: ts.Identifier[];
  callLabel: string;
  /** The request call and its canonical entity (for the library model). */
  call?: ts.CallExpression;
  entity?: string;
  /** For a response returned by workspace wrappers: the functions it passed through. */
  via?: string[];
}
