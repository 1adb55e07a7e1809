import type * as vscode from 'vscode';

/**
 * Bearer tokens for Prometheus, in VS Code's SecretStorage (the OS keychain), never in settings. Each
 * token is stored for one base URL and only ever sent to that URL.
 */
const key = (baseUrl: string): string => `socketLens.fleet.bearerToken:${baseUrl}`;

export function readToken(secrets: vscode.SecretStorage, baseUrl: string): Thenable<string | undefined> {
  return secrets.get(key(baseUrl));
}

export function storeToken(secrets: vscode.SecretStorage, baseUrl: string, token: string): Thenable<void> {
  return secrets.store(key(baseUrl), token);
}

export function forgetToken(secrets: vscode.SecretStorage, baseUrl: string): Thenable<void> {
  return secrets.delete(key(baseUrl));
}
