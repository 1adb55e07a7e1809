import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

export interface SshConfigHost {
  alias: string;
  /** HostName given in the alias's own block, if any (for display). */
  hostName?: string;
  user?: string;
  port?: string;
  /** The file that declared the alias. */
  file: string;
}

export interface SshConfigReadOptions {
  /** Home directory used for `~` and relative Include paths (default: os.homedir()). */
  home?: string;
  /** Reads a file; defaults to fs.readFileSync (utf8). Returns undefined when missing. */
  readFile?: (file: string) => string | undefined;
  /** Lists a directory; defaults to fs.readdirSync. */
  listDir?: (dir: string) => string[];
}

const MAX_INCLUDE_DEPTH = 16;

/** Splits an ssh_config line into keyword and arguments (handles `Key=value` and double quotes). */
export function splitConfigLine(line: string): { keyword: string; args: string[] } | undefined {
  const trimmed = line.trim();
  if (trimmed === '' || trimmed.startsWith('#')) return undefined;
  const m = /^([A-Za-z][A-Za-z0-9]*)\s*(?:=\s*|\s+)(.*)$/.exec(trimmed);
  if (!m) return { keyword: trimmed.toLowerCase(), args: [] };
  const args: string[] = [];
  const rest = m[2]!;
  const re = /"([^"]*)"|(\S+)/g;
  let t: RegExpExecArray | null;
  while ((t = re.exec(rest)) !== null) {
    const value = t[1] ?? t[2]!;
    if (t[2] !== undefined && value.startsWith('#')) break;
    args.push(value);
  }
  return { keyword: m[1]!.toLowerCase(), args };
}

function isConcreteAlias(pattern: string): boolean {
  return !/[*?!]/.test(pattern) && pattern.length > 0 && !pattern.startsWith('-');
}

function globToRegExp(segment: string): RegExp {
  const escaped = segment.replace(/[.+^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '[^/]*').replace(/\?/g, '[^/]');
  return new RegExp(`^${escaped}$`);
}

/** Expands a path with `*`/`?` in any segment; results sorted like glob(3). */
function expandGlob(pattern: string, listDir: (dir: string) => string[]): string[] {
  const parts = pattern.split('/');
  let current: string[] = [parts[0] === '' ? '/' : parts[0]!];
  for (const part of parts.slice(1)) {
    if (part === '') continue;
    const next: string[] = [];
    for (const base of current) {
      if (/[*?]/.test(part)) {
        const re = globToRegExp(part);
        let entries: string[] = [];
        try {
          entries = listDir(base);
        } catch {
          entries = [];
        }
        for (const e of entries.sort()) if (re.test(e) && !e.startsWith('.')) next.push(path.join(base, e));
      } else {
        next.push(path.join(base, part));
      }
    }
    current = next;
  }
  return current;
}

/**
 * Lists the concrete `Host` aliases of an ssh config file, following `Include` (relative paths are
 * relative to ~/.ssh, globs expanded, depth-limited like ssh). Patterns (`*`, `?`, `!`) are skipped.
 */
export function readSshConfigHosts(configFile?: string, options: SshConfigReadOptions = {}): SshConfigHost[] {
  const home = options.home ?? os.homedir();
  const readFile =
    options.readFile ??
    ((file: string) => {
      try {
        return fs.readFileSync(file, 'utf8');
      } catch {
        return undefined;
      }
    });
  const listDir = options.listDir ?? ((dir: string) => fs.readdirSync(dir));
  const sshDir = path.join(home, '.ssh');
  const hosts = new Map<string, SshConfigHost>();
  const visiting = new Set<string>();

  const expandHome = (p: string): string => (p === '~' ? home : p.startsWith('~/') ? path.join(home, p.slice(2)) : p);

  const visit = (file: string, depth: number): void => {
    if (depth > MAX_INCLUDE_DEPTH || visiting.has(file)) return;
    const text = readFile(file);
    if (text === undefined) return;
    visiting.add(file);
    let block: SshConfigHost[] = [];
    for (const line of text.split(/\r?\n/)) {
      const parsed = splitConfigLine(line);
      if (!parsed) continue;
      const { keyword, args } = parsed;
      if (keyword === 'host') {
        block = [];
        for (const pattern of args) {
          if (!isConcreteAlias(pattern)) continue;
          if (!hosts.has(pattern)) {
            const entry: SshConfigHost = { alias: pattern, file };
            hosts.set(pattern, entry);
            block.push(entry);
          }
        }
        if (args.length !== 1) block = [];
      } else if (keyword === 'match') {
        block = [];
      } else if (keyword === 'include') {
        for (const arg of args) {
          const expanded = expandHome(arg);
          const absolute = path.isAbsolute(expanded) ? expanded : path.join(sshDir, expanded);
          for (const included of expandGlob(absolute, listDir)) visit(included, depth + 1);
        }
      } else if (block.length === 1) {
        const entry = block[0]!;
        if (keyword === 'hostname' && entry.hostName === undefined) entry.hostName = args[0];
        else if (keyword === 'user' && entry.user === undefined) entry.user = args[0];
        else if (keyword === 'port' && entry.port === undefined) entry.port = args[0];
      }
    }
    visiting.delete(file);
  };

  visit(configFile ?? path.join(sshDir, 'config'), 0);
  return [...hosts.values()];
}
