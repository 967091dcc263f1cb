/** One record cannot stop the output of the others, whatever its size. */
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { test } from 'node:test';
import { hunt, jsonLines } from '../e2e/cli.js';
import { hugeCommandLineLog, sysmonStart, tempDir, writeLog } from './craft.js';

function logs(): string {
  const dir = tempDir();
  // one element substituting a 2,000-character value 5,000 times: a 10 MB command line
  hugeCommandLineLog(join(dir, 'a-huge.evtx'), 1);
  writeLog(join(dir, 'b-normal.evtx'), [sysmonStart(11), sysmonStart(12, 'net share Other /delete')]);
  return dir;
}

test('a 10 MB command line in the table: every other hit printed, the huge cell cut, exit 0', () => {
  const run = hunt([logs()], 120_000);
  assert.equal(run.status, 0, run.stderr.slice(0, 2000));
  assert.doesNotMatch(run.stderr, /RangeError|at /);
  assert.match(run.stdout, /3 hit\(s\)/);
  const records = [...run.stdout.matchAll(/│ Sysmon #(\d+) /g)].map((m) => Number(m[1]));
  assert.deepEqual(records, [1, 11, 12], run.stdout.slice(-3000));
  assert.match(run.stdout.replace(/[│ ]*\n[│ ]*/g, ''), /…\(9999\d{3} ?more ?characters\)/);
  assert.ok(run.stdout.length < 200_000, `table of ${run.stdout.length} characters`);
});

test('JSONL and CSV keep the whole 10 MB value', () => {
  const dir = logs();
  const jsonl = hunt([dir, '-f', 'jsonl'], 120_000);
  assert.equal(jsonl.status, 0, jsonl.stderr.slice(0, 2000));
  const hits = jsonLines<{ record_id: number; process: { command_line: string } }>(jsonl.stdout);
  assert.deepEqual(
    hits.map((h) => h.record_id),
    [1, 11, 12],
  );
  assert.equal(hits[0]!.process.command_line.length, 10_000_000);
  const csv = hunt([dir, '-f', 'csv'], 120_000);
  assert.equal(csv.status, 0, csv.stderr.slice(0, 2000));
  assert.ok(csv.stdout.length > 10_000_000);
});
