import * as path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

/** Extension to give documents whose URI has none (untitled:), by language id. */
const EXTENSION_BY_LANGUAGE: Record<string, string> = {
  go: '.go',
  javascript: '.js',
  javascriptreact: '.jsx',
  typescript: '.ts',
  typescriptreact: '.tsx',
};

/**
 * The engine works on paths. File URIs map to file system paths (so Go siblings are found on disk);
 * other schemes keep their URI, with an extension added from the language id when it has none.
 */
export function uriToEnginePath(uri: string, languageId?: string): string {
  if (uri.startsWith('file:')) {
    try {
      return fileURLToPath(uri);
    } catch {
      /* fall through: treat as an opaque URI */
    }
  }
  const ext = languageId ? EXTENSION_BY_LANGUAGE[languageId] : undefined;
  return ext && !path.extname(uri) ? uri + ext : uri;
}

export function filePathToUri(filePath: string): string {
  return pathToFileURL(filePath).href;
}
