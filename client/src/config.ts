import * as vscode from 'vscode';

/** Typed access to the extension's settings (see `contributes.configuration` in package.json). */
export const SECTION = 'socketLens';

export interface InspectorConfig {
  sshPath: string;
  sshExtraArgs: string[];
  counterIntervalSeconds: number;
  socketTableIntervalSeconds: number;
  sysctlIntervalSeconds: number;
}

/**
 * Inspector settings. The ssh path and extra arguments choose a program to run, so they are read
 * only from user/machine settings, and ignored entirely in an untrusted workspace.
 */
export function inspectorConfig(): InspectorConfig {
  const config = vscode.workspace.getConfiguration(SECTION);
  const userValue = <T>(key: string, fallback: T): T => {
    if (!vscode.workspace.isTrusted) return fallback;
    const inspected = config.inspect<T>(key);
    return inspected?.globalValue ?? inspected?.defaultValue ?? fallback;
  };
  const number = (key: string, fallback: number, min: number) => {
    const v = config.get<number>(key, fallback);
    return typeof v === 'number' && Number.isFinite(v) ? Math.max(min, v) : fallback;
  };
  const extra = userValue<unknown>('inspector.sshExtraArgs', []);
  const sshPath = userValue<unknown>('inspector.sshPath', 'ssh');
  return {
    sshPath: typeof sshPath === 'string' && sshPath.trim() ? sshPath : 'ssh',
    sshExtraArgs: Array.isArray(extra) ? extra.filter((a): a is string => typeof a === 'string') : [],
    counterIntervalSeconds: number('inspector.counterIntervalSeconds', 2, 1),
    socketTableIntervalSeconds: number('inspector.socketTableIntervalSeconds', 10, 2),
    sysctlIntervalSeconds: number('inspector.sysctlIntervalSeconds', 60, 10),
  };
}
