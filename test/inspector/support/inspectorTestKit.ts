import type { CollectorTransport } from '$shared/inspector/collectorProcess';
import { validateHost, type HostTarget } from '$shared/inspector/hostValidation';
import { InspectorSession, type InspectorSessionOptions, type SessionStatus } from '$shared/inspector/inspectorSession';
import type { Hint } from '$shared/inspector/hints';
import type { Snapshot } from '$shared/inspector/snapshot';
import type { TestSshServer } from './testSshServer';

/** A host the test knows is valid, validated the one way there is. */
export function hostTarget(host: string): HostTarget {
  const check = validateHost(host);
  if (!check.ok) throw new Error(check.reason);
  return check.target;
}

export function sshTransport(server: TestSshServer, host = server.alias): CollectorTransport {
  return { kind: 'ssh', target: hostTarget(host), sshPath: 'ssh', extraArgs: server.sshExtraArgs };
}

/** A live session that records every status and snapshot, with helpers to wait for conditions. */
export class RecordingSession {
  readonly statuses: SessionStatus[] = [];
  readonly snapshots: Array<{ snapshot: Snapshot; hints: Hint[] }> = [];
  readonly session: InspectorSession;
  private waiters: Array<() => void> = [];

  constructor(options: Omit<InspectorSessionOptions, 'onStatus' | 'onSnapshot'>) {
    this.session = new InspectorSession({
      ...options,
      onStatus: (s) => {
        this.statuses.push(s);
        this.wake();
      },
      onSnapshot: (snapshot, hints) => {
        this.snapshots.push({ snapshot, hints });
        this.wake();
      },
    });
  }

  private wake(): void {
    const w = this.waiters;
    this.waiters = [];
    for (const f of w) f();
  }

  start(): this {
    this.session.start();
    return this;
  }

  stop(): Promise<void> {
    return this.session.stop();
  }

  /** Resolves when `predicate` holds (checked on every status/snapshot), rejects after timeoutMs. */
  async waitFor(what: string, predicate: () => boolean, timeoutMs = 20000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (!predicate()) {
      const left = deadline - Date.now();
      if (left <= 0) {
        throw new Error(`timed out waiting for ${what}; statuses: ${this.statuses.map(describeStatus).join(' → ')}`);
      }
      await new Promise<void>((resolve) => {
        const t = setTimeout(resolve, Math.min(left, 500));
        this.waiters.push(() => {
          clearTimeout(t);
          resolve();
        });
      });
    }
  }

  get latest(): { snapshot: Snapshot; hints: Hint[] } | undefined {
    return this.snapshots.at(-1);
  }
}

export function describeStatus(s: SessionStatus): string {
  return s.state === 'error' ? `error(${s.error.reason}${s.retryInMs !== undefined ? `, retry ${s.retryInMs}ms` : ''})` : s.state;
}
