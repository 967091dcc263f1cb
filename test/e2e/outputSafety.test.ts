/** -o into what cannot be written, an existing file (--force), and Ctrl-C / SIGTERM while hits are written. */
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { REPO_ROOT, SHARED_DIR, sharedMissing } from '../support/sharedData.js';
import { CLI, hunt, jsonLines, type CliResult } from './cli.js';

const tempDir = (): string => mkdtempSync(join(tmpdir(), 'hunt-output-'));

function assertOneLine(run: CliResult, message: string): void {
  assert.equal(run.status, 2, run.stderr);
  assert.equal(run.stdout, '');
  assert.equal(run.stderr, `hunt: ${message}\n`);
}

test('-o into a missing folder or onto a folder: one line, exit 2', () => {
  const dir = tempDir();
  assertOneLine(
    hunt(['samples/', '-o', join(dir, 'missing', 'hits.txt')]),
    `cannot write ${join(dir, 'missing', 'hits.txt')}: no such file or folder`,
  );
  assertOneLine(hunt(['samples/', '-f', 'json', '-o', dir]), `cannot write ${dir}: is a folder`);
  assertOneLine(hunt(['dump', 'samples/', '-o', dir]), `cannot write ${dir}: is a folder`);
});

test('an existing output file is not overwritten without --force', () => {
  const dir = tempDir();
  const out = join(dir, 'hits.jsonl');
  writeFileSync(out, 'yesterday’s hits\n');
  const message = `refusing to overwrite ${out}: it exists (--force overwrites it)`;
  assertOneLine(hunt(['samples/', '-f', 'jsonl', '-o', out]), message);
  assertOneLine(hunt(['dump', 'samples/', '-o', out]), message);
  assert.equal(readFileSync(out, 'utf8'), 'yesterday’s hits\n');
  const forced = hunt(['samples/', '-f', 'jsonl', '-o', out, '--force']);
  assert.equal(forced.status, 0, forced.stderr);
  assert.equal(jsonLines(readFileSync(out, 'utf8')).length, 17);
  const dumped = hunt(['dump', 'samples/Security.evtx', '-o', out, '--force']);
  assert.equal(dumped.status, 0, dumped.stderr);
  assert.ok(jsonLines(readFileSync(out, 'utf8')).length > 17);
  const fresh = join(dir, 'new.csv');
  assert.equal(hunt(['samples/', '-f', 'csv', '-o', fresh]).status, 0, 'a new file needs no --force');
  assert.equal(hunt(['samples/', '-f', 'csv', '-o', '/dev/null']).status, 0, 'nor a device');
});

/**
 * How long after its first message (the rules it could not load, said before the hunt starts) the
 * CLI is sent the signal: hits are written in time order at the end, so the signal must come while
 * logs are still being hunted (the whole run hunts for seconds).
 */
const SIGNAL_AFTER_MS = 600;

/**
 * Starts the CLI and sends `signal` while it hunts (SIGNAL_AFTER_MS after its first message) or, for
 * `hunt dump`, which streams, once its first records reach stdout.
 */
function interrupted(
  args: readonly string[],
  signal: NodeJS.Signals,
  when: 'hunting' | 'first-output' = 'hunting',
): Promise<{ status: number | null; stdout: string; stderr: string; signalled: boolean }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [CLI, ...args], {
      cwd: REPO_ROOT,
      stdio: ['ignore', 'pipe', 'pipe'],
      env: { ...process.env, COLUMNS: '160' },
    });
    let stdout = '';
    let stderr = '';
    let signalled = false;
    let timer: NodeJS.Timeout | undefined;
    const stop = (): void => {
      signalled = child.exitCode === null;
      child.kill(signal);
    };
    child.stdout.setEncoding('utf8').on('data', (data: string) => {
      stdout += data;
      if (when === 'first-output' && !signalled) stop();
    });
    child.stderr.setEncoding('utf8').on('data', (data: string) => {
      stderr += data;
      if (when === 'hunting') timer ??= setTimeout(stop, SIGNAL_AFTER_MS);
    });
    child.on('error', reject);
    child.on('close', (status) => {
      clearTimeout(timer);
      resolve({ status, stdout, stderr, signalled });
    });
  });
}

/** Enough work that the first hits are out long before the last (277 logs, every Windows rule). */
const BIG_RUN = [join(SHARED_DIR, 'corpus', 'evtx-attack-samples'), '--pack', 'all', '--threads', '1'];

test(
  'Ctrl-C while hits are written: the JSON array is closed, stderr says the run was interrupted, exit 130',
  { skip: sharedMissing() },
  async () => {
    const run = await interrupted([...BIG_RUN, '-f', 'json'], 'SIGINT');
    assert.ok(run.signalled);
    assert.equal(run.status, 130, run.stderr.slice(-500));
    const hits = JSON.parse(run.stdout) as unknown[];
    assert.ok(hits.length > 0);
    assert.match(run.stderr, /^hunt: interrupted by SIGINT: \d+ of 277 file\(s\) hunted whole, (\d+) hit\(s\)(: [a-z ,0-9]+)? so far$/m);
    assert.equal(run.stderr.match(/, (\d+) hit\(s\)/)?.[1], String(hits.length), 'the count said is the count written');
    assert.doesNotMatch(run.stderr, /^Read \d+ file/m, 'no summary of a complete run');
  },
);

test('SIGTERM while a table is drawn: the table is closed, exit 130', { skip: sharedMissing() }, async () => {
  const run = await interrupted(BIG_RUN, 'SIGTERM');
  assert.equal(run.status, 130, run.stderr.slice(-500));
  assert.match(run.stdout, /└[─┴]+┘\n$/, 'the bottom line of the table ends the output');
  assert.match(run.stderr, /^hunt: interrupted by SIGTERM: /m);
});

test('Ctrl-C during hunt dump -f json: the array is closed, exit 130', { skip: sharedMissing() }, async () => {
  const run = await interrupted(['dump', join(SHARED_DIR, 'corpus', 'evtx-attack-samples'), '-f', 'json'], 'SIGINT', 'first-output');
  assert.equal(run.status, 130, run.stderr.slice(-500));
  const records = JSON.parse(run.stdout) as unknown[];
  assert.ok(records.length > 0);
  assert.match(run.stderr, new RegExp(`^hunt: interrupted by SIGINT: ${records.length} record\\(s\\) written$`, 'm'));
});

test('hunt dump -o a new file needs no --force, and the XML is whole', () => {
  const out = join(tempDir(), 'records.xml');
  const run = hunt(['dump', 'samples/Security.evtx', '-f', 'xml', '-o', out]);
  assert.equal(run.status, 0, run.stderr);
  assert.match(readFileSync(out, 'utf8'), /<\/Events>\n$/);
});
