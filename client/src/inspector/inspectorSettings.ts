import * as vscode from 'vscode';
import { resolveInspectorSettings, type InspectorSettings } from '$shared/inspector/resolveInspectorSettings';

export type { InspectorSettings };

/**
 * Reads the inspector settings. sshPath and sshExtraArgs are machine-scoped (VS Code ignores them in workspace
 * settings); what is done with them, and that an untrusted workspace gets none of them, is decided in
 * resolveInspectorSettings.
 */
export function readInspectorSettings(): InspectorSettings | { error: string } {
  const config = vscode.workspace.getConfiguration('socketLens.inspector');
  return resolveInspectorSettings({
    trusted: vscode.workspace.isTrusted,
    sshPath: config.get('sshPath'),
    sshExtraArgs: config.get('sshExtraArgs'),
    counterIntervalSeconds: config.get('counterIntervalSeconds'),
    socketTableIntervalSeconds: config.get('socketTableIntervalSeconds'),
    sysctlIntervalSeconds: config.get('sysctlIntervalSeconds'),
  });
}
