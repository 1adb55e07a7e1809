/** The custom messages of "Socket Lens: Scan Workspace", shared by the server and the VS Code client. */
import type { Diagnostic } from 'vscode-languageserver-protocol';

/** Request (client → server), cancellable: scans every workspace folder; diagnostics arrive as notifications. */
export const SCAN_WORKSPACE_REQUEST = 'socketLens/scanWorkspace';
/** Notification (server → client): diagnostics of files that are not open, in batches, only files with findings. */
export const WORKSPACE_DIAGNOSTICS_NOTIFICATION = 'socketLens/workspaceDiagnostics';
/** Notification (server → client): how far the scan is. */
export const SCAN_PROGRESS_NOTIFICATION = 'socketLens/scanProgress';

export interface WorkspaceDiagnosticsParams {
  items: { uri: string; diagnostics: Diagnostic[] }[];
}

export interface ScanProgressParams {
  done: number;
  total: number;
}

export interface ScanWorkspaceResult {
  /** Files analysed. */
  files: number;
  filesWithFindings: number;
  findings: number;
  /** Files left out because they were too big, or beyond the scan's memory budget. */
  skipped: number;
  cancelled: boolean;
}
