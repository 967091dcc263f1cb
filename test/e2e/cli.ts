import { spawnSync, type SpawnSyncOptions } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { REPO_ROOT } from '../support/sharedData.js';

export const CLI = fileURLToPath(new URL('../../src/cli/main.js', import.meta.url));

export interface CliResult {
  status: number | null;
  stdout: string;
  stderr: string;
  /** Set when the run could not be started or was killed (e.g. ETIMEDOUT). */
  error?: Error | undefined;
  signal?: NodeJS.Signals | null;
}

/** Runs the built `hunt` CLI as a user would. */
export function hunt(args: readonly string[], timeoutMs = 120_000, options: SpawnSyncOptions = {}): CliResult {
  const result = spawnSync(process.execPath, [CLI, ...args], {
    cwd: REPO_ROOT,
    timeout: timeoutMs,
    maxBuffer: 512 * 1024 * 1024,
    ...options,
    encoding: 'utf8',
    env: { ...process.env, COLUMNS: '160', ...options.env },
  });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr, error: result.error, signal: result.signal };
}

/** Runs `bash -c SCRIPT`, where `"$NODE" "$HUNT"` starts the built CLI (for redirections and pipes). */
export function huntShell(script: string, timeoutMs = 120_000): CliResult {
  const result = spawnSync('bash', ['-c', script], {
    cwd: REPO_ROOT,
    encoding: 'utf8',
    timeout: timeoutMs,
    env: { ...process.env, COLUMNS: '160', NODE: process.execPath, HUNT: CLI },
  });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr, error: result.error, signal: result.signal };
}

export function jsonLines<T>(text: string): T[] {
  return text
    .split('\n')
    .filter((line) => line.length > 0)
    .map((line) => JSON.parse(line) as T);
}
