import type { FileSystemView, FrontEnd } from '../frontEnd';

export interface JsFrontEndOptions {
  fileSystem: FileSystemView;
}

export const JS_EXTENSIONS = ['.js', '.mjs', '.cjs', '.jsx', '.ts', '.mts', '.cts', '.tsx'];

/** Placeholder until the Node.js analysis lands: handles JS/TS files and reports nothing. */
export function createJsFrontEnd(_options: JsFrontEndOptions): FrontEnd {
  return {
    name: 'js',
    handles: (p) => JS_EXTENSIONS.some((ext) => p.endsWith(ext)) && !p.endsWith('.d.ts'),
    update: () => [],
    remove: () => [],
    analyze: () => [],
  };
}
