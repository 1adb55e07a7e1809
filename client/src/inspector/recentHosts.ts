import type * as vscode from 'vscode';
import { validateHost, type HostTarget } from '$shared/inspector/hostValidation';

const KEY = 'socketLens.inspector.recentHosts';
const MAX = 10;

/** Recently inspected hosts, newest first, kept in globalState (what is read back is untrusted: only strings that pass validation). */
export function recentHosts(state: vscode.Memento): string[] {
  const raw = state.get<unknown>(KEY, []);
  return Array.isArray(raw) ? raw.filter((h): h is string => typeof h === 'string' && validateHost(h, { alias: true }).ok).slice(0, MAX) : [];
}

/** Remembers a host that was validated when it was chosen (its label is what the picker offers again). */
export async function rememberHost(state: vscode.Memento, target: HostTarget): Promise<void> {
  const host = target.label;
  await state.update(KEY, [host, ...recentHosts(state).filter((h) => h !== host)].slice(0, MAX));
}
