/**
 * Whether a path (relative to a project root, `/`-separated) is test code, by the conventions of each
 * language. Used by the wild-code measurement to split findings into "inside tests" and "outside tests".
 */
export type WildLanguage = 'go' | 'node';

const JS_TEST_FILE = /\.(test|spec)\.[cm]?[jt]sx?$/;
const JS_TEST_FOLDERS = new Set(['__tests__', 'test', 'tests']);

export function isTestPath(language: WildLanguage, relativePath: string): boolean {
  const parts = relativePath.split('/');
  const name = parts[parts.length - 1];
  const folders = parts.slice(0, -1);
  if (language === 'go') return name.endsWith('_test.go') || folders.includes('testdata');
  return JS_TEST_FILE.test(name) || folders.some((f) => JS_TEST_FOLDERS.has(f));
}
