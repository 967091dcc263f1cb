/** CSV cells a spreadsheet would run as formulas are guarded, the file-name column included. */
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { test } from 'node:test';
import { hunt } from '../e2e/cli.js';
import { sysmonStart, tempDir, writeLog } from './craft.js';

/** The cells of one CSV line (quoted fields, doubled quotes, no line breaks inside cells). */
function cells(line: string): string[] {
  const out: string[] = [];
  const re = /(?:^|,)(?:"((?:[^"]|"")*)"|([^,]*))/g;
  for (let m = re.exec(line); m !== null && m.index < line.length; m = re.exec(line)) {
    out.push(m[1] !== undefined ? m[1].replace(/""/g, '"') : m[2]!);
    if (re.lastIndex === m.index) re.lastIndex++;
  }
  return out;
}

test('-f csv guards a formula command line, image, user, host and file name', () => {
  const dir = tempDir();
  const command = ` =cmd|' /C calc'!A0 share /delete`;
  writeLog(join(dir, ' =cmd B.evtx'), [sysmonStart(1, command, { image: '@SUM(1)\\net.exe', user: '+CORP\\x', computer: '-2+3' })]);
  // run where the log is, so that the file column is ` =cmd B.evtx` itself
  const run = hunt([' =cmd B.evtx', '-f', 'csv'], 30_000, { cwd: dir });
  assert.equal(run.status, 0, run.stderr);
  const [head, row] = run.stdout.trimEnd().split('\r\n');
  const columns = cells(head!);
  const values = cells(row!);
  const cell = (name: string) => values[columns.indexOf(name)];
  assert.equal(cell('command_line'), `'${command}`);
  assert.equal(cell('file'), `' =cmd B.evtx`);
  assert.equal(cell('image'), `'@SUM(1)\\net.exe`);
  assert.equal(cell('user'), `'+CORP\\x`);
  assert.equal(cell('computer'), `'-2+3`);
  for (const value of values) assert.doesNotMatch(value, /^[\s]*[=+\-@]/, value);
});
