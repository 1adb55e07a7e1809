import type * as vscode from 'vscode';
import { validateHost } from '$shared/inspector/hostValidation';

const KEY = 'socketLens.inspector.recentHosts';
const MAX = 10;

/** Recently inspected hosts, newest first, kept in globalState (only strings that pass validation). */
export function recentHosts(state: vscode.Memento): string[] {
  const raw = state.get<unknown>(KEY, []);
  return Array.isArray(raw) ? raw.filter((h): h is string => typeof h === 'string' && validateHost(h, { alias: true }).ok).slice(0, MAX) : [];
}

export async function rememberHost(state: vscode.Memento, host: string): Promise<void> {
  if (!validateHost(host, { alias: true }).ok) return;
  await state.update(KEY, [host, ...recentHosts(state).filter((h) => h !== host)].slice(0, MAX));
}
