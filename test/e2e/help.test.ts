/** --help as a new user reads it: clean usage lines, whole examples, every format and filter shown, and suggestions for a typo. */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { hunt } from './cli.js';

/** The lines of a help section (`Examples:`), up to the next blank line. */
function section(help: string, name: string): string[] {
  const start = help.indexOf(`\n${name}:\n`);
  assert.ok(start >= 0, `a ${name} section`);
  const rest = help.slice(start + name.length + 3);
  return rest.slice(0, rest.indexOf('\n\n')).split('\n');
}

test('hunt dump --help shows its paths without yargs defaults', () => {
  const run = hunt(['dump', '--help']);
  assert.equal(run.status, 0);
  const paths = section(run.stdout, 'Positionals').find((line) => line.trimStart().startsWith('paths'));
  assert.ok(paths !== undefined);
  assert.doesNotMatch(paths, /default/);
  assert.match(run.stdout, /jsonl: .*json: .*xml: /s, 'each dump format explained');
});

test('every example is one line: no option split from its value', () => {
  for (const width of ['60', '80', '100']) {
    const run = hunt(['--help'], 30_000, { env: { COLUMNS: width } });
    const examples = section(run.stdout, 'Examples');
    assert.ok(examples.length >= 8);
    for (const line of examples) {
      assert.match(line, /^ {2}hunt \S/, `an example on a line of its own at ${width} columns: ${JSON.stringify(line)}`);
      assert.doesNotMatch(line, / -[a-z]$| --[a-z-]+$/, 'an option at the end of the line, its value on the next');
    }
  }
});

test('--help shows each format and each filter with an example', () => {
  const help = hunt(['--help']).stdout;
  const examples = section(help, 'Examples').join('\n');
  for (const format of ['jsonl', 'json', 'csv']) assert.match(examples, new RegExp(`-f ${format} `), format);
  assert.match(help, /table: .*jsonl: .*json: .*csv: /s, 'each format explained');
  for (const filter of ['--from', '--to', '--event-id', '--computer', '--min-level', '--pack']) {
    assert.ok(examples.includes(filter), `an example with ${filter}`);
  }
  for (const option of ['--exclude-event-id', '--exclude-status', '--exclude-rule', '--exclude-rules-file', '--force', '--quiet']) {
    assert.ok(help.includes(option), option);
  }
  assert.match(help, /--from .*2024-03-11.*7d/s);
});

test('a misspelt option gets a suggestion, exit 2', () => {
  const run = hunt(['samples/', '--formt', 'jsonl']);
  assert.equal(run.status, 2);
  assert.match(run.stderr, /^hunt: Unknown argument: formt\nDid you mean --format \(for formt\)\?\nSee hunt --help\.\n$/);
  const far = hunt(['samples/', '--zzzzzzzz']);
  assert.equal(far.status, 2);
  assert.doesNotMatch(far.stderr, /Did you mean/, 'no suggestion when nothing is near');
  assert.match(hunt(['samples/', '--exclude-rules', 'x']).stderr, /Did you mean --exclude-rule/);
});
