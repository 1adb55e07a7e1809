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
  /** Options whose value normally starts with "-" (`--ssh-arg -oX`): the next argument is always their value. */
  dashValued: readonly string[] = [],
): ParsedCommandArgs<O> | { error: string } {
  const joined: string[] = [];
  for (let i = 0; i < args.length; i++) {
    const a = args[i]!;
    if (a === '--') {
      joined.push(...args.slice(i));
      break;
    }
    if (dashValued.includes(a.replace(/^--/, '')) && a.startsWith('--') && i + 1 < args.length) joined.push(`${a}=${args[++i]}`);
    else joined.push(a);
  }
  try {
    return parseArgs({ args: joined, options, allowPositionals: true, strict: true }) as ParsedCommandArgs<O>;
  } catch (err) {
    const e = err as NodeJS.ErrnoException;
    const option = /'(-[^' ]*)/.exec(e.message)?.[1];
    if (e.code === 'ERR_PARSE_ARGS_UNKNOWN_OPTION') return { error: `unknown option '${option}' for ${command}` };
    if (e.code === 'ERR_PARSE_ARGS_INVALID_OPTION_VALUE') return { error: `${option ?? 'an option'} needs a value` };
    return { error: e.message.split('\n')[0] ?? String(err) };
  }
}
