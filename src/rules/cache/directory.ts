import { homedir } from 'node:os';
import { isAbsolute, join } from 'node:path';

/**
 * Where the rule cache lives: $HUNT_CACHE_DIR, else hunt/ in the XDG cache directory
 * ($XDG_CACHE_HOME, by default ~/.cache); undefined when there is no home to put it in.
 */
export function ruleCacheDirectory(env: Readonly<Record<string, string | undefined>>, home: () => string = homedir): string | undefined {
  const explicit = env['HUNT_CACHE_DIR'];
  if (explicit !== undefined && explicit !== '') return explicit;
  // The XDG specification: a relative $XDG_CACHE_HOME is invalid and ignored.
  const xdg = env['XDG_CACHE_HOME'];
  if (xdg !== undefined && isAbsolute(xdg)) return join(xdg, 'hunt');
  let directory: string;
  try {
    directory = home();
  } catch {
    return undefined;
  }
  return directory === '' ? undefined : join(directory, '.cache', 'hunt');
}
