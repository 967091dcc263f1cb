import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { REPO_ROOT } from '../support/sharedData.js';

const CLI = fileURLToPath(new URL('../../src/cli/main.js', import.meta.url));


export interface CliResult {
  status: number | null;
  stdout: string;
  stderr: string;
}

/** Runs the built `hunt` CLI as a user would. */
export function hunt(args: readonly string[], timeoutMs = 120_000): CliResult {
  const result = spawnSync(process.execPath, [CLI, ...args], {
    cwd: REPO_ROOT,
    encoding: 'utf8',
    timeout: timeoutMs,
    maxBuffer: 512 * 1024 * 1024,
    env: { ...process.env, COLUMNS: '160' },
  });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

export function jsonLines<T>(text: string): T[] {
  return text.split('\n').filter((line) => line.length > 0).map((line) => JSON.parse(line) as T);
}
