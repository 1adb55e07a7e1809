import * as vscode from 'vscode';
import { LOCAL_HOST_ID, validateHost } from '../../../server/src/inspector/hostValidation';
import { pickHost } from './hostPicker';
import { InspectorPanel } from './inspectorPanel';
import { readInspectorSettings } from './inspectorSettings';
import { rememberHost } from './recentHosts';

/**
 * `socketLens.inspectHost`: pick a host (or take `host` from the caller — 'local' is this machine) and
 * open its inspector panel. Several hosts can be open at once; opening an open host reveals its panel.
 */
let cleanupRegistered = false;

export async function inspectHost(context: vscode.ExtensionContext, host?: string): Promise<InspectorPanel | undefined> {
  if (!cleanupRegistered) {
    cleanupRegistered = true;
    // Deactivation ends every ssh session (stop() sends the signals synchronously).
    context.subscriptions.push({ dispose: () => void disposeInspectors() });
  }
  const chosen = host ?? (await pickHost(context.globalState));
  if (chosen === undefined) return undefined;
  const hostId = chosen === LOCAL_HOST_ID || chosen === 'This machine' ? LOCAL_HOST_ID : chosen;
  if (hostId !== LOCAL_HOST_ID) {
    const check = validateHost(hostId);
    if (!check.ok) {
      void vscode.window.showErrorMessage(`Socket Lens: refused host. ${check.reason}`);
      return undefined;
    }
  }
  const settings = readInspectorSettings();
  if ('error' in settings) {
    void vscode.window.showErrorMessage(`Socket Lens: ${settings.error}`);
    return undefined;
  }
  if (settings.notice) void vscode.window.showWarningMessage(`Socket Lens: ${settings.notice}`);
  await rememberHost(context.globalState, hostId);
  return InspectorPanel.show(context, hostId, settings);
}

/** Ends every inspector session (extension deactivation). */
export function disposeInspectors(): Promise<void> {
  return InspectorPanel.disposeAll();
}
