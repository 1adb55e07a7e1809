/** What VS Code gives a webview script: a way to post a message to its panel (typed by the panel's protocol). */
export interface VsCodeApi<ToPanel> {
  postMessage(message: ToPanel): void;
}

declare function acquireVsCodeApi(): { postMessage(message: unknown): void };

/** May be called once per page: each webview script calls it at its start. */
export function vsCodeApi<ToPanel>(): VsCodeApi<ToPanel> {
  const api = acquireVsCodeApi();
  return { postMessage: (message) => api.postMessage(message) };
}
