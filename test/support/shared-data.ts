import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

/**
 * The repository root, from dist/test/support/ where this file runs once compiled.
 */
export const REPO_ROOT = fileURLToPath(new URL('../../../', import.meta.url));

/** /work/shared next to the repository (reference material, never copied into the repo). */
export const SHARED_DIR = fileURLToPath(new URL('../../../../shared/', import.meta.url));

/** Reason to skip when the shared material is missing, or undefined when it is there. */
export function sharedMissing(): string | undefined {
  return existsSync(SHARED_DIR) ? undefined : `shared test data not found at ${SHARED_DIR}`;
}
