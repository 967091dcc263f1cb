/** One record cannot stop the output of the others, whatever its size. */
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { test } from 'node:test';
import { TABLE_CELL_MAX } from '../../src/output/formats.js';
import { hunt, jsonLines } from '../e2e/cli.js';
import { hugeCommandLineLog, sysmonStart, tempDir, writeLog } from './craft.js';

function logs(): string {
  const dir = tempDir();
  // one element substituting a 2,000-character value 5,000 times: a 10 MB command line
  hugeCommandLineLog(join(dir, 'a-huge.evtx'), 1);
  writeLog(join(dir, 'b-normal.evtx'), [sysmonStart(11), sysmonStart(12, 'net share Other /delete')]);
  return dir;
}

/**
 * The huge command line as the reader delivers it (10,000,000 characters with today's reader; a
 * reader that bounds what it renders delivers less, and these tests hold for whatever it delivers).
 */
function delivered(dir: string): string | undefined {
  const dump = hunt(['dump', join(dir, 'a-huge.evtx')], 120_000);
  return jsonLines<{ event_data: Record<string, string> }>(dump.stdout)[0]?.event_data['CommandLine'];
}

test('a 10 MB command line in the table: every other hit printed, the huge cell cut, exit 0', () => {
  const dir = logs();
  const huge = delivered(dir);
  const run = hunt([dir], 120_000);
  assert.equal(run.status, 0, run.stderr.slice(0, 2000));
  assert.doesNotMatch(run.stderr, /RangeError|^\s+at /m);
  const records = [...run.stdout.matchAll(/│ Sysmon #(\d+) /g)].map((m) => Number(m[1]));
  assert.deepEqual(records, huge === undefined ? [11, 12] : [1, 11, 12], run.stdout.slice(-3000));
  if (huge !== undefined && huge.length > TABLE_CELL_MAX) {
    const more = new RegExp(`…\\(${huge.length - TABLE_CELL_MAX} ?more ?characters\\)`);
    assert.match(run.stdout.replace(/[│ ]*\n[│ ]*/g, ''), more);
  }
  assert.ok(run.stdout.length < 200_000, `table of ${run.stdout.length} characters`);
});

test('JSONL and CSV keep the whole value, 10 MB and all', () => {
  const dir = logs();
  const huge = delivered(dir);
  const jsonl = hunt([dir, '-f', 'jsonl'], 120_000);
  assert.equal(jsonl.status, 0, jsonl.stderr.slice(0, 2000));
  const hits = jsonLines<{ record_id: number; process: { command_line: string } }>(jsonl.stdout);
  assert.deepEqual(
    hits.map((h) => h.record_id),
    huge === undefined ? [11, 12] : [1, 11, 12],
  );
  if (huge !== undefined) assert.equal(hits[0]!.process.command_line, huge);
  const csv = hunt([dir, '-f', 'csv'], 120_000);
  assert.equal(csv.status, 0, csv.stderr.slice(0, 2000));
  assert.ok(csv.stdout.length > (huge?.length ?? 0));
});
