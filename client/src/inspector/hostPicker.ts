import * as vscode from 'vscode';
import { THIS_MACHINE_ID } from '$shared/inspector/hostChoice';
import { LOCAL_HOST_ID, validateHost } from '$shared/inspector/hostValidation';
import { readSshConfigHosts } from '$shared/inspector/sshConfigHosts';
import { recentHosts } from './recentHosts';

interface HostItem extends vscode.QuickPickItem {
  host?: string;
  enter?: boolean;
}

/**
 * "This machine" first, then ~/.ssh/config hosts (following Include), recent hosts, and "Enter a host…".
 * Returns a host id (THIS_MACHINE_ID for this machine, so that a `Host local` alias stays a host) or undefined.
 */
export async function pickHost(state: vscode.Memento, configFile?: string): Promise<string | undefined> {
  const items: HostItem[] = [
    { label: '$(vm) This machine', description: process.platform === 'linux' ? 'local /bin/sh' : 'local socket table', host: THIS_MACHINE_ID },
  ];
  let configHosts: ReturnType<typeof readSshConfigHosts> = [];
  try {
    configHosts = readSshConfigHosts(configFile).filter((h) => validateHost(h.alias, { alias: true }).ok);
  } catch {
    configHosts = [];
  }
  if (configHosts.length > 0) {
    items.push({ label: configFile ?? '~/.ssh/config', kind: vscode.QuickPickItemKind.Separator });
    for (const h of configHosts) {
      const detail = [h.user ? `${h.user}@` : '', h.hostName ?? '', h.port ? `:${h.port}` : ''].join('');
      items.push({ label: `$(remote) ${h.alias}`, description: detail || undefined, host: h.alias });
    }
  }
  const recent = recentHosts(state).filter((r) => r !== LOCAL_HOST_ID && r !== THIS_MACHINE_ID && !configHosts.some((h) => h.alias === r));
  if (recent.length > 0) {
    items.push({ label: 'Recent', kind: vscode.QuickPickItemKind.Separator });
    for (const r of recent) items.push({ label: `$(history) ${r}`, host: r });
  }
  items.push({ label: '', kind: vscode.QuickPickItemKind.Separator });
  items.push({ label: '$(edit) Enter a host…', description: 'user@host[:port] or an ssh config alias', enter: true });

  const picked = await vscode.window.showQuickPick(items, { title: 'Socket Lens: Inspect Host', placeHolder: 'Pick a host to inspect', matchOnDescription: true });
  if (!picked) return undefined;
  if (!picked.enter) return picked.host;
  return vscode.window.showInputBox({
    title: 'Socket Lens: Inspect Host',
    prompt: 'user@host[:port] or an ssh config alias',
    placeHolder: 'deploy@web-1.example.com:22',
    validateInput: (value) => {
      if (value.trim() === '') return undefined;
      const v = validateHost(value);
      return v.ok ? undefined : v.reason;
    },
  });
}
