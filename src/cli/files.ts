import { readdirSync, statSync } from 'node:fs';
import { join, extname } from 'node:path';

export interface CollectedFiles {
  readonly files: string[];
  /** Paths given by the user that do not exist, or folders that held no matching file. */
  readonly warnings: string[];
}

/**
 * Expands files and folders (recursively) into the files whose extension is one of
 * `extensions`; a file named explicitly is kept whatever its extension.
 */
export function collectFiles(paths: readonly string[], extensions: readonly string[]): CollectedFiles {
  const files: string[] = [];
  const warnings: string[] = [];
  const wanted = new Set(extensions.map((e) => e.toLowerCase()));
  const walk = (dir: string): number => {
    let found = 0;
    const entries = readdirSync(dir, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name));
    for (const entry of entries) {
      const full = join(dir, entry.name);
      if (entry.isDirectory()) found += walk(full);
      else if (entry.isFile() && wanted.has(extname(entry.name).toLowerCase())) {
        files.push(full);
        found++;
      }
    }
    return found;
  };
  for (const path of paths) {
    let isDir: boolean;
    try {
      isDir = statSync(path).isDirectory();
    } catch {
      warnings.push(`${path}: no such file or folder`);
      continue;
    }
    if (!isDir) files.push(path);
    else if (walk(path) === 0) warnings.push(`${path}: folder holds no ${extensions.join('/')} file`);
  }
  return { files, warnings };
}
