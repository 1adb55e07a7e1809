/** The `socket-lens` command line: `scan`, `inspect` and `fleet`. */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { ConfigError } from '../config/projectConfig';
import { BaselineError } from './baseline';
import { UsageError, type CommandIo } from './commandIo';
import { describeFileError } from '../engine/safeFileSystem';
import { PathNotFoundError } from './collectSourceFiles';
import { USAGE } from './usage';

/** The bundle lives in dist/cli/, two levels below the package's manifest. */
function readVersion(): string {
  try {
    return JSON.parse(fs.readFileSync(path.join(__dirname, '..', '..', 'package.json'), 'utf8')).version ?? '0.0.0-dev';
  } catch {
    return '0.0.0-dev';
  }
}
const VERSION = readVersion();

export async function main(argv: string[], io: CommandIo): Promise<number> {
  const [command, ...rest] = argv;
  try {
    switch (command) {
      // Each command's modules are loaded (evaluated) only when it runs: `--help` and a scan do not pay for the inspector.
      case 'scan': {
        const { runScanCommand } = await import('./scanCommand');
        return await runScanCommand(rest, io, VERSION);
      }
      case 'inspect': {
        const { INSPECT_USAGE, runInspectCommand } = await import('./inspectCommand');
        if (wantsHelp(rest)) {
          io.stdout.write(INSPECT_USAGE);
          return 0;
        }
        return await runInspectCommand(rest, io);
      }
      case 'fleet': {
        const { runFleetCommand } = await import('./fleetCommand');
        return await runFleetCommand(rest, io);
      }
      case '--version':
      case '-V':
        io.stdout.write(`${VERSION}\n`);
        return 0;
      case undefined:
      case '--help':
      case '-h':
      case 'help':
        io.stdout.write(USAGE);
        return 0;
      default:
        throw new UsageError(`unknown command '${command}' (try 'socket-lens --help')`);
    }
  } catch (err) {
    if (err instanceof UsageError || err instanceof PathNotFoundError || err instanceof ConfigError || err instanceof BaselineError) {
      io.stderr.write(`socket-lens: ${err.message}\n`);
      return 2;
    }
    io.stderr.write(`socket-lens: ${describeFileError(err)}\n`);
    return 2;
  }
}

/** `--help` or `-h` among a command's options (not after `--`). */
function wantsHelp(args: readonly string[]): boolean {
  const end = args.indexOf('--');
  return (end < 0 ? args : args.slice(0, end)).some((a) => a === '--help' || a === '-h');
}

if (require.main === module) {
  main(process.argv.slice(2), { stdout: process.stdout, stderr: process.stderr }).then(
    (code) => {
      process.exitCode = code;
    },
    (err) => {
      process.stderr.write(`socket-lens: ${err}\n`);
      process.exitCode = 2;
    },
  );
}
