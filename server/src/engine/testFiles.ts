/**
 * Which source files are tests. Test files are left out of scans unless a project's config says `"tests": true`:
 * a leak in a test rarely costs anything, and on real projects most findings were there.
 *
 * Paths are relative to the project root (the folder of socket-lens.json, the workspace folder or the scanned
 * folder), `/`-separated, so a project that happens to live under a folder called `test` is not all tests.
 */
const JS_EXTENSIONS = /\.(?:[cm]?[jt]s|[jt]sx)$/;
const JS_TEST_NAME = /\.(?:test|spec)\.[^./]+$/;
const TEST_FOLDERS = new Set(['__tests__', 'test', 'tests']);

export function isTestFile(relativePath: string): boolean {
  const segments = relativePath.split(/[\\/]/).filter((s) => s.length > 0 && s !== '.');
  const name = segments.at(-1) ?? '';
  if (name.endsWith('.go')) return name.endsWith('_test.go');
  if (!JS_EXTENSIONS.test(name)) return false;
  return JS_TEST_NAME.test(name) || segments.slice(0, -1).some((s) => TEST_FOLDERS.has(s));
}
