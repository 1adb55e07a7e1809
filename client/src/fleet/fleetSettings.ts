import * as vscode from 'vscode';

export interface FleetSettings {
  /** Prometheus base URL ('' until the user enters one). */
  prometheusUrl: string;
  /** Label matchers narrowing the targets, e.g. {job="node"}. */
  match: string;
  /** Instance labels → ssh host for the single-host drill-down ('' = no drill-down). */
  sshHostTemplate: string;
  refreshSeconds: number;
}

/**
 * The fleet settings. URL and SSH host template are machine-scoped, so a workspace can neither point
 * the panel (and a stored token) at another server nor choose which host ssh connects to.
 */
export function readFleetSettings(): FleetSettings {
  const config = vscode.workspace.getConfiguration('socketLens.fleet');
  const refresh = config.get<number>('refreshSeconds', 30);
  return {
    prometheusUrl: config.get<string>('prometheusUrl', '') ?? '',
    match: config.get<string>('match', '') ?? '',
    sshHostTemplate: config.get<string>('sshHostTemplate', '{instanceHost}') ?? '',
    refreshSeconds: Number.isFinite(refresh) && refresh >= 5 ? refresh : 30,
  };
}
