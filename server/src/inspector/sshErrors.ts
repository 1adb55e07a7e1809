/** Classifies why an ssh session ended, from its stderr and exit code. */
export type ConnectionErrorKind =
  | 'host-key-unknown'
  | 'host-key-changed'
  | 'auth-failed'
  | 'timed-out'
  | 'refused'
  | 'unreachable'
  | 'name-not-resolved'
  | 'connection-closed'
  | 'ssh-not-found'
  | 'collector-failed';

export interface ConnectionError {
  kind: ConnectionErrorKind;
  /** Short reason for the status line, e.g. "host key unknown". */
  reason: string;
  /** Last meaningful stderr line, for details. */
  detail: string;
  /** Retrying cannot help without user action (host keys, authentication, missing ssh). */
  permanent: boolean;
}

const PATTERNS: ReadonlyArray<[RegExp, ConnectionErrorKind, string, boolean]> = [
  [/REMOTE HOST IDENTIFICATION HAS CHANGED|Host key for .* has changed/i, 'host-key-changed', 'host key changed', true],
  [/Host key verification failed|No (\S+ )?host key is known for|host key is not known/i, 'host-key-unknown', 'host key unknown', true],
  [/Permission denied|Too many authentication failures|no matching (host key|key exchange)/i, 'auth-failed', 'auth failed', true],
  [/timed out|Connection timeout/i, 'timed-out', 'timed out', false],
  [/Connection refused/i, 'refused', 'connection refused', false],
  [/No route to host|Network is unreachable/i, 'unreachable', 'host unreachable', false],
  [/Could not resolve hostname|Name or service not known|nodename nor servname/i, 'name-not-resolved', 'host name not resolved', true],
  [/Connection closed by|Connection reset|Broken pipe|closed by remote host|kex_exchange_identification/i, 'connection-closed', 'connection closed', false],
];

export function classifySshFailure(stderr: string, exitCode: number | null, signal: string | null): ConnectionError {
  const lines = stderr.split(/\r?\n/).map((l) => l.trim()).filter((l) => l.length > 0 && !/^Warning: Permanently added/.test(l));
  const detail = lines.at(-1) ?? (signal ? `ssh ended by ${signal}` : `ssh exited with code ${exitCode}`);
  for (const [pattern, kind, reason, permanent] of PATTERNS) {
    if (pattern.test(stderr)) return { kind, reason, detail, permanent };
  }
  if (exitCode === 255) return { kind: 'connection-closed', reason: 'connection failed', detail, permanent: false };
  return { kind: 'collector-failed', reason: 'collector failed', detail, permanent: false };
}
