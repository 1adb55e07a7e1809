/**
 * The JS/TS front-end, loaded on the first JS/TS file it is given. It brings the TypeScript compiler (about 10 MB
 * of code to compile), which a Go-only scan, `--help` and a language server with only Go documents never need.
 * The bundles (npm run build) keep it in a bundle of its own, dist/server/jsFrontEnd.js, that the CLI and the
 * server require on demand; run from source, it is a plain require of the module.
 */
import * as path from 'node:path';
import type { Finding } from './finding';
import type { AnalysisOptions, FrontEnd } from './frontEnd';
import type * as JsFrontEndModule from './js/jsFrontEnd';
import { isJsPath } from './js/jsPaths';

/** Set by the build (esbuild --define) in bundles: the JS/TS front-end bundle's path relative to the bundle's folder. */
declare const SOCKET_LENS_JS_FRONT_END_BUNDLE: string | undefined;

/** Where the JS/TS front-end is loaded from: a bundle beside this one, or the module itself when run from source. */
export function jsFrontEndLocation(): string {
  if (typeof SOCKET_LENS_JS_FRONT_END_BUNDLE === 'string') return path.join(__dirname, SOCKET_LENS_JS_FRONT_END_BUNDLE);
  return path.join(__dirname, 'js', 'jsFrontEnd');
}

/** A computed path: esbuild leaves the require alone, so the TypeScript compiler stays out of the bundle requiring it. */
function loadJsFrontEndModule(): typeof JsFrontEndModule {
  const location = jsFrontEndLocation();
  try {
    return require(location);
  } catch (err) {
    throw new Error(
      `the JS/TS front-end could not be loaded from ${location}: ${(err as Error).message} ` +
        '(reinstall Socket Lens; in a checkout, run `npm run build`)',
    );
  }
}

/** A front-end that answers `handles` itself and loads the real one on the first update or analysis. */
export function createLazyJsFrontEnd(options: JsFrontEndModule.JsFrontEndOptions): FrontEnd {
  let loaded: FrontEnd | undefined;
  const frontEnd = (): FrontEnd => {
    loaded ??= loadJsFrontEndModule().createJsFrontEnd(options);
    return loaded;
  };
  return {
    name: 'js',
    crossFileScope: 'project',
    handles: isJsPath,
    update: (filePath: string, text: string, version: number): string[] => frontEnd().update(filePath, text, version),
    // Nothing given yet: nothing to forget, and no reason to load TypeScript.
    remove: (filePath: string): string[] => loaded?.remove(filePath) ?? [],
    analyze: (filePath: string, analysisOptions: AnalysisOptions): Finding[] => frontEnd().analyze(filePath, analysisOptions),
  };
}
