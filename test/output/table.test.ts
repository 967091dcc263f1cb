import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { Hit } from '../../src/hunt/hit.js';
import { createHitWriter, TABLE_CELL_MAX, type TableOptions } from '../../src/output/formats.js';
import { displayWidth, wrapPadded } from '../../src/output/tableText.js';
import { colourWanted, tableWidth, terminalSink } from '../../src/output/terminal.js';

const RULE: Hit['rule'] = {
  id: 'r1',
  title: 'Suspicious Share Deletion Via Net.EXE',
  level: 'high',
  source: 'sigma',
  file: 'r.yml',
  tags: [],
  references: [],
  falsepositives: [],
};

function processHit(recordId: number, commandLine: string, overrides: Partial<Hit> = {}): Hit {
  return {
    rule: RULE,
    file: 'logs/a.evtx',
    recordId,
    recovered: false,
    timestamp: `2024-05-01T09:00:${String(recordId % 60).padStart(2, '0')}.1234567Z`,
    eventId: 1,
    channel: 'Microsoft-Windows-Sysmon/Operational',
    computer: 'WS01.corp.local',
    process: { source: 'sysmon', image: 'C:\\Windows\\System32\\net.exe', commandLine, user: 'CORP\\alice' },
    details: [
      ['CommandLine', commandLine],
      ['Image', 'C:\\Windows\\System32\\net.exe'],
      ['User', 'CORP\\alice'],
    ],
    eventData: {},
    ...overrides,
  };
}

function eventHit(details: [string, string][], overrides: Partial<Hit> = {}): Hit {
  return processHit(7, '', { eventId: 1102, channel: 'Security', process: undefined, details, ...overrides });
}

const OPTIONS: TableOptions = { width: 160, full: false, colour: false };

/** The table of `hits`, and every text the writer gave its sink, one write at a time. */
function table(hits: readonly Hit[], options: Partial<TableOptions> = {}): { text: string; writes: string[] } {
  const writes: string[] = [];
  const writer = createHitWriter('table', { write: (t) => writes.push(t) }, { ...OPTIONS, ...options });
  for (const h of hits) writer.write(h);
  writer.end();
  return { text: writes.join(''), writes };
}

const SGR = /\u001b\[[0-9;]*m/g;
const linesOf = (text: string): string[] => text.trimEnd().split('\n');
/**
 * The text of column `index` (0 the first) in the rows below the head, its lines put back together
 * with `separator` where the wrapping broke them.
 */
function column(text: string, index: number, separator = ''): string {
  return linesOf(text.slice(text.indexOf('┤\n') + 2))
    .filter((line) => line.startsWith('│'))
    .map((line) => line.split('│')[index + 1]!.trim())
    .join(separator);
}

function assertAllWidth(text: string, width: number): void {
  for (const line of linesOf(text)) assert.equal(displayWidth(line.replace(SGR, '')), width, line);
}

test('at 80 columns: four columns, every line 80 wide, the long values wrapped inside their cells', () => {
  const long = 'net.exe share ADMIN$ /delete /y && powershell -NoProfile -EncodedCommand SQBFAFgAIAAoAE4AZQB3AC0ATwBiAGoAZQBjAHQAIAA=';
  const { text } = table([processHit(1, long), eventHit([['User', 'CORP\\eve']])], { width: 80 });
  assertAllWidth(text, 80);
  const lines = linesOf(text);
  assert.match(lines[1]!, /^│ Time \(UTC\) │ Rule +│ Details +│ Log #Record │$/);
  assert.match(lines[2]!, /^│ Host +│ Level +│ +│ +│$/);
  assert.match(text, /│ 2024-05-01 │ Suspicious +│ CommandLine: net\.exe share +│ Sysmon #1 +│\n│ 09:00:01 +│ Share Deletion +│/);
  assert.match(text, /│ WS01 +│ Via Net\.EXE +│/);
  assert.ok(lines.some((line) => /│ +│ high +│/.test(line)));
  // The command line, once its cell's lines are put back together.
  assert.ok(
    column(text, 2).replace(/ /g, '').includes(`CommandLine:${long}Image:C:\\Windows\\System32\\net.exeUser:CORP\\alice`.replace(/ /g, '')),
    text,
  );
  assert.match(text, /│ User: CORP\\eve +│ Security #7 │/);
  assert.match(lines.at(-1)!, /^└─+┴─+┴─+┴─+┘$/);
});

test('at any width from 60 to 200 every line is as wide as the terminal; narrower terminals get 60', () => {
  const hits = [processHit(1, 'x '.repeat(300)), eventHit([['Key', 'HKLM\\'.repeat(80)]]), processHit(2, 'y'.repeat(900))];
  for (const width of [60, 79, 80, 99, 100, 119, 120, 139, 140, 160, 200]) assertAllWidth(table(hits, { width }).text, width);
  assertAllWidth(table(hits, { width: 20 }).text, 60);
});

test('a very long unbroken value is cut at TABLE_CELL_MAX characters and wrapped; --full keeps it whole, wrapped', () => {
  const value = 'A'.repeat(5000);
  const cut = table([processHit(1, value)], { width: 80 }).text;
  assertAllWidth(cut, 80);
  assert.match(column(cut, 2), new RegExp(`^CommandLine: A{${TABLE_CELL_MAX}}…\\(4000 ?more ?characters\\)Image: `));
  const full = table([processHit(1, value)], { width: 80, full: true }).text;
  assertAllWidth(full, 80);
  assert.doesNotMatch(full, /more characters/);
  assert.ok(column(full, 2).startsWith(`CommandLine: ${value}Image: `));
  // The wide layout cuts each process column the same way.
  const wide = table([processHit(1, value)], { width: 160 }).text;
  assert.match(column(wide, 5), new RegExp(`^A{${TABLE_CELL_MAX}}…\\(4000 ?more ?characters\\)$`));
  assert.equal(column(table([processHit(1, value)], { width: 160, full: true }).text, 5), value);
});

test('the level is coloured only when asked, the layout the same either way', () => {
  const hits = [processHit(1, 'net share x /delete'), processHit(2, 'y', { rule: { ...RULE, level: 'informational' } })];
  for (const width of [80, 160]) {
    const plain = table(hits, { width }).text;
    assert.doesNotMatch(plain, /\u001b/);
    const coloured = table(hits, { width, colour: true }).text;
    assert.match(coloured, /\u001b\[31mhigh +\u001b\[0m/);
    assert.equal(coloured.match(SGR)!.length, 2, 'informational stays uncoloured');
    assert.equal(coloured.replace(SGR, ''), plain);
  }
});

test('whether to colour: a terminal yes, a pipe or file no, NO_COLOR never, FORCE_COLOR as it says, TERM=dumb no', () => {
  assert.equal(colourWanted(true, {}), true);
  assert.equal(colourWanted(false, {}), false);
  assert.equal(colourWanted(true, { NO_COLOR: '1' }), false);
  assert.equal(colourWanted(true, { NO_COLOR: '' }), true);
  assert.equal(colourWanted(false, { FORCE_COLOR: '1' }), true);
  assert.equal(colourWanted(false, { FORCE_COLOR: '' }), true);
  assert.equal(colourWanted(true, { FORCE_COLOR: '0' }), false);
  assert.equal(colourWanted(true, { FORCE_COLOR: 'false' }), false);
  assert.equal(colourWanted(false, { FORCE_COLOR: '1', NO_COLOR: '1' }), false);
  assert.equal(colourWanted(true, { TERM: 'dumb' }), false);
});

test('the width: the terminal columns, else $COLUMNS, else the default', () => {
  assert.equal(tableWidth(80, { COLUMNS: '200' }, 160), 80);
  assert.equal(tableWidth(undefined, { COLUMNS: '120' }, 160), 120);
  assert.equal(tableWidth(undefined, {}, 160), 160);
  assert.equal(tableWidth(undefined, { COLUMNS: 'wide' }, 160), 160);
  assert.equal(tableWidth(0, { COLUMNS: '-3' }, 160), 160);
});

test('rows stream: each hit is one write of its row as it arrives, in arrival order, the head with the first', () => {
  const writes: string[] = [];
  const writer = createHitWriter('table', { write: (t) => writes.push(t) }, OPTIONS);
  assert.equal(writes.length, 0);
  writer.write(processHit(30, 'third in time'));
  assert.equal(writes.length, 1);
  assert.match(writes[0]!, /^┌─.*\n│ Time \(UTC\) .*\n├─.*\n│ 2024-05-01 09:00:30 .*third in time/);
  writer.write(processHit(10, 'first in time'));
  assert.equal(writes.length, 2);
  assert.match(writes[1]!, /^│ 2024-05-01 09:00:10 [^\n]*first in time[^\n]*│\n(│[^\n]*│\n)*$/);
  writer.end();
  assert.equal(writes.length, 3);
  assert.match(writes[2]!, /^└─+┴.*┘\n$/);
  // No hit, no table.
  assert.deepEqual(table([]).writes, []);
});

test('a row that cannot be formatted is reported; the table goes on, its head drawn once', () => {
  const broken = Object.defineProperty({ ...processHit(2, 'x') }, 'process', {
    get() {
      throw new RangeError('Maximum call stack size exceeded');
    },
  });
  const writes: string[] = [];
  const errors: string[] = [];
  const writer = createHitWriter('table', { write: (t) => writes.push(t) }, OPTIONS, (h, e) => errors.push(`#${h.recordId} ${String(e)}`));
  for (const h of [broken, processHit(1, 'first'), broken, processHit(3, 'third')]) writer.write(h);
  writer.end();
  assert.deepEqual(errors, ['#2 RangeError: Maximum call stack size exceeded', '#2 RangeError: Maximum call stack size exceeded']);
  assert.equal(writes.join('').match(/Time \(UTC\)/g)!.length, 1);
  assert.ok(writes.join('').includes('first') && writes.join('').includes('third'));
});

test('details first, then a process start: the details table is closed and one with process columns opened, once', () => {
  const { text } = table([eventHit([['User', 'CORP\\eve']]), processHit(8, 'net.exe use'), eventHit([['User', 'CORP\\bob']])], {
    width: 120,
  });
  assertAllWidth(text, 120);
  const heads = linesOf(text).filter((line) => line.startsWith('│ Time'));
  assert.equal(heads.length, 2);
  assert.match(heads[0]!, /│ Details +│ Log #Record +│$/);
  assert.match(heads[1]!, /│ Image +│ Command line +│ User +│ Log #Record +│$/);
  assert.match(text, /└─+┴.*┘\n┌─+┬/);
  assert.match(text, /│ User: CORP\\bob +│ Security #7 +│/);
});

test('hostile strings: controls and bidi escaped, wide and combining characters measured, borders in place', () => {
  const hostile = [
    eventHit([
      ['User', 'eve\u001b[2J\u001b]0;owned\u0007\u202egnp.exe\u2066'],
      ['Note', '注意：管理者権限で実行されました。ファイルを削除しました'.repeat(3)],
      ['Emoji', '🔥💀🚀'.repeat(20)],
      ['Combining', 'e\u0301'.repeat(100)],
      ['Zero', 'a\u200bb\ufeffc\u00ad'],
    ]),
    processHit(9, '日本語のコマンドライン'.repeat(10), { computer: 'ХОСТ-01.corp', rule: { ...RULE, title: 'Règle \u202eévil' } }),
  ];
  for (const width of [80, 120, 160]) {
    for (const full of [false, true]) {
      const { text } = table(hostile, { width, full });
      assert.doesNotMatch(text, /[\u0000-\u0009\u000b-\u001f\u007f-\u009f\u200b\u202e\u2066\ufeff\u00ad]/);
      assertAllWidth(text, width);
      const details = column(text, width < 120 ? 2 : 4);
      assert.ok(details.includes('User: eve\\u{1b}[2J\\u{1b}]0;owned\\u{7}\\u{202e}gnp.exe\\u{2066}'), details);
      assert.ok(text.includes('é'), 'a combining mark stays with its letter');
      // Wide characters make a line shorter in characters than in columns.
      assert.ok(linesOf(text).some((line) => line.includes('注') && [...line].length < width));
    }
  }
});

test('display width: ASCII one column, CJK and emoji two, combining marks none', () => {
  assert.equal(displayWidth('net.exe'), 7);
  assert.equal(displayWidth('日本語'), 6);
  assert.equal(displayWidth('🔥x'), 3);
  assert.equal(displayWidth('e\u0301'), 1);
  assert.equal(displayWidth('ＡＢ'), 4);
  assert.equal(displayWidth('Ω…¦'), 3);
});

test('wrapping: at a space or after a path separator, else inside the word; wide characters never split', () => {
  assert.deepEqual(wrapPadded('net use Z: \\\\fs01\\ADMIN$', 12), ['net use Z:  ', '\\\\fs01\\     ', 'ADMIN$      ']);
  assert.deepEqual(wrapPadded('C:\\Windows\\System32\\net.exe', 12), ['C:\\Windows\\ ', 'System32\\   ', 'net.exe     ']);
  assert.deepEqual(wrapPadded('share x /delete', 10), ['share x   ', '/delete   ']);
  assert.deepEqual(wrapPadded('abcdefghij', 4), ['abcd', 'efgh', 'ij  ']);
  assert.deepEqual(wrapPadded('', 3), ['   ']);
  assert.deepEqual(wrapPadded('日本語日本', 5), ['日本 ', '語日 ', '本   ']);
  assert.deepEqual(wrapPadded('日', 1), ['日']);
  assert.deepEqual(wrapPadded('ab e\u0301e\u0301', 3), ['ab ', 'e\u0301e\u0301 ']);
});

test('on a terminal, the table keeps its colours and nothing else that acts', () => {
  let written = '';
  const sink = terminalSink('table', { write: (t) => (written += t) });
  sink.write('│ \u001b[31mhigh    \u001b[0m │ x\u001b]0;title\u0007 \u001b[2J │\n');
  assert.equal(written, '│ \u001b[31mhigh    \u001b[0m │ x\\u{1b}]0;title\\u{7} \\u{1b}[2J │\n');
});
