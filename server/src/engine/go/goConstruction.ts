import type { GoNode } from './goTree';

/** A construction of something that owns a connection pool. */
export interface Construction {
  /** The whole expression (`&http.Client{...}`, `new(http.Transport)`, `sql.Open(...)`). */
  node: GoNode;
  kind: 'client' | 'transport' | 'pool';
  label: string;
  /** The composite literal, for http.Client / http.Transport literals. */
  literal?: GoNode;
  /** For a client literal: the literal (or `new`) of its inline transport. */
  transport?: GoNode;
}
