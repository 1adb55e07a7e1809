import { type ParseArgsConfig, parseArgs } from 'node:util';

/** What `node:util` `parseArgs` returns for an option table with positionals allowed. */
export type ParsedCommandArgs<O extends NonNullable<ParseArgsConfig['options']>> = ReturnType<
  typeof parseArgs<{ options: O; allowPositionals: true; strict: true }>
>;

/**
 * The one argv parser of the CLI: `node:util` `parseArgs` (strict, positionals allowed, `--` ends options),
 * with its errors turned into one-line usage messages that name the command. Returns the parsed values or the
 * message; each command maps a message to exit code 2.
 */
export function parseCommandArgs<O extends NonNullable<ParseArgsConfig['options']>>(
  command: string,
  args: string[],
  options: O,
): ParsedCommandArgs<O> | { error: string } {
  try {
    return parseArgs({ args, options, allowPositionals: true, strict: true }) as ParsedCommandArgs<O>;
  } catch (err) {
    const e = err as NodeJS.ErrnoException;
    const option = /'(-[^' ]*)/.exec(e.message)?.[1];
    if (e.code === 'ERR_PARSE_ARGS_UNKNOWN_OPTION') return { error: `unknown option '${option}' for ${command}` };
    if (e.code === 'ERR_PARSE_ARGS_INVALID_OPTION_VALUE') return { error: `${option ?? 'an option'} needs a value` };
    return { error: e.message.split('\n')[0] ?? String(err) };
  }
}
