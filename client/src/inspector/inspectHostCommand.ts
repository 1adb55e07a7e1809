import * as vscode from 'vscode';
import { configFileFromSshArgs, resolveHostChoice } from '$shared/inspector/hostChoice';
import { LOCAL_HOST_ID } from '$shared/inspector/hostValidation';
import { readSshConfigHosts } from '$shared/inspector/sshConfigHosts';
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
  const settings = readInspectorSettings();
  if ('error' in settings) {
    void vscode.window.showErrorMessage(`Socket Lens: ${settings.error}`);
    return undefined;
  }
  // The ssh config ssh will read: the -F file of the extra options, else ~/.ssh/config.
  const configFile = configFileFromSshArgs(settings.sshExtraArgs);
  const chosen = host ?? (await pickHost(context.globalState, configFile));
  if (chosen === undefined) return undefined;
  const choice = resolveHostChoice(chosen === 'This machine' ? undefined : chosen, configAliases(configFile));
  if (choice.kind === 'refused') {
    void vscode.window.showErrorMessage(`Socket Lens: refused host. ${choice.reason}`);
    return undefined;
  }
  // This machine is keyed 'local'; a remote host (even an alias named "local") by what ssh is given.
  const hostId = choice.kind === 'local' ? LOCAL_HOST_ID : choice.target.label;
  if (settings.notice) void vscode.window.showWarningMessage(`Socket Lens: ${settings.notice}`);
  if (choice.kind === 'ssh') await rememberHost(context.globalState, choice.target);
  return InspectorPanel.show(context, choice.kind === 'ssh' ? { id: `ssh:${hostId}`, target: choice.target } : { id: LOCAL_HOST_ID }, settings);
}

function configAliases(configFile: string | undefined): Set<string> {
  try {
    return new Set(readSshConfigHosts(configFile).map((h) => h.alias));
  } catch {
    return new Set();
  }
}

/** Ends every inspector session (extension deactivation). */
export function disposeInspectors(): Promise<void> {
  return InspectorPanel.disposeAll();
}
