/** Every input path is handled: links followed, unreadable folders and FIFOs reported, never a hang. */
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { chmodSync, mkdirSync, symlinkSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { hunt, jsonLines } from '../e2e/cli.js';
import { sysmonStart, tempDir, unprivileged, writeLog } from './craft.js';

interface HitLine {
  file: string;
  record_id: number;
}

/** Three logs with two hits each (record ids 1-2, 11-12, 21-22), one reached by name, two by links. */
function linkedTree(): { root: string; logs: string } {
  const root = tempDir();
  const logs = join(root, 'logs');
  const elsewhere = join(root, 'elsewhere');
  const other = join(root, 'other-folder');
  for (const dir of [logs, elsewhere, other]) mkdirSync(dir);
  writeLog(join(logs, 'a.evtx'), [sysmonStart(1), sysmonStart(2)]);
  writeLog(join(elsewhere, 'b.evtx'), [sysmonStart(11), sysmonStart(12)]);
  writeLog(join(other, 'c.evtx'), [sysmonStart(21), sysmonStart(22)]);
  symlinkSync(join(elsewhere, 'b.evtx'), join(logs, 'link-to-b.evtx'));
  symlinkSync(other, join(logs, 'linked-folder'));
  // and a link back up the tree, which must not be walked forever
  symlinkSync(logs, join(other, 'loop'));
  return { root, logs };
}

test('a symlinked .evtx file and a symlinked folder inside a folder are hunted: all hits found', () => {
  const { logs } = linkedTree();
  const run = hunt([logs, '-f', 'jsonl'], 30_000);
  assert.equal(run.status, 0, run.stderr);
  const hits = jsonLines<HitLine>(run.stdout);
  assert.deepEqual(
    hits.map((h) => h.record_id).sort((a, b) => a - b),
    [1, 2, 11, 12, 21, 22],
  );
  assert.match(run.stderr, /Read 3 file\(s\)/);
});

test('an unreadable subfolder is a warning, and the readable logs are still hunted', (t) => {
  const root = tempDir();
  chmodSync(root, 0o755);
  const logs = join(root, 'logs');
  const locked = join(logs, 'locked');
  mkdirSync(locked, { recursive: true });
  chmodSync(logs, 0o755);
  writeLog(join(logs, 'good.evtx'), [sysmonStart(1), sysmonStart(2)]);
  writeLog(join(locked, 'hidden.evtx'), [sysmonStart(3)]);
  chmodSync(join(logs, 'good.evtx'), 0o644);
  chmodSync(locked, 0o000);
  const as = unprivileged(logs);
  if (typeof as === 'string') {
    chmodSync(locked, 0o755);
    t.skip(as);
    return;
  }
  try {
    const run = hunt([logs, '-f', 'jsonl'], 30_000, as);
    assert.equal(run.status, 0, run.stderr);
    assert.ok(run.stderr.includes(`hunt: ${locked}: folder not read: permission denied`), run.stderr);
    assert.deepEqual(
      jsonLines<HitLine>(run.stdout).map((h) => h.record_id),
      [1, 2],
    );
    assert.match(run.stderr, /warning: .*locked: folder not read: permission denied/);
  } finally {
    chmodSync(locked, 0o755);
  }
});

test('a FIFO named x.evtx never blocks the run, in a folder or named explicitly', () => {
  const root = tempDir();
  writeLog(join(root, 'good.evtx'), [sysmonStart(1)]);
  const fifo = join(root, 'x.evtx');
  execFileSync('mkfifo', [fifo]);
  const inFolder = hunt([root, '-f', 'jsonl'], 20_000);
  assert.equal(inFolder.error, undefined, 'the run blocked on the FIFO');
  assert.equal(inFolder.status, 0, inFolder.stderr);
  assert.ok(inFolder.stderr.includes(`hunt: ${fifo}: not a regular file, not read`), inFolder.stderr);
  assert.equal(jsonLines<HitLine>(inFolder.stdout).length, 1);
  const named = hunt([fifo], 20_000);
  assert.equal(named.error, undefined, 'the run blocked on the FIFO');
  assert.equal(named.status, 2);
  assert.ok(named.stderr.includes(`hunt: ${fifo}: not a regular file, not read`), named.stderr);
  const dump = hunt(['dump', root], 20_000);
  assert.equal(dump.error, undefined, 'hunt dump blocked on the FIFO');
  assert.equal(dump.status, 0, dump.stderr);
  assert.equal(jsonLines(dump.stdout).length, 1);
});
