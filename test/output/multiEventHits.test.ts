import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { Hit, HitEvent } from '../../src/hunt/hit.js';
import { createHitWriter, OUTPUT_FORMATS, type OutputFormat } from '../../src/output/formats.js';

const RULE: Hit['rule'] = {
  id: 'seq-1',
  title: 'Logon then service install',
  level: 'high',
  source: 'eql',
  file: 'rules/seq.toml',
  tags: ['attack.persistence', 'attack.t1543.003'],
  references: [],
  falsepositives: [],
};

const LOGON: HitEvent = {
  file: 'C:/triage/Security.evtx',
  recordId: 2n ** 60n + 7n,
  recovered: false,
  timestamp: '2024-05-01T09:00:01.1234567Z',
  eventId: 4624,
  channel: 'Security',
  computer: 'WS01.corp.local',
  details: [
    ['TargetUser', 'CORP\\mallory'],
    ['LogonType', '3 (Network)'],
  ],
};

const SERVICE: HitEvent = {
  file: 'C:/triage/System.evtx',
  recordId: 991,
  recovered: true,
  timestamp: '2024-05-01T09:00:09.0000000Z',
  eventId: 7045,
  channel: 'System',
  computer: 'WS01.corp.local',
  details: [
    ['Service', 'evilsvc'],
    ['ImagePath', 'C:\\Users\\Public\\svc.exe'],
  ],
};

/** A two-event hit (the hit's own fields are its first event's) whose events are also in a VSS copy. */
function sequenceHit(): Hit {
  return {
    rule: RULE,
    file: LOGON.file,
    recordId: LOGON.recordId,
    recovered: LOGON.recovered,
    timestamp: LOGON.timestamp,
    eventId: LOGON.eventId,
    channel: LOGON.channel,
    computer: LOGON.computer,
    process: undefined,
    details: LOGON.details,
    eventData: { TargetUserName: 'mallory' },
    events: [LOGON, SERVICE],
    alsoIn: ['D:/vss1/Security.evtx', 'E:/second-run/Security.evtx'],
  };
}

function written(format: OutputFormat, hits: readonly Hit[]): string {
  let text = '';
  const writer = createHitWriter(format, { write: (t) => (text += t) }, { width: 200, full: true, colour: false });
  for (const hit of hits) writer.write(hit);
  writer.end();
  return text;
}

/** The table's text column by column, the wrapped pieces of each cell joined (`D:/vss1/` + `Security.evtx`). */
function tableColumns(table: string): string {
  const columns: string[] = [];
  for (const line of table.split('\n')) {
    if (!line.startsWith('│')) continue;
    line
      .split('│')
      .slice(1, -1)
      .forEach((cell, i) => (columns[i] = (columns[i] ?? '') + cell.trim()));
  }
  return columns.join(' ');
}

/** What a reader of each format must find: every event's file, record id, time and details, and the other files. */
function assertListsEvents(format: OutputFormat, text: string): void {
  // The table wraps values in their columns: read it column by column, each column's lines joined.
  const plain = (format === 'table' ? tableColumns(text) : text).replace(/\s+/g, ' ');
  const has = (what: string) => assert.ok(plain.includes(what.replace(/\s+/g, ' ')), `${format} lacks ${what}`);
  for (const event of [LOGON, SERVICE]) {
    has(event.file);
    has(String(event.recordId));
    has(event.timestamp.slice(11, 19));
    for (const [label, value] of event.details) {
      has(label);
      has(value);
    }
  }
  has('D:/vss1/Security.evtx');
  has('E:/second-run/Security.evtx');
}

test('every format lists each event of a multi-event hit and the other files that hold it', () => {
  for (const format of OUTPUT_FORMATS) {
    const text = written(format, [sequenceHit()]);
    const escapedForJson = format.includes('json') || format.startsWith('ecs');
    assertListsEvents(format, escapedForJson ? text.replace(/\\\\/g, '\\') : text);
  }
});

test('JSONL and JSON write the events with exact record ids, also beyond 2^53, and also_in', () => {
  const line = written('jsonl', [sequenceHit()]).trim();
  assert.match(line, /"events":\[\{"file":"C:\/triage\/Security\.evtx","record_id":1152921504606846983,"recovered":false/);
  const parsed = JSON.parse(line) as { events: { record_id: number; details: Record<string, string> }[]; also_in: string[] };
  assert.equal(parsed.events.length, 2);
  assert.equal(parsed.events[1]!.record_id, 991);
  assert.deepEqual(parsed.events[1]!.details, { Service: 'evilsvc', ImagePath: 'C:\\Users\\Public\\svc.exe' });
  assert.deepEqual(parsed.also_in, ['D:/vss1/Security.evtx', 'E:/second-run/Security.evtx']);
  const array = JSON.parse(written('json', [sequenceHit(), sequenceHit()])) as unknown[];
  assert.equal(array.length, 2);
});

test('a single-event hit has no events and an empty also_in in JSONL', () => {
  const { events: _, alsoIn: __, ...single } = sequenceHit();
  const parsed = JSON.parse(written('jsonl', [single])) as { events: unknown; also_in: unknown };
  assert.equal(parsed.events, null);
  assert.deepEqual(parsed.also_in, []);
});

test('CSV and Timesketch CSV give the events and the other files a column each, one row per hit', () => {
  for (const format of ['csv', 'timesketch'] as const) {
    const [header, ...rows] = written(format, [sequenceHit()]).trimEnd().split('\r\n');
    assert.equal(rows.length, 1, format);
    const columns = header!.split(',');
    assert.ok(columns.includes('also_in') && columns.includes('events'), format);
    assert.ok(rows[0]!.includes('C:/triage/System.evtx #991 (carved) System 7045: Service: evilsvc'), format);
  }
});

test('ECS keeps the events under hunt.events, their record ids as exact strings', () => {
  const document = JSON.parse(written('ecs', [sequenceHit()])) as {
    hunt: { events: { record_id: string; file: string }[]; also_in: string[] };
    event: { kind: string };
  };
  assert.equal(document.event.kind, 'alert');
  assert.deepEqual(
    document.hunt.events.map((e) => `${e.file} ${e.record_id}`),
    ['C:/triage/Security.evtx 1152921504606846983', 'C:/triage/System.evtx 991'],
  );
  assert.deepEqual(document.hunt.also_in, ['D:/vss1/Security.evtx', 'E:/second-run/Security.evtx']);
  const bulk = written('ecs-bulk', [sequenceHit()]).trimEnd().split('\n');
  assert.deepEqual(JSON.parse(bulk[0]!), { create: {} });
  assert.equal(bulk.length, 2);
});
