/**
 * The fleet panel's messages, both ways. Compiled into the extension (client/src/fleet/fleetPanel.ts) and into the
 * webview script (client/webview/fleet.ts → media/fleet.js) from this one file.
 */
import type { FleetView } from '$shared/inspector/fleet/fleetReportView';

/** Everything the panel posts to the webview (plain data; the webview inserts every string as text). */
export type FleetPanelMessage =
  | { type: 'loading'; prometheus: string }
  | { type: 'fleet'; view: FleetView; drillDown: boolean }
  | { type: 'error'; kind: string; message: string; canEnterToken: boolean };

/** Everything the webview posts to the panel. */
export type FleetWebviewMessage =
  | { type: 'ready' }
  | { type: 'refresh' }
  | { type: 'enterToken' }
  /** Opens a host of the table in the single-host inspector (the panel maps it to an ssh host itself). */
  | { type: 'open'; instance: string; job: string }
  /** Rows in the table and the ms it took to build them (for the panel and its tests). */
  | { type: 'rendered'; rows: number; ms: number };
