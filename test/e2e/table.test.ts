/** The table as `hunt` prints it: its width, colour on a terminal only, --full, rows as they are found. */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { REPO_ROOT } from '../support/sharedData.js';
import { hugeCommandLineLog, tempDir } from '../hostile/craft.js';
import { CLI, hunt } from './cli.js';

const SGR = /\u001b\[[0-9;]*m/;
/** The table: stdout before the summary. */
const tableOf = (stdout: string): string => stdout.slice(0, stdout.indexOf('\n\nRead '));

test('piped with COLUMNS=80: every line of the table 80 columns, no colour', () => {
  const run = hunt(['samples/'], 120_000, { env: { COLUMNS: '80' } });
  assert.equal(run.status, 0, run.stderr);
  const table = tableOf(run.stdout);
  for (const line of table.split('\n')) assert.equal([...line].length, 80, line);
  assert.match(table.split('\n')[1]!, /^│ Time \(UTC\) │ Rule +│ Details +│ Log #Record │$/);
  assert.doesNotMatch(run.stdout, /\u001b/);
  assert.match(run.stdout, /\n\nRead 2 file\(s\)/);
});

test('FORCE_COLOR colours the levels in a pipe too; NO_COLOR wins over it', () => {
  const forced = hunt(['samples/'], 120_000, { env: { FORCE_COLOR: '1' } });
  assert.match(forced.stdout, /\u001b\[36mlow +\u001b\[0m/);
  assert.match(forced.stdout, /\u001b\[33mmedium +\u001b\[0m/);
  const none = hunt(['samples/'], 120_000, { env: { FORCE_COLOR: '1', NO_COLOR: '1' } });
  assert.doesNotMatch(none.stdout, SGR);
  assert.equal(tableOf(forced.stdout).replace(new RegExp(SGR, 'g'), ''), tableOf(none.stdout));
});

test('a long command line is cut in the table, kept whole with --full', () => {
  const dir = tempDir();
  hugeCommandLineLog(join(dir, 'long.evtx'), 1, 2000, 3);
  const command = (stdout: string): string =>
    tableOf(stdout)
      .split('\n')
      .slice(3)
      .map((line) => line.split('│')[6]?.trim() ?? '')
      .join('');
  const cut = hunt([dir], 120_000);
  assert.equal(cut.status, 0, cut.stderr);
  assert.match(command(cut.stdout), /^net share Huge \/delete ?A+…\(5000 ?more ?characters\)$/);
  const full = hunt([dir, '--full'], 120_000);
  assert.equal(full.status, 0, full.stderr);
  const whole = ('net share Huge /delete ' + 'A'.repeat(2000)).slice(0, 2000).repeat(3);
  assert.equal(command(full.stdout).replace(/ /g, ''), whole.replace(/ /g, ''));
  for (const line of tableOf(full.stdout).split('\n')) assert.equal([...line].length, 160, line);
});

/** `hunt ARGS` on a pseudo-terminal of `columns` columns (util-linux `script`): what the terminal got, progress left out. */
function onTerminal(args: string, columns: number, env: Record<string, string> = {}): string {
  const run = spawnSync('script', ['-qec', `stty cols ${columns}; "${process.execPath}" "${CLI}" ${args}`, '/dev/null'], {
    cwd: REPO_ROOT,
    encoding: 'utf8',
    timeout: 120_000,
    env: { ...process.env, COLUMNS: '160', ...env },
  });
  assert.equal(run.status, 0, run.stderr);
  // Without the progress on stderr, which the pseudo-terminal mixes in (and clears before each row).
  return run.stdout.replace(/\r\n/g, '\n').replace(/\r\u001b\[K(\[\d+\/\d+\] [^\r\n]*)?/g, '');
}

const NO_SCRIPT = existsSync('/usr/bin/script') ? false : 'needs util-linux script for a pseudo-terminal';

test('on a terminal: its width, the levels in colour, none with NO_COLOR', { skip: NO_SCRIPT }, () => {
  const coloured = onTerminal('samples/', 100);
  assert.match(coloured, /\u001b\[36mlow +\u001b\[0m/);
  const table = coloured.slice(coloured.indexOf('┌'), coloured.indexOf('\n\nRead '));
  for (const line of table.split('\n')) assert.equal([...line.replace(new RegExp(SGR, 'g'), '')].length, 100, line);
  const plain = onTerminal('samples/', 100, { NO_COLOR: '1' });
  assert.doesNotMatch(plain, SGR);
  assert.ok(plain.includes('│ Time (UTC) │ Rule '));
});
