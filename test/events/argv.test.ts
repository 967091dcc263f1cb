import { test } from 'node:test';
import assert from 'node:assert/strict';
import { commandLineToArgv } from '../../src/events/argv.js';

// Microsoft's "Parsing C command-line arguments" table, each line prefixed with a program name.
test('Microsoft documented examples', () => {
  const cases: [string, string[]][] = [
    ['"a b c" d e', ['a b c', 'd', 'e']],
    ['"ab\\"c" "\\\\" d', ['ab"c', '\\', 'd']],
    ['a\\\\\\b d"e f"g h', ['a\\\\\\b', 'de fg', 'h']],
    ['a\\\\\\"b c d', ['a\\"b', 'c', 'd']],
    ['a\\\\\\\\"b c" d e', ['a\\\\b c', 'd', 'e']],
  ];
  for (const [line, expected] of cases) {
    assert.deepEqual(commandLineToArgv(`prog.exe ${line}`), ['prog.exe', ...expected], line);
  }
});

test('"" inside quotes: literal quote and quoting ends (CommandLineToArgvW, pre-2008 rule)', () => {
  // The post-2008 CRT would give ['ab" c d'] here.
  assert.deepEqual(commandLineToArgv('p a"b"" c d'), ['p', 'ab"', 'c', 'd']);
  assert.deepEqual(commandLineToArgv('p "a b"""c d"'), ['p', 'a b"c d']);
  assert.deepEqual(commandLineToArgv('p """a b'), ['p', '"a', 'b']);
  assert.deepEqual(commandLineToArgv('p ""'), ['p', '']);
  assert.deepEqual(commandLineToArgv('p a""b'), ['p', 'ab']);
});

test('tabs and runs of whitespace separate; trailing whitespace adds nothing', () => {
  assert.deepEqual(commandLineToArgv('net.exe\tuse \t \\\\host\\C$\t\t'), ['net.exe', 'use', '\\\\host\\C$']);
  assert.deepEqual(commandLineToArgv('p "a\tb"'), ['p', 'a\tb']);
});

test('program name: no backslash processing, quoted part ends at the next quote', () => {
  assert.deepEqual(commandLineToArgv('"C:\\Program Files\\x.exe" /s'), ['C:\\Program Files\\x.exe', '/s']);
  assert.deepEqual(commandLineToArgv('C:\\dir\\"x.exe a'), ['C:\\dir\\"x.exe', 'a']);
  assert.deepEqual(commandLineToArgv('"a"b c'), ['a', 'b', 'c']);
  assert.deepEqual(commandLineToArgv('"unterminated name'), ['unterminated name']);
  assert.deepEqual(commandLineToArgv(' leading'), ['', 'leading']);
});

test('backslashes not before a quote are literal; trailing backslashes kept', () => {
  assert.deepEqual(commandLineToArgv('net use \\\\server\\share\\'), ['net', 'use', '\\\\server\\share\\']);
  assert.deepEqual(commandLineToArgv('p "C:\\dir\\\\"'), ['p', 'C:\\dir\\']);
});

test('empty command line gives no arguments', () => {
  assert.deepEqual(commandLineToArgv(''), []);
  assert.deepEqual(commandLineToArgv('prog'), ['prog']);
});
