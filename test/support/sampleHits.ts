import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { REPO_ROOT } from './sharedData.js';

/**
 * The hits samples/README.md promises, from its table rows `| Security | 185313 | Unmount Share Via
 * Net.EXE | ...`, as `Security 185313 Unmount Share Via Net.EXE` strings.
 */
export function promisedSampleHits(): Set<string> {
  const readme = readFileSync(join(REPO_ROOT, 'samples', 'README.md'), 'utf8');
  const hitsSection = readme.slice(readme.indexOf('## Intended hits'), readme.indexOf('## Near-misses'));
  const hits = new Set<string>();
  for (const match of hitsSection.matchAll(/^\| (Security|Sysmon) \| (\d+) \| ([^|]+) \|/gm)) {
    for (const rule of (match[3] as string).split(', ')) hits.add(`${match[1]} ${match[2]} ${rule.trim()}`);
  }
  return hits;
}
