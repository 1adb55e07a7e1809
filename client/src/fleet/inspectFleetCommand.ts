import * as vscode from 'vscode';
import { parseBaseUrl } from '$shared/inspector/fleet/prometheusClient';
import { FleetPanel } from './fleetPanel';
import { readFleetSettings } from './fleetSettings';

const LAST_URL_KEY = 'socketLens.fleet.lastPrometheusUrl';

/**
 * `socketLens.inspectFleet` ("Inspect Fleet (Prometheus)…"): asks for the Prometheus base URL (prefilled
 * from the setting or the last one used; a caller may pass it) and opens the fleet panel.
 */
export async function inspectFleet(context: vscode.ExtensionContext, url?: string): Promise<FleetPanel | undefined> {
  const settings = readFleetSettings();
  const chosen =
    url ??
    (await vscode.window.showInputBox({
      title: 'Socket Lens: Inspect Fleet (Prometheus)',
      prompt: 'Prometheus base URL (node_exporter targets are read from it)',
      value: settings.prometheusUrl || context.globalState.get<string>(LAST_URL_KEY) || 'http://127.0.0.1:9090',
      ignoreFocusOut: true,
      validateInput: (text) => {
        try {
          parseBaseUrl(text);
          return undefined;
        } catch (err) {
          return (err as Error).message;
        }
      },
    }));
  if (chosen === undefined) return undefined;
  let baseUrl: string;
  try {
    baseUrl = parseBaseUrl(chosen).toString();
  } catch (err) {
    void vscode.window.showErrorMessage(`Socket Lens: ${(err as Error).message}`);
    return undefined;
  }
  await context.globalState.update(LAST_URL_KEY, baseUrl);
  return FleetPanel.show(context, baseUrl);
}
