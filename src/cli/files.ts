import { readdirSync, realpathSync, statSync, type Stats } from 'node:fs';
import { extname, join } from 'node:path';
import { holdsExportedEvents } from '../exported/detect.js';
import { errorText } from './errors.js';

export interface CollectedFiles {
  readonly files: string[];
  /**
   * What was not collected, and why: paths that do not exist, folders that held no matching file,
   * folders that could not be listed, links that lead in a circle, and entries that are not regular
   * files (a FIFO, socket or device would block or never end).
   */
  readonly warnings: string[];
}

export interface CollectOptions {
  /** Whether a file found in a folder (not one named explicitly) is taken; default: all with a wanted extension. */
  readonly accept?: (path: string, extension: string) => boolean;
  /** What a folder without any such file is said to lack (default: the extensions). */
  readonly wanted?: string;
}

/**
 * Expands files and folders (recursively) into the regular files whose extension is one of
 * `extensions`; a regular file named explicitly is kept whatever its extension. Symbolic links are
 * followed, to files and to folders, each folder walked once (a link back up the tree is reported,
 * not followed forever). One unreadable folder is a warning, never the end of the walk.
 */
export function collectFiles(paths: readonly string[], extensions: readonly string[], options: CollectOptions = {}): CollectedFiles {
  const files: string[] = [];
  const warnings: string[] = [];
  const wanted = new Set(extensions.map((e) => e.toLowerCase()));
  /** Real paths of the folders walked so far: a folder reached twice (a link loop) is walked once. */
  const walked = new Set<string>();
  /** Device and inode of every file kept: a file reached through several links is read once. */
  const kept = new Map<string, string>();
  const keep = (path: string, stats: Stats): boolean => {
    const key = `${stats.dev}:${stats.ino}`;
    const first = kept.get(key);
    if (first !== undefined) {
      warnings.push(`${path}: the same file as ${first}, read once`);
      return false;
    }
    kept.set(key, path);
    files.push(path);
    return true;
  };

  const walk = (dir: string): number => {
    let real: string;
    let names: string[];
    try {
      real = realpathSync(dir);
      if (walked.has(real)) {
        warnings.push(`${dir}: folder already read (a link leads back to it), not read again`);
        return 0;
      }
      walked.add(real);
      names = readdirSync(dir).sort((a, b) => a.localeCompare(b));
    } catch (error) {
      warnings.push(`${dir}: folder not read: ${errorText(error)}`);
      return 0;
    }
    let found = 0;
    for (const name of names) {
      const full = join(dir, name);
      let stats: Stats;
      try {
        stats = statSync(full);
      } catch (error) {
        if (wanted.has(extname(name).toLowerCase())) warnings.push(`${full}: not read: ${errorText(error)}`);
        continue;
      }
      const extension = extname(name).toLowerCase();
      if (stats.isDirectory()) found += walk(full);
      else if (wanted.has(extension)) {
        if (stats.isFile()) {
          if (options.accept !== undefined && !options.accept(full, extension)) continue;
          keep(full, stats);
          found++;
        } else warnings.push(`${full}: not a regular file, not read`);
      }
    }
    return found;
  };

  for (const path of paths) {
    let stats: Stats;
    try {
      stats = statSync(path);
    } catch (error) {
      warnings.push(`${path}: ${errorText(error)}`);
      continue;
    }
    if (stats.isDirectory()) {
      if (walk(path) === 0) warnings.push(`${path}: folder holds no ${options.wanted ?? `${extensions.join('/')} file`}`);
    } else if (stats.isFile()) keep(path, stats);
    else warnings.push(`${path}: not a regular file, not read`);
  }
  return { files, warnings };
}

/** Names an XML or JSON export of event logs may have; in folders, such a file is read when its content shows events. */
const EXPORT_EXTENSIONS: readonly string[] = ['.xml', '.json', '.jsonl', '.ndjson'];

/**
 * The logs to hunt below `paths`: every .evtx file, and XML and JSON files that hold exported events
 * (judged by content: a collection's other XML and JSON files are passed over). A file named
 * explicitly is read whatever its name; its content says what it is.
 */
export function collectLogs(paths: readonly string[]): CollectedFiles {
  return collectFiles(paths, ['.evtx', ...EXPORT_EXTENSIONS], {
    accept: (path, extension) => extension === '.evtx' || holdsExportedEvents(path),
    wanted: '.evtx file (nor an XML or JSON event export)',
  });
}
