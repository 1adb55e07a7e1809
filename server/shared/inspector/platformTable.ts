import { execFile } from 'node:child_process';
import { type PlatformTable, parseMacNetstat, parseWindowsNetTcpCsv, platformTableToSample } from './localPlatformTables';
import type { Sample } from './sample';

/**
 * "This machine" on macOS / Windows: one sample from the platform's own socket table tool (netstat, or
 * Get-NetTCPConnection in PowerShell). There are no kernel counters there: the sample has the socket table only.
 */
export async function readPlatformTableSample(platform: NodeJS.Platform, seq: number): Promise<Sample> {
  let table: PlatformTable;
  let source: 'netstat' | 'Get-NetTCPConnection';
  if (platform === 'win32') {
    const csv = await run('powershell.exe', [
      '-NoProfile',
      '-NonInteractive',
      '-Command',
      'Get-NetTCPConnection | Select-Object State,LocalAddress,LocalPort,RemoteAddress,RemotePort | ConvertTo-Csv -NoTypeInformation',
    ]);
    table = parseWindowsNetTcpCsv(csv);
    source = 'Get-NetTCPConnection';
  } else {
    table = parseMacNetstat(await run('netstat', ['-an', '-p', 'tcp']));
    source = 'netstat';
  }
  return platformTableToSample(table, source, seq, process.uptime());
}

function run(command: string, args: string[]): Promise<string> {
  return new Promise((resolve, reject) => {
    execFile(command, args, { maxBuffer: 256 * 1024 * 1024, windowsHide: true, shell: false }, (err, stdout) => {
      if (err) reject(err);
      else resolve(stdout);
    });
  });
}
