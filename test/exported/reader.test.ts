import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import type { EvtxProblem, EvtxRecord } from '../../src/evtx/index.js';
import { detectLogFormat, readExportedFile, readLogFile } from '../../src/exported/index.js';
import { JsonObjectScanner } from '../../src/exported/jsonScanner.js';
import { TextWindow } from '../../src/exported/textWindow.js';
import { filetimeText, parseInteger } from '../../src/exported/values.js';
import { eventKeyOf, parseEventXml } from '../../src/exported/xmlEvent.js';
import { EventElementScanner, isElement, type ScanItem } from '../../src/exported/xmlScanner.js';
import { REPO_ROOT } from '../support/sharedData.js';

const NS = 'http://schemas.microsoft.com/win/2004/08/events/event';

function event(recordId: number, data: string, extra = ''): string {
  return (
    `<Event xmlns="${NS}"><System><Provider Name="Microsoft-Windows-Sysmon"/><EventID>1</EventID>` +
    `<TimeCreated SystemTime="2024-03-11T10:43:56.123456700Z"/><EventRecordID>${recordId}</EventRecordID>` +
    `<Channel>Microsoft-Windows-Sysmon/Operational</Channel><Computer>WKS-1</Computer><Security UserID="S-1-5-18"/></System>` +
    `<EventData><Data Name="CommandLine">${data}</Data><Data Name="Image">C:\\Windows\\cmd.exe</Data>${extra}</EventData></Event>`
  );
}

/** Elements and problems of `text` fed in pieces of `size` characters. */
function scanInPieces(text: string, size: number, maxChars?: number): { texts: string[]; offsets: number[]; problems: string[] } {
  const window = new TextWindow('utf-8', 0);
  const scanner = new EventElementScanner(window, maxChars);
  const items: ScanItem[] = [];
  for (let at = 0; at < text.length; at += size) {
    window.append(text.slice(at, at + size));
    scanner.scan(false, items);
  }
  scanner.scan(true, items);
  return {
    texts: items.filter(isElement).map((item) => item.text),
    offsets: items.filter(isElement).map((item) => item.offset),
    problems: items.filter((item) => !isElement(item)).map((item) => `${item.offset} ${'message' in item ? item.message : ''}`),
  };
}

test('the XML scanner finds every <Event> whatever wraps it and wherever the chunks end', () => {
  const events = [
    event(1, 'a &amp; b'),
    // A '>' in an attribute, an "</Event>" in CDATA and in a comment, a nested <Event> in UserData.
    event(2, '<![CDATA[</Event> x]]>', '<!-- </Event> --><Data Name="Q" Extra="a>b">é😀</Data>'),
    `<Event xmlns="${NS}"><System><EventID>3</EventID></System><UserData><Event><Inner>v</Inner></Event></UserData></Event>`,
    `<Event xmlns="${NS}"/>`,
  ];
  const text = `\uFEFF<?xml version="1.0" encoding="utf-8"?>\n<!-- <Event> in a comment -->\n<Events>\n${events.join('\n')}\n</Events>\n`;
  const expectedOffsets = events.map((element) => Buffer.byteLength(text.slice(0, text.indexOf(element)), 'utf8'));
  for (const size of [1, 2, 3, 7, 64, 1000, text.length]) {
    const scanned = scanInPieces(text, size);
    assert.deepEqual(scanned.texts, events, `pieces of ${size}`);
    assert.deepEqual(scanned.offsets, expectedOffsets, `byte offsets, pieces of ${size}`);
    assert.deepEqual(scanned.problems, []);
  }
});

test('an oversized or unterminated <Event> is a problem at its offset; the elements after it are still read', () => {
  const big = event(2, 'x'.repeat(5000));
  const text = `${event(1, 'ok')}${big}${event(3, 'ok')}<Event><System>`;
  const scanned = scanInPieces(text, 100, 2000);
  assert.deepEqual(
    scanned.texts.map((element) => /<EventRecordID>(\d+)/.exec(element)?.[1]),
    ['1', '3'],
  );
  assert.deepEqual(scanned.problems, [
    `${event(1, 'ok').length} an <Event> element longer than 2000 characters: skipped`,
    `${text.lastIndexOf('<Event>')} the file ends inside an <Event> element: skipped`,
  ]);
});

test('the JSON scanner reads JSON lines, arrays and objects over several lines; a broken line is reported and skipped', () => {
  const lines = '{"a":1}\n{"b":"x}\n{"c":[1,{"d":"}"}]}\r\nnot json\n{"e":"\\"quoted\\""}\n';
  const window = new TextWindow('utf-8', 0);
  const scanner = new JsonObjectScanner(window);
  const items: ScanItem[] = [];
  for (const char of lines) {
    window.append(char);
    scanner.scan(false, items);
  }
  scanner.scan(true, items);
  assert.deepEqual(
    items.map((item) => (isElement(item) ? item.text : `${item.offset}: ${item.message}`)),
    [
      '{"a":1}',
      '8: a JSON object that is not whole (a line broken inside it): skipped',
      '{"c":[1,{"d":"}"}]}',
      `${lines.indexOf('not json')}: not a JSON object: line skipped`,
      '{"e":"\\"quoted\\""}',
    ],
  );
  const pretty = new TextWindow('utf-8', 0);
  const arrayScanner = new JsonObjectScanner(pretty);
  const arrayItems: ScanItem[] = [];
  pretty.append('Record 1\n{\n  "a": {\n    "b": 1\n  }\n}\nRecord 2\n[\n{"c": 2},\n{"d": 3}\n]\n');
  arrayScanner.scan(true, arrayItems);
  assert.deepEqual(
    arrayItems.map((item) => (isElement(item) ? JSON.parse(item.text) : item.message)),
    [{ a: { b: 1 } }, { c: 2 }, { d: 3 }],
  );
});

function writeTemp(name: string, content: string | Buffer): string {
  const path = join(mkdtempSync(join(tmpdir(), 'hunt-exported-')), name);
  writeFileSync(path, content);
  return path;
}

function readAll(path: string): { records: EvtxRecord[]; problems: EvtxProblem[] } {
  const problems: EvtxProblem[] = [];
  const records = [...readLogFile(path, { onProblem: (problem) => problems.push(problem) })];
  return { records, problems };
}

test('an XML export reads as the EVTX reader renders: typed System fields, 7 fraction digits, references decoded', () => {
  const path = writeTemp('export.log', `<Events>${event(42, 'a &amp; &lt;b&gt; &#x41;&#66;')}</Events>`);
  assert.equal(detectLogFormat(path), 'xml');
  const { records, problems } = readAll(path);
  assert.deepEqual(problems, []);
  assert.equal(records.length, 1);
  const [record] = records;
  assert.equal(record!.eventId(), 1);
  assert.equal(record!.eventRecordId(), 42);
  assert.equal(record!.recovered, false);
  assert.equal(record!.timeCreated(), '2024-03-11T10:43:56.1234567Z');
  assert.equal(record!.system().userId, 'S-1-5-18');
  assert.deepEqual({ ...record!.eventData() }, { CommandLine: 'a & <b> AB', Image: 'C:\\Windows\\cmd.exe' });
  assert.match(record!.toXml(), /^<Event xmlns="[^"]+"><System>.*<Data Name="CommandLine">a &amp; &lt;b&gt; AB<\/Data>/);
});

test('a malformed element is a problem naming file and byte offset; the rest of the file is read; UTF-16 too', () => {
  const broken = `<Event xmlns="${NS}"><System><EventID>1</EventID></Event>`;
  const text = `<Events>\n${event(1, 'first')}\n${broken}\n${event(3, 'third')}\n</Events>\n`;
  for (const [encoding, bytes, bom] of [
    ['utf-8', Buffer.from(text, 'utf8'), 0],
    ['utf-16le', Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(text, 'utf16le')]), 2],
  ] as const) {
    const path = writeTemp('export.xml', bytes);
    const { records, problems } = readAll(path);
    assert.deepEqual(
      records.map((record) => record.eventRecordId()),
      [1, 3],
      encoding,
    );
    assert.equal(problems.length, 1, encoding);
    assert.equal(problems[0]!.file, path);
    assert.equal(problems[0]!.kind, 'bad-record');
    const at = text.indexOf(broken);
    assert.equal(problems[0]!.offset, encoding === 'utf-8' ? Buffer.byteLength(text.slice(0, at)) : bom + 2 * at, encoding);
  }
});

test('JSON exports: hunt dump, evtx_dump and Winlogbeat shapes; 64-bit record ids stay exact; a bad line is a problem', () => {
  const lines = [
    '{"file":"x.evtx","record_id":18446744073709551615,"timestamp":"2024-03-11T10:43:56.1234567Z","event_id":4688,"provider":"Microsoft-Windows-Security-Auditing","channel":"Security","computer":"DC1","event_data":{"NewProcessName":"C:\\\\a.exe","X":["1","2"]}}',
    '{"Event":{"#attributes":{"xmlns":"x"},"System":{"Provider":{"#attributes":{"Name":"Microsoft-Windows-Sysmon","Guid":"5770385F-C22A-43E0-BF4C-06F5698FFBD9"}},"EventID":{"#attributes":{"Qualifiers":0},"#text":1},"TimeCreated":{"#attributes":{"SystemTime":"2024-03-11T10:43:56.123456Z"}},"EventRecordID":7,"Channel":"Microsoft-Windows-Sysmon/Operational","Computer":"WKS","Security":{"#attributes":{"UserID":"S-1-5-18"}}},"EventData":{"ProcessGuid":"ABCDEF01-2345-6789-ABCD-EF0123456789","ProcessId":4242,"Signed":true,"Empty":null}}}',
    '{"broken": ',
    '{"@timestamp":"2019-11-07T10:34:29.05Z","winlog":{"channel":"Security","computer_name":"DC1","event_id":"1102","provider_name":"Microsoft-Windows-Eventlog","record_id":14224,"user_data":{"SubjectUserName":"Administrator","xml_name":"LogFileCleared"}}}',
  ];
  const path = writeTemp('export.json', lines.join('\n') + '\n');
  const { records, problems } = readAll(path);
  assert.equal(records.length, 3);
  assert.equal(records[0]!.eventRecordId(), 18446744073709551615n);
  assert.deepEqual({ ...records[0]!.eventData() }, { NewProcessName: 'C:\\a.exe', X: ['1', '2'] });
  assert.equal(records[1]!.timeCreated(), '2024-03-11T10:43:56.1234560Z');
  assert.equal(records[1]!.eventId(), 1);
  assert.equal(records[1]!.system().providerGuid, '{5770385F-C22A-43E0-BF4C-06F5698FFBD9}');
  assert.deepEqual(
    { ...records[1]!.eventData() },
    { ProcessGuid: '{ABCDEF01-2345-6789-ABCD-EF0123456789}', ProcessId: '4242', Signed: 'true', Empty: '' },
  );
  assert.equal(records[2]!.eventId(), 1102);
  assert.equal(records[2]!.timeCreated(), '2019-11-07T10:34:29.0500000Z');
  assert.deepEqual({ ...records[2]!.eventData() }, { SubjectUserName: 'Administrator' });
  assert.equal(problems.length, 1);
  assert.equal(problems[0]!.offset, Buffer.byteLength(lines.slice(0, 2).join('\n') + '\n'));
});

test('content decides the reader: EVTX by its signature, XML, JSON; text that is none of them is not an export', () => {
  assert.equal(detectLogFormat(join(REPO_ROOT, 'samples', 'Security.evtx')), 'evtx');
  assert.equal(detectLogFormat(writeTemp('a.evtx', `  <Events>${event(1, 'x')}</Events>`)), 'xml');
  assert.equal(detectLogFormat(writeTemp('a.txt', '[{"winlog":{}}]')), 'json');
  assert.equal(detectLogFormat(writeTemp('a.xml', 'plain text')), 'evtx');
  assert.throws(() => [...readExportedFile(writeTemp('b.xml', '<html><body/></html>'), 'xml')], /not an event export/);
  assert.throws(() => [...readExportedFile(writeTemp('b.json', '{"name":"package","version":"1.0.0"}'), 'json')], /not an event export/);
});

test('timestamps and integers as the EVTX reader renders them', () => {
  assert.equal(filetimeText('2019-08-14 14:06:44.495674'), '2019-08-14T14:06:44.4956740Z');
  assert.equal(filetimeText('2019-08-14T14:06:44.495674800Z'), '2019-08-14T14:06:44.4956748Z');
  assert.equal(filetimeText('2019-08-14T14:06:44Z'), '2019-08-14T14:06:44.0000000Z');
  assert.equal(filetimeText('yesterday'), 'yesterday');
  assert.equal(parseInteger(' 4624 '), 4624);
  assert.equal(parseInteger('0x10'), 16);
  assert.equal(parseInteger('9007199254740993'), 9007199254740993n);
  assert.equal(parseInteger(''), undefined);
});

test('EventID and Channel read ahead are those the whole parse reads, or not read ahead at all', () => {
  const plain = event(7, 'x');
  const whole = parseEventXml(plain).system;
  assert.deepEqual(eventKeyOf(plain), { eventId: whole.eventId, channel: whole.channel });
  const referenced = plain.replace('<Channel>Microsoft-Windows-Sysmon/Operational', '<Channel>A&amp;B');
  assert.deepEqual(eventKeyOf(referenced), { eventId: 1, channel: 'A&B' });
  // Twice, in a comment, as CDATA: left to the whole parse.
  assert.equal(eventKeyOf(plain.replace('<EventID>1</EventID>', '<EventID>1</EventID><EventID>2</EventID>')), undefined);
  assert.equal(eventKeyOf(plain.replace('<EventID>1</EventID>', '<!-- <EventID>9</EventID> --><EventID>1</EventID>')), undefined);
  assert.equal(eventKeyOf(plain.replace('<EventID>1</EventID>', '<EventID><![CDATA[1]]></EventID>')), undefined);
  assert.equal(parseEventXml(plain.replace('<EventID>1</EventID>', '<EventID><![CDATA[1]]></EventID>')).system.eventId, 1);
});
