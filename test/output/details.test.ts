import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { EventDetails } from '../../src/events/details.js';
import type { Hit } from '../../src/hunt/hit.js';
import { createHitWriter, type OutputFormat } from '../../src/output/formats.js';
import { hitJson, toHitRecord } from '../../src/output/hit.js';

const RULE: Hit['rule'] = {
  id: 'r1',
  title: 'Rule One',
  level: 'high',
  source: 'sigma',
  file: 'r.yml',
  tags: [],
  references: [],
  falsepositives: [],
};

/** A hit on a non-process event (Security 1102 unless overridden) with these details. */
function eventHit(details: EventDetails, overrides: Partial<Hit> = {}): Hit {
  return {
    rule: RULE,
    file: 'logs/Security.evtx',
    recordId: 7,
    recovered: false,
    timestamp: '2024-05-01T09:00:07.1234567Z',
    eventId: 1102,
    channel: 'Security',
    computer: 'DC01.corp.local',
    process: undefined,
    details,
    eventData: { SubjectUserName: 'eve' },
    ...overrides,
  };
}

function processHit(): Hit {
  return eventHit([['CommandLine', 'net.exe share x /delete']], {
    eventId: 1,
    channel: 'Microsoft-Windows-Sysmon/Operational',
    recordId: 8,
    timestamp: '2024-05-01T09:00:08Z',
    process: { source: 'sysmon', image: 'C:\\net.exe', commandLine: 'net.exe share x /delete', user: 'CORP\\alice' },
  });
}

function run(format: OutputFormat, hits: readonly Hit[], width = 160): string {
  let text = '';
  const writer = createHitWriter(format, { write: (t) => (text += t) }, { width, full: false, colour: false });
  for (const h of hits) writer.write(h);
  writer.end();
  return text;
}

test('JSONL has details as an object, labels as keys in table order, between process and event_data', () => {
  const hit = eventHit([
    ['User', 'CORP\\eve'],
    ['LogonId', '0x3e7'],
    ['Account', 'x'],
  ]);
  const record = JSON.parse(run('jsonl', [hit])) as Record<string, unknown>;
  assert.deepEqual(record['details'], { User: 'CORP\\eve', LogonId: '0x3e7', Account: 'x' });
  assert.deepEqual(Object.keys(record['details'] as object), ['User', 'LogonId', 'Account']);
  const keys = Object.keys(record);
  assert.equal(keys.indexOf('details'), keys.indexOf('process') + 1);
  assert.equal(keys.indexOf('event_data'), keys.indexOf('details') + 1);
});

test('a label a hostile log names __proto__ is an own key of details, not a prototype', () => {
  const record = toHitRecord(eventHit([['__proto__', 'polluted']]));
  assert.equal(Object.getPrototypeOf(record.details), Object.prototype);
  assert.deepEqual(JSON.parse(JSON.stringify(record)).details, { ['__proto__']: 'polluted' });
});

test('a record id beyond 2^53 is spliced in exactly, details kept in place', () => {
  const json = hitJson(eventHit([['User', 'CORP\\eve']], { recordId: 2n ** 64n - 1n }));
  assert.match(json, /"record_id":18446744073709551615,"recovered":false,/);
  assert.match(json, /"process":null,"details":\{"User":"CORP\\\\eve"\},"event_data":/);
});

/** The cells of CSV lines (quoted fields, doubled quotes). */
function csvRows(text: string): string[][] {
  return text
    .trimEnd()
    .split('\r\n')
    .map((line) => {
      const cells: string[] = [];
      const re = /(?:^|,)(?:"((?:[^"]|"")*)"|([^,]*))/g;
      for (let m = re.exec(line); m !== null && m.index < line.length; m = re.exec(line)) {
        cells.push(m[1] !== undefined ? m[1].replace(/""/g, '"') : m[2]!);
        if (re.lastIndex === m.index) re.lastIndex++;
      }
      return cells;
    });
}

test('CSV has a details column, Label: value ¦ Label: value, guarded against formulas like every cell', () => {
  const [head, row, hostile] = csvRows(
    run('csv', [
      eventHit([
        ['User', 'CORP\\eve'],
        ['LogonId', '0x3e7'],
      ]),
      eventHit([['=HYPERLINK("http://x")', '+1']], { recordId: 9 }),
    ]),
  );
  const details = head!.indexOf('details');
  assert.equal(head![details - 1], 'user');
  assert.equal(row![details], 'User: CORP\\eve ¦ LogonId: 0x3e7');
  assert.equal(hostile![details], `'=HYPERLINK("http://x"): +1`);
});

test('the table shows a non-process hit its details in place of image, command line and user', () => {
  const table = run('table', [
    eventHit([
      ['User', 'CORP\\eve'],
      ['LogonId', '0x3e7'],
    ]),
  ]);
  const lines = table.split('\n');
  assert.match(lines[1]!, /│ Details +│ Log #Record +│$/);
  assert.doesNotMatch(table, /Image|Command line/);
  assert.ok(
    lines.some((line) => /│ User: CORP\\eve +│ Security #7 +│/.test(line)),
    table,
  );
  assert.ok(
    lines.some((line) => /│ LogonId: 0x3e7 +│/.test(line)),
    table,
  );
});

test('in a table with process starts, they keep their columns and other hits span them', () => {
  const table = run('table', [processHit(), eventHit([['User', 'CORP\\eve']])]);
  const lines = table.split('\n');
  assert.match(lines[1]!, /│ Image +│ Command line +│ User +│ Log #Record +│$/);
  const processRow = lines.find((line) => line.includes('Sysmon #8'))!;
  assert.match(processRow, /│ C:\\net\.exe +│ net\.exe share x \/delete +│ CORP\\alice +│ Sysmon #8 +│$/);
  const eventRow = lines.find((line) => line.includes('Security #7'))!;
  // One cell from the image column's start to the user column's end: no borders inside it.
  assert.match(eventRow, /│ high +│ User: CORP\\eve +│ Security #7 +│$/);
  const widths = new Set(lines.filter((line) => line.length > 0).map((line) => [...line].length));
  assert.equal(widths.size, 1, table);
});

test('details in the table are terminal-safe: controls and line breaks inside a value are shown escaped', () => {
  const table = run('table', [eventHit([['User', 'eve\u001b[31m\nforged line\u202e']])]);
  assert.doesNotMatch(table, /\u001b|\u202e/);
  assert.match(table, /eve\\u\{1b\}\[31m\\nforged line\\u\{202e\}/);
  assert.ok(!table.split('\n').some((line) => line.startsWith('forged')));
});

test('at 120 columns the table fits: every line is 120 characters, the time on two lines', () => {
  for (const hits of [[eventHit([['User', 'CORP\\eve']])], [processHit(), eventHit([['User', 'CORP\\eve']])]]) {
    const table = run('table', hits, 120);
    for (const line of table.trimEnd().split('\n')) assert.equal([...line].length, 120, line);
    assert.match(table, /│ 2024-05-01 +│.*\n│ 09:00:07 +│/);
  }
});

test('each value of a huge details cell is cut for the table like any other cell; every label stays in sight', () => {
  const details: [string, string][] = Array.from({ length: 50 }, (_, i) => [`Field${i}`, 'v'.repeat(2000)]);
  const table = run('table', [eventHit(details)]);
  const cuts = table.replace(/ *│\n│[^v]*│ */g, '').match(/v…\(1000 ?more ?characters\)/g) ?? [];
  assert.equal(cuts.length, 50);
  for (let i = 0; i < 50; i++) assert.ok(table.includes(`│ Field${i}: v`), `Field${i}`);
});
