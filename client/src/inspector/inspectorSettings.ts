import * as vscode from 'vscode';
import { checkExtraArgs } from '../../../server/src/inspector/sshArgs';
import type { InspectorIntervals } from '../../../server/src/inspector/inspectorSession';

export interface InspectorSettings {
  sshPath: string;
  sshExtraArgs: string[];
  intervals: InspectorIntervals;
  /** Why configured ssh settings were not used, if they were not. */
  notice: string | undefined;
}

function clampNumber(value: unknown, fallback: number, min: number): number {
  return typeof value === 'number' && Number.isFinite(value) && value >= min ? value : fallback;
}

/**
 * Reads the inspector settings. sshPath and sshExtraArgs are machine-scoped; in an untrusted workspace
 * they are ignored altogether ('ssh', no extra options). Extra options that weaken host key checking
 * are refused (an error, not silently dropped).
 */
export function readInspectorSettings(): InspectorSettings | { error: string } {
  const config = vscode.workspace.getConfiguration('socketLens.inspector');
  const intervals: InspectorIntervals = {
    counterIntervalSeconds: clampNumber(config.get('counterIntervalSeconds'), 2, 1),
    socketTableIntervalSeconds: clampNumber(config.get('socketTableIntervalSeconds'), 10, 2),
    sysctlIntervalSeconds: clampNumber(config.get('sysctlIntervalSeconds'), 60, 10),
  };
  if (!vscode.workspace.isTrusted) {
    const configured = config.get<string>('sshPath', 'ssh') !== 'ssh' || (config.get<string[]>('sshExtraArgs', []) ?? []).length > 0;
    return {
      sshPath: 'ssh',
      sshExtraArgs: [],
      intervals,
      notice: configured ? 'This workspace is not trusted: the configured ssh path and extra options are ignored.' : undefined,
    };
  }
  const sshPath = config.get<string>('sshPath', 'ssh') || 'ssh';
  const rawExtra = config.get<unknown>('sshExtraArgs', []);
  const sshExtraArgs = Array.isArray(rawExtra) ? rawExtra.filter((a): a is string => typeof a === 'string') : [];
  const check = checkExtraArgs(sshExtraArgs);
  if (!check.ok) return { error: `socketLens.inspector.sshExtraArgs refused: ${check.reason}` };
  return { sshPath, sshExtraArgs, intervals, notice: undefined };
}
