import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** /work/shared, located from dist/test/evtx/ (three levels below the repo root). */
export const SHARED_DIR = fileURLToPath(new URL('../../../../shared/', import.meta.url));
export const CORPUS_DIR = join(SHARED_DIR, 'corpus');
export const CRATE_SAMPLES_DIR = join(CORPUS_DIR, 'evtx-crate-samples');
export const HAVE_CORPUS = existsSync(CRATE_SAMPLES_DIR);
if (!HAVE_CORPUS) console.warn(`SKIPPING corpus-based EVTX tests: ${CRATE_SAMPLES_DIR} is absent`);

export function crateSample(name: string): string {
  return join(CRATE_SAMPLES_DIR, name);
}

/** Every .evtx file under the corpus, sorted. */
export function corpusEvtxFiles(): string[] {
  const files: string[] = [];
  const walk = (dir: string): void => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const full = join(dir, entry.name);
      if (entry.isDirectory()) walk(full);
      else if (entry.name.toLowerCase().endsWith('.evtx')) files.push(full);
    }
  };
  if (existsSync(CORPUS_DIR)) walk(CORPUS_DIR);
  return files.sort();
}
