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
  | 'login-refused'
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

// What a login that is not allowed prints (util-linux and shadow nologin, /etc/nologin), on stdout or stderr.
const LOGIN_REFUSED = /This account is currently not available|account is not available|logins? (are|is) (currently )?(disabled|not allowed)/i;

function meaningfulLines(text: string): string[] {
  return text.split(/\r?\n/).map((l) => l.trim()).filter((l) => l.length > 0 && !/^Warning: Permanently added/.test(l));
}

/**
 * Why the session ended. `stdoutNoise` is what the remote printed outside collector frames: a nologin
 * shell prints its message there, and it is the best detail when stderr says nothing.
 */
export function classifySshFailure(stderr: string, exitCode: number | null, signal: string | null, stdoutNoise: readonly string[] = []): ConnectionError {
  const lines = meaningfulLines(stderr);
  const printed = stdoutNoise.flatMap(meaningfulLines);
  const refusal = [...lines, ...printed].find((l) => LOGIN_REFUSED.test(l));
  if (refusal !== undefined && exitCode !== 255) {
    return { kind: 'login-refused', reason: 'login not allowed', detail: refusal, permanent: true };
  }
  const fallback = signal ? `ssh ended by ${signal}` : `ssh exited with code ${exitCode}`;
  const detail = lines.at(-1) ?? printed.at(-1) ?? fallback;
  for (const [pattern, kind, reason, permanent] of PATTERNS) {
    if (pattern.test(stderr)) return { kind, reason, detail, permanent };
  }
  if (exitCode === 255) return { kind: 'connection-closed', reason: 'connection failed', detail, permanent: false };
  if (lines.length === 0 && printed.length === 0 && exitCode !== null) {
    return {
      kind: 'collector-failed',
      reason: 'remote shell exited',
      detail: `the remote command exited with code ${exitCode} without any output; an account whose login shell is /bin/false ends this way`,
      permanent: false,
    };
  }
  return { kind: 'collector-failed', reason: 'collector failed', detail, permanent: false };
}
