/**
 * The dump's hand-built JSON against JSON.stringify, byte for byte: escaping of hostile strings,
 * whole records, the jsonl/json writers, and what a terminal gets of them.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { jsonString, type EventDataValue, type EvtxRecord } from '../../src/evtx/index.js';
import { jsonValue } from '../../src/evtx/render/json.js';
import { jsonRecord, recordJsonHead } from '../../src/output/recordJson.js';
import { createRecordWriter } from '../../src/output/records.js';
import { jsonTerminalSafe } from '../../src/output/sanitize.js';
import { terminalSink } from '../../src/output/terminal.js';

/** Every C0 control, DEL and the C1 controls (JSON.stringify escapes only C0). */
const CONTROLS = Array.from({ length: 0x20 }, (_, i) => String.fromCharCode(i)).concat(['\u007f', '\u0080', '\u009b', '\u009f']);

const TRICKY: readonly string[] = [
  '',
  'plain',
  'C:\\Windows\\System32\\cmd.exe',
  '\\\\host\\C$',
  'trailing backslash\\',
  '"quoted"',
  '\\"',
  'a"b\\c',
  ...CONTROLS,
  ...CONTROLS.map((c) => `before${c}after`),
  'line1\r\nline2\ttab',
  '\u001b[31mred\u001b[0m',
  'x\ud800y',
  'x\udfffy',
  '\ud800',
  '\udc00',
  'end\ud83d',
  '\ude00start',
  '\ude00\ud83d',
  '😀 pair',
  '\ud83d\ude00\ud83d',
  '\u2028\u2029',
  'sep\u2028arator',
  'evil\u202eexe.txt',
  '\u2066isolate\u2069',
  '\u200b\u200d\ufeff\u00ad',
  '\u{e0041}tag',
  'Überprüfung 管理员 Администратор',
  '\ufffe\uffff',
  '</script><!--',
  '{"json":"inside"}',
];

/** A small seeded generator: the same strings every run. */
function* randomStrings(count: number, seed: number): Generator<string> {
  let state = seed;
  const next = (): number => {
    state = (Math.imul(state, 1103515245) + 12345) >>> 0;
    // The high bits: an LCG's low bits repeat with short periods.
    return state >>> 16;
  };
  // Code units weighted towards the ones escaping cares about.
  const pools = [
    [0x20, 0x7e],
    [0x00, 0x1f],
    [0x22, 0x22],
    [0x5c, 0x5c],
    [0xd800, 0xdfff],
    [0x7f, 0x9f],
    [0x2000, 0x206f],
    [0x0100, 0xffff],
  ];
  for (let n = 0; n < count; n++) {
    let text = '';
    const length = next() % 40;
    for (let i = 0; i < length; i++) {
      const [low, high] = pools[next() % pools.length];
      text += String.fromCharCode(low + (next() % (high - low + 1)));
    }
    yield text;
  }
}

test('jsonString is JSON.stringify for controls, quotes, backslashes, lone surrogates, separators and bidi characters', () => {
  for (const text of TRICKY) assert.equal(jsonString(text), JSON.stringify(text), JSON.stringify(text));
});

test('jsonString is JSON.stringify on random strings of the characters escaping cares about', () => {
  for (const text of randomStrings(20000, 10)) assert.equal(jsonString(text), JSON.stringify(text), JSON.stringify(text));
});

test('jsonString is JSON.stringify on huge values, escaped at the very end or not at all', () => {
  const long = 'A'.repeat(1 << 20);
  for (const text of [long, long + '"', long + '\u0000', long + '\ud800', '\\' + long, 'é'.repeat(1 << 18) + '\u001b']) {
    assert.equal(jsonString(text), JSON.stringify(text));
  }
});

test('jsonValue is JSON.stringify of strings and of lists', () => {
  const values: EventDataValue[] = [[], [''], ['a'], ['a', 'b"', 'c\\', '\u0001'], TRICKY.slice(), 'single', '\ud800'];
  for (const value of values) assert.equal(jsonValue(value), JSON.stringify(value));
});

/** A record whose fields are the given values (undefined: absent). */
function record(fields: {
  recordId?: number | bigint;
  eventRecordId?: number | bigint;
  written?: string;
  timeCreated?: string;
  userId?: string;
  eventId?: number;
  provider?: string;
  channel?: string;
  computer?: string;
  data?: Record<string, EventDataValue>;
  failing?: boolean;
}): EvtxRecord {
  const fail = (): never => {
    throw new Error('cannot format');
  };
  return {
    file: 'x.evtx',
    chunkIndex: 0,
    offset: 4608,
    recordId: fields.recordId ?? 1,
    written: fields.written ?? '2024-05-01T10:00:00.0000000Z',
    recovered: false,
    eventId: () => fields.eventId,
    eventRecordId: () => fields.eventRecordId,
    channel: () => fields.channel,
    provider: () => fields.provider,
    computer: () => fields.computer,
    timeCreated: () => fields.timeCreated,
    userId: () => fields.userId,
    system: () => ({}),
    eventData: fields.failing ? fail : () => fields.data ?? {},
    toXml: fields.failing ? fail : () => '<Event/>',
  };
}

/** The record as the dump documents it, through JSON.stringify of an object; a 64-bit record id as its exact digits. */
function reference(r: EvtxRecord, file: string): string {
  const recordId = r.eventRecordId() ?? r.recordId;
  const json = JSON.stringify({
    file,
    record_id: 0,
    timestamp: r.timeCreated() ?? r.written,
    event_id: r.eventId() ?? null,
    provider: r.provider() ?? null,
    channel: r.channel() ?? null,
    computer: r.computer() ?? null,
    user_id: r.userId() ?? null,
    event_data: r.eventData(),
  });
  return json.replace(',"record_id":0,', `,"record_id":${recordId},`);
}

const RECORDS: readonly EvtxRecord[] = [
  record({}),
  record({ recordId: 7, eventRecordId: 9, eventId: 4688, provider: 'P', channel: 'Security', computer: 'WS01', userId: 'S-1-5-18' }),
  record({ eventRecordId: 12345678901234567890n, timeCreated: '2024-05-01T10:00:00.1234567Z', eventId: 0 }),
  record({
    eventId: 1,
    provider: 'Microsoft-Windows-Sysmon',
    channel: 'Microsoft-Windows-Sysmon/Operational',
    computer: 'evil\u202e\u001b[2J',
    data: Object.fromEntries(TRICKY.map((text, i) => [`${text}${i}`, i % 3 === 0 ? [text, text + '\\'] : text])),
  }),
  record({ provider: '"', channel: '\\', computer: '\ud800', data: { CommandLine: 'A'.repeat(100000) + '\u0007' } }),
];

test('a record is JSON.stringify of the documented object, hostile names and values included', () => {
  for (const file of ['C:\\logs\\Security.evtx', '/logs/x"\u0001\u2028.evtx', 'x\ud800.evtx']) {
    for (const r of RECORDS) assert.equal(jsonRecord(r, recordJsonHead(file)), reference(r, file));
  }
});

/** Collects what a writer writes. */
class Collect {
  text = '';
  write(text: string): void {
    this.text += text;
  }
}

test('the jsonl and json writers write JSON.stringify of every record; one that fails is reported and skipped', () => {
  const records = [...RECORDS, record({ failing: true }), ...RECORDS];
  const files = ['a.evtx', 'b\\"c.evtx'];
  const written = records.flatMap((r) => files.map((file) => ({ r, file })));
  const expected = written.filter(({ r }) => r !== records[RECORDS.length]).map(({ r, file }) => reference(r, file));
  for (const format of ['jsonl', 'json'] as const) {
    const out = new Collect();
    const failed: string[] = [];
    const writer = createRecordWriter(format, out, (_record, file) => failed.push(file));
    for (const { r, file } of written) writer.write(r, file);
    writer.end();
    assert.deepEqual(failed, files);
    assert.equal(out.text, format === 'jsonl' ? expected.join('\n') + '\n' : '[\n' + expected.join(',\n') + '\n]\n');
  }
});

test('on a terminal the dump is the same JSON with every unsafe character as a \\u escape', () => {
  for (const format of ['jsonl', 'json'] as const) {
    const plain = new Collect();
    const terminal = new Collect();
    const writers = [createRecordWriter(format, plain), createRecordWriter(format, terminalSink('json', terminal))];
    for (const writer of writers) {
      for (const r of RECORDS) writer.write(r, 'dir\u202e/x.evtx');
      writer.end();
    }
    assert.equal(terminal.text, jsonTerminalSafe(plain.text));
    assert.doesNotMatch(terminal.text, /[\u0000-\u0009\u000b-\u001f\u007f-\u009f\u2028\u2029\u202e\p{Cs}]/u);
    const lines = format === 'jsonl' ? terminal.text.trimEnd().split('\n') : [terminal.text];
    assert.deepEqual(
      lines.map((line) => JSON.parse(line) as unknown),
      (format === 'jsonl' ? plain.text.trimEnd().split('\n') : [plain.text]).map((line) => JSON.parse(line) as unknown),
    );
  }
});
