import assert from 'node:assert/strict';
import { test } from 'node:test';
import { csvCell, terminalSafe } from '../../src/output/sanitize.js';

test('terminal escapes, bidi overrides and newlines from logs are shown, not interpreted', () => {
  assert.equal(terminalSafe('a\u001b[31mred'), 'a\\u{1b}[31mred');
  assert.equal(terminalSafe('evil\u202Eexe.txt'), 'evil\\u{202e}exe.txt');
  assert.equal(terminalSafe('line1\r\nline2\tx'), 'line1\\r\\nline2\\tx');
  assert.equal(terminalSafe('\u009b2J'), '\\u{9b}2J');
  assert.equal(terminalSafe('C:\\Windows\\net.exe use \\\\h\\C$'), 'C:\\Windows\\net.exe use \\\\h\\C$');
});

test('CSV cells cannot become formulas and are quoted when needed', () => {
  assert.equal(csvCell('=cmd|"/c calc"!A1'), `"'=cmd|""/c calc""!A1"`);
  assert.equal(csvCell('+1'), "'+1");
  assert.equal(csvCell('-2+3'), "'-2+3");
  assert.equal(csvCell('@SUM(A1)'), "'@SUM(A1)");
  assert.equal(csvCell('a,b'), '"a,b"');
  assert.equal(csvCell('two\nlines'), '"two\nlines"');
  assert.equal(csvCell(42), '42');
  assert.equal(csvCell(undefined), '');
  assert.equal(csvCell('net.exe'), 'net.exe');
});
