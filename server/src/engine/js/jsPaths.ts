/** Which files the JS/TS front-end handles. Kept apart from the front-end so asking does not load TypeScript. */
export const JS_EXTENSIONS = ['.js', '.mjs', '.cjs', '.jsx', '.ts', '.mts', '.cts', '.tsx'];

export function isJsPath(p: string): boolean {
  const lower = p.toLowerCase();
  return JS_EXTENSIONS.some((ext) => lower.endsWith(ext)) && !/\.d\.[cm]?ts$/.test(lower);
}
