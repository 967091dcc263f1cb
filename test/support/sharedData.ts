import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The repository root, from dist/test/support/ where this file runs once compiled. */
export const REPO_ROOT = fileURLToPath(new URL('../../../', import.meta.url));

/** ../shared beside the repository (reference material, never copied into it); HUNT_SHARED overrides. */
export const SHARED_DIR = process.env['HUNT_SHARED'] ?? join(REPO_ROOT, '..', 'shared');

const missing = existsSync(SHARED_DIR) ? undefined : `shared test data not found at ${SHARED_DIR}`;
if (missing !== undefined) console.warn(`\n!!! ${missing}: the tests that read it are SKIPPED !!!\n`);

/** Reason to skip when the shared material is missing, or undefined when it is there. */
export function sharedMissing(): string | undefined {
  return missing;
}
