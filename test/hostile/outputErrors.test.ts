/** Output that cannot be written: one line naming the path and the reason, exit 2, never a stack trace. */
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { chmodSync, mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { REPO_ROOT } from '../support/sharedData.js';
import { CLI, hunt, huntShell, jsonLines, type CliResult } from '../e2e/cli.js';
import { tempDir, unprivileged } from './craft.js';

function assertOneLineError(run: CliResult, expected: string): void {
  assert.equal(run.status, 2, run.stderr);
  assert.equal(run.stderr, `hunt: ${expected}\n`);
}

test('-o onto a folder', () => {
  const dir = tempDir();
  assertOneLineError(hunt(['samples/', '-f', 'jsonl', '-o', dir]), `cannot write ${dir}: is a folder`);
  assertOneLineError(hunt(['dump', 'samples/', '-o', dir]), `cannot write ${dir}: is a folder`);
});

test('-o into a missing folder', () => {
  const out = join(tempDir(), 'missing', 'hits.jsonl');
  assertOneLineError(hunt(['samples/', '-f', 'jsonl', '-o', out]), `cannot write ${out}: no such file or folder`);
});

test('-o onto a full disk (/dev/full)', () => {
  for (const format of ['table', 'jsonl', 'json', 'csv']) {
    assertOneLineError(hunt(['samples/', '-f', format, '-o', '/dev/full']), 'cannot write /dev/full: no space left on device');
  }
  assertOneLineError(hunt(['dump', 'samples/', '-o', '/dev/full']), 'cannot write /dev/full: no space left on device');
});

test('stdout onto a full disk (`hunt samples/ > /dev/full`)', () => {
  for (const args of ['samples/', 'samples/ -f jsonl', 'dump samples/', 'dump samples/ -f xml']) {
    assertOneLineError(huntShell(`"$NODE" "$HUNT" ${args} > /dev/full`), 'cannot write stdout: no space left on device');
  }
});

test('-o into a folder that is not writable: permission denied', (t) => {
  const dir = tempDir();
  chmodSync(dir, 0o555);
  const as = unprivileged(REPO_ROOT);
  if (typeof as === 'string') {
    t.skip(as);
    return;
  }
  const out = join(dir, 'hits.jsonl');
  assertOneLineError(hunt(['samples/', '-f', 'jsonl', '-o', out], 60_000, as), `cannot write ${out}: permission denied`);
});

test('a closed stderr (its reader went away) ends quietly with exit 0, and every hit is written', async () => {
  const dir = tempDir();
  mkdirSync(join(dir, 'empty'));
  const out = join(dir, 'hits.jsonl');
  // a missing path and an empty folder give messages before the hunt, the summary one after it
  const child = spawn(process.execPath, [CLI, 'no-such.evtx', join(dir, 'empty'), 'samples/', '-f', 'jsonl', '-o', out], {
    cwd: REPO_ROOT,
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  child.stderr.destroy();
  const status = await new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  assert.equal(status, 0);
  assert.equal(jsonLines(readFileSync(out, 'utf8')).length, 17);
});

test('a closed stderr through a shell pipe (`hunt ... 2>&1 >/dev/null | head -1`) exits 0', () => {
  const run = huntShell(
    `"$NODE" "$HUNT" no-such.evtx samples/ -f jsonl 2>&1 >/dev/null | (exec 0<&-; sleep 0.2); echo "status \${PIPESTATUS[0]}"`,
  );
  assert.match(run.stdout, /status 0/);
  assert.equal(run.stderr, '');
});

test('a file that stops growing (file too large) keeps whole records only, and says why', () => {
  const out = join(tempDir(), 'dump.jsonl');
  // 1.5 MiB at most: the first block of whole records fits, the second is cut by the limit
  const run = huntShell(`ulimit -f 1536; "$NODE" "$HUNT" dump samples/ -o "${out}"`);
  assertOneLineError(run, `cannot write ${out}: file too large`);
  const written = readFileSync(out, 'utf8');
  assert.ok(written.length > 500_000, `${written.length} bytes`);
  assert.ok(written.endsWith('}\n'));
  const whole = hunt(['dump', 'samples/']).stdout;
  assert.ok(whole.startsWith(written), 'not a prefix of the whole dump');
  assert.ok(jsonLines(written).length > 100);
});
