/** Nothing an attacker wrote reaches a terminal as control characters: messages, dump output on a TTY. */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { REPO_ROOT } from '../support/sharedData.js';
import { CLI, hunt, jsonLines } from '../e2e/cli.js';
import { sysmonStart, tempDir, writeLog } from './craft.js';

/** Sets the terminal's title: what a hostile file or rule name tries to slip in. */
const OSC = '\u001b]0;pwned\u0007';
/** Control characters a terminal acts on, except the line feed that ends each message. */
const CONTROL = /[\u0000-\u0009\u000b-\u001f\u007f-\u009f]/;

function assertTerminalSafe(text: string): void {
  assert.doesNotMatch(text, CONTROL, JSON.stringify(text));
  assert.doesNotMatch(text, /[\u200b-\u200f\u202a-\u202e\u2066-\u2069]/, JSON.stringify(text));
}

test('a missing path with escapes is named escaped', () => {
  const run = hunt([`no-such-${OSC}.evtx`]);
  assert.equal(run.status, 2);
  assertTerminalSafe(run.stderr);
  assert.ok(run.stderr.includes('no-such-\\u{1b}]0;pwned\\u{7}.evtx: no such file or folder'), run.stderr);
});

test('an empty folder with escapes in its name is named escaped', () => {
  const dir = join(tempDir(), `empty${OSC}`);
  mkdirSync(dir);
  const run = hunt([dir]);
  assert.equal(run.status, 2);
  assertTerminalSafe(run.stderr);
  assert.match(run.stderr, /holds no \.evtx file/);
});

test('rule paths, rule file errors and YAML tags with escapes are named escaped', () => {
  const dir = tempDir();
  const missing = hunt(['samples/', '-r', join(dir, `gone${OSC}`)]);
  assert.equal(missing.status, 2);
  assertTerminalSafe(missing.stderr);
  assert.match(missing.stderr, /hunt: rules: .*gone\\u\{1b\}/);
  assert.match(missing.stderr, /hunt: no rules loaded from .*gone\\u\{1b\}/);

  const rules = join(dir, 'rules');
  mkdirSync(rules);
  writeFileSync(join(rules, `bad${OSC}.yml`), 'title: [unclosed\n');
  writeFileSync(
    join(rules, 'tag.yml'),
    `title: !<tag:${OSC}> x\nlogsource: {category: process_creation}\ndetection: {s: {Image: a}, condition: s}\n`,
  );
  const bad = hunt(['samples/', '-r', rules]);
  assert.equal(bad.status, 2);
  assertTerminalSafe(bad.stderr);
  assert.match(bad.stderr, /rule file error/);
  assert.match(bad.stderr, /bad\\u\{1b\}\]0;pwned\\u\{7\}\.yml/);
  assert.match(bad.stderr, /tag:\\u\{1b\}\]0;pwned\\u\{7\}/);
});

/** A hit whose values carry DEL, C1, bidi and zero-width characters and an ESC sequence. */
const HOSTILE_VALUE = `net share x /delete ${OSC} del\u007f c1\u0085\u009b bidi\u202eexe.txt zw\u200bsp ls\u2028 tag\u{e0041}`;

function hostileLog(): string {
  return writeLog(join(tempDir(), 'hostile.evtx'), [sysmonStart(1, HOSTILE_VALUE, { user: `CORP\\${OSC}` })]);
}

/** Runs the CLI with stdout and stderr on a pseudo-terminal (util-linux `script`). */
function onTerminal(args: readonly string[]): { status: number | null; output: string } | undefined {
  const quote = (s: string) => `'${s.replace(/'/g, `'\\''`)}'`;
  // stderr off the terminal: the progress line is for people, not for these checks
  const command = [process.execPath, CLI, ...args].map(quote).join(' ') + ' 2>/dev/null';
  const run = spawnSync('script', ['-qec', command, '/dev/null'], {
    cwd: REPO_ROOT,
    encoding: 'utf8',
    timeout: 60_000,
    env: { ...process.env, COLUMNS: '160' },
  });
  if (run.error !== undefined) return undefined;
  // the terminal turns each \n into \r\n
  return { status: run.status, output: run.stdout.replace(/\r\n/g, '\n') };
}

const scriptMissing = spawnSync('script', ['--version']).error !== undefined ? 'util-linux script not installed' : false;

test('hunt dump JSONL on a terminal escapes DEL, C1, bidi and zero-width characters and stays JSON', { skip: scriptMissing }, () => {
  const log = hostileLog();
  for (const format of ['jsonl', 'json']) {
    const run = onTerminal(['dump', log, '-f', format])!;
    assert.equal(run.status, 0, run.output);
    assertTerminalSafe(run.output);
    const records =
      format === 'jsonl'
        ? jsonLines<{ event_data: Record<string, string> }>(run.output)
        : (JSON.parse(run.output) as Array<{ event_data: Record<string, string> }>);
    assert.equal(records[0]!.event_data['CommandLine'], HOSTILE_VALUE);
  }
});

test(
  'hunt -f jsonl and -f csv on a terminal are escaped too; the table is, its only escape sequences its level colours',
  { skip: scriptMissing },
  () => {
    const log = hostileLog();
    const jsonl = onTerminal([log, '-f', 'jsonl'])!;
    assert.equal(jsonl.status, 0, jsonl.output);
    assertTerminalSafe(jsonl.output);
    const hit = JSON.parse(jsonl.output.split('\n')[0]!) as { process: { command_line: string } };
    assert.equal(hit.process.command_line, HOSTILE_VALUE);
    for (const format of ['csv', 'table']) {
      const run = onTerminal([log, '-f', format])!;
      assert.equal(run.status, 0, run.output);
      // The colour the table gives the level (`low`: cyan), and nothing else.
      const levelColours = /\u001b\[36m(low +)\u001b\[0m/g;
      if (format === 'table') assert.match(run.output, levelColours);
      assertTerminalSafe(run.output.replace(/\r?\n/g, '\n').replace(levelColours, '$1'));
    }
  },
);

test('piped (not a terminal), hunt dump keeps every value as it is', () => {
  const run = hunt(['dump', hostileLog()]);
  assert.equal(run.status, 0, run.stderr);
  assert.ok(run.stdout.includes('bidi\u202eexe.txt zw\u200bsp'));
  assert.equal(jsonLines<{ event_data: Record<string, string> }>(run.stdout)[0]!.event_data['CommandLine'], HOSTILE_VALUE);
});

test('hunt dump -f xml on a terminal shows controls as character references', { skip: scriptMissing }, () => {
  const run = onTerminal(['dump', hostileLog(), '-f', 'xml'])!;
  assert.equal(run.status, 0, run.output);
  assertTerminalSafe(run.output);
  // (how ESC itself is written is the XML renderer's choice: XML 1.0 has no way to carry it)
  assert.ok(run.output.includes('bidi&#x202e;exe.txt zw&#x200b;sp'), run.output);
});
