/** Where a CLI command writes. Commands return their exit code instead of calling process.exit. */
export interface CommandIo {
  stdout: NodeJS.WritableStream;
  stderr: NodeJS.WritableStream;
}

/** A mistake in the command line: exit code 2 with a one-line message. */
export class UsageError extends Error {}
