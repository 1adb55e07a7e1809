import { DEFAULT_INTERVALS, type InspectorIntervals } from './inspectorSession';
import { checkExtraArgs } from './sshArgs';

/** Inspector settings as the editor stores them (untyped: they come from JSON the user edits). */
export interface RawInspectorSettings {
  /** Whether the workspace is trusted. */
  trusted: boolean;
  sshPath: unknown;
  sshExtraArgs: unknown;
  counterIntervalSeconds: unknown;
  socketTableIntervalSeconds: unknown;
  sysctlIntervalSeconds: unknown;
}

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
 * Decides which ssh program and options the inspector runs. In an untrusted workspace nothing configured
 * is used ('ssh', no extra options), whatever the settings say. Extra options that weaken host key checking
 * are refused with an error rather than silently dropped.
 */
export function resolveInspectorSettings(raw: RawInspectorSettings): InspectorSettings | { error: string } {
  const intervals: InspectorIntervals = {
    counterIntervalSeconds: clampNumber(raw.counterIntervalSeconds, DEFAULT_INTERVALS.counterIntervalSeconds, 1),
    socketTableIntervalSeconds: clampNumber(raw.socketTableIntervalSeconds, DEFAULT_INTERVALS.socketTableIntervalSeconds, 2),
    sysctlIntervalSeconds: clampNumber(raw.sysctlIntervalSeconds, DEFAULT_INTERVALS.sysctlIntervalSeconds, 10),
  };
  const sshPath = typeof raw.sshPath === 'string' && raw.sshPath.trim() ? raw.sshPath : 'ssh';
  const sshExtraArgs = Array.isArray(raw.sshExtraArgs) ? raw.sshExtraArgs.filter((a): a is string => typeof a === 'string') : [];
  if (!raw.trusted) {
    const configured = sshPath !== 'ssh' || sshExtraArgs.length > 0;
    return {
      sshPath: 'ssh',
      sshExtraArgs: [],
      intervals,
      notice: configured ? 'This workspace is not trusted: the configured ssh path and extra options are ignored.' : undefined,
    };
  }
  const check = checkExtraArgs(sshExtraArgs);
  if (!check.ok) return { error: `socketLens.inspector.sshExtraArgs refused: ${check.reason}` };
  return { sshPath, sshExtraArgs, intervals, notice: undefined };
}
