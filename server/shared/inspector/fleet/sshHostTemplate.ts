/**
 * Maps a fleet host's labels to the SSH host the single-host inspector opens, by a template such as
 * `{instanceHost}` (the instance label without its port), `admin@{label:hostname}` or
 * `{instanceHost}.internal`. The result must pass validateHost; anything else is refused with a reason.
 */
import { validateHost } from '../hostValidation';

export type SshHostResult = { ok: true; host: string } | { ok: false; reason: string };

/** `host:port`, `[v6]:port` or a bare host → the host part. */
export function instanceHost(instance: string): string {
  const v6 = /^\[([^\]]+)\](?::\d+)?$/.exec(instance);
  if (v6) return v6[1]!;
  const m = /^([^:]+):\d+$/.exec(instance);
  return m ? m[1]! : instance;
}

export function sshHostFor(template: string, labels: Record<string, string>): SshHostResult {
  if (template.trim() === '') return { ok: false, reason: 'no SSH host template is set (socketLens.fleet.sshHostTemplate)' };
  const missing: string[] = [];
  const host = template.trim().replace(/\{(instanceHost|label:([a-zA-Z_][a-zA-Z0-9_]*))\}/g, (_all, what: string, name: string | undefined) => {
    if (what === 'instanceHost') return instanceHost(labels.instance ?? '');
    const value = labels[name!];
    if (value === undefined || value === '') missing.push(name!);
    return value ?? '';
  });
  if (missing.length > 0) return { ok: false, reason: `the target has no label ${missing.join(', ')} for the SSH host template` };
  if (/[{}]/.test(host)) return { ok: false, reason: `unknown placeholder in the SSH host template ${JSON.stringify(template)}` };
  const check = validateHost(host);
  return check.ok ? { ok: true, host } : { ok: false, reason: `${JSON.stringify(host)}: ${check.reason}` };
}
