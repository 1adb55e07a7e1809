import { styleText } from 'node:util';

type Style = Parameters<typeof styleText>[0];
export type Paint = (style: Style, text: string) => string;

/**
 * Colour when the stream is a terminal, unless NO_COLOR is set (non-empty); FORCE_COLOR forces it on (or off with
 * `0`/`false`) either way. See https://no-color.org and https://force-color.org.
 */
export function wantsColour(stream: NodeJS.WritableStream, env: NodeJS.ProcessEnv = process.env): boolean {
  const force = env.FORCE_COLOR;
  if (force !== undefined) return force !== '0' && force.toLowerCase() !== 'false';
  if (env.NO_COLOR !== undefined && env.NO_COLOR !== '') return false;
  return !!(stream as { isTTY?: boolean }).isTTY && env.TERM !== 'dumb';
}

export function painter(colour: boolean): Paint {
  // The decision is wantsColour's: styleText must not second-guess it from process.stdout (it turns colour off
  // when CI is set, or when stdout is not the stream being written).
  return colour ? (style, text) => styleText(style, text, { validateStream: false }) : (_style, text) => text;
}
