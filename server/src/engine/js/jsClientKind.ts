import type { ClientModel } from './jsLibraries';

/** What kind of socket owner a per-request construction is. */
export interface ClientKind {
  /** e.g. `new http.Agent()` or `axios.create()`. */
  label: string;
  /** http(s) agents get `keepAlive: true` when hoisted. */
  httpAgent?: 'http' | 'https';
  model: ClientModel;
}
