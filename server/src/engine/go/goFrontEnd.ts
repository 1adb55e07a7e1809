import type { FileSystemView, FrontEnd } from '../frontEnd';

export interface GoFrontEndOptions {
  fileSystem: FileSystemView;
  wasmDirectory?: string;
}

/** Placeholder until the Go analysis lands: handles .go files and reports nothing. */
export async function createGoFrontEnd(_options: GoFrontEndOptions): Promise<FrontEnd> {
  return {
    name: 'go',
    handles: (p) => p.endsWith('.go'),
    update: () => [],
    remove: () => [],
    analyze: () => [],
  };
}
