import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseChunk, type EvtxProblem, type EvtxRecord } from '../../src/evtx/index.js';
import * as VT from '../../src/evtx/values/valueTypes.js';
import { ChunkWriter, u16, u32, u64, utf16z } from './chunkWriter.js';

const NS = 'http://schemas.microsoft.com/win/2004/08/events/event';
const GUID = Buffer.from([0x25, 0x96, 0x84, 0x54, 0x78, 0x54, 0x94, 0x49, 0xa5, 0xba, 0x3e, 0x3b, 0x03, 0x28, 0xc3, 0x0d]);
const SYSTEM_SID = Buffer.from([1, 1, 0, 0, 0, 0, 0, 5, 18, 0, 0, 0]);
/** 2021-04-20T10:04:03.1234567Z */
const FILETIME = 132633866431234567n;

/** The definition of record 1 and 3: every System field plus EventData of several kinds. */
function securityTemplate(w: ChunkWriter): void {
  w.fragment();
  w.open('Event', { attributes: true }).attribute('xmlns').text(NS).closeStart();
  w.open('System').closeStart();
  w.open('Provider', { attributes: true })
    .attribute('Name')
    .subst(0, VT.VT_STRING)
    .attribute('Guid')
    .subst(1, VT.VT_GUID, true)
    .attribute('EventSourceName')
    .text('A')
    .entityRef('amp')
    .text('B')
    .closeEmpty();
  w.open('EventID', { attributes: true }).attribute('Qualifiers').subst(2, VT.VT_UINT16, true).closeStart().subst(3, VT.VT_UINT16).end();
  w.open('TimeCreated', { attributes: true }).attribute('SystemTime').subst(4, VT.VT_FILETIME).closeEmpty();
  w.open('EventRecordID').closeStart().subst(5, VT.VT_UINT64).end();
  w.open('Correlation', { attributes: true }).attribute('ActivityID').subst(6, VT.VT_GUID, true).closeEmpty();
  w.open('Channel').closeStart().subst(7, VT.VT_STRING).end();
  w.open('Computer').closeStart().text('WS01').end();
  w.open('Security', { attributes: true }).attribute('UserID').subst(8, VT.VT_SID, true).closeEmpty();
  w.end();
  w.open('EventData').closeStart();
  w.open('Data', { attributes: true }).attribute('Name').text('CommandLine').closeStart().subst(9, VT.VT_STRING).end();
  w.open('Data', { attributes: true }).attribute('Name').text('Flags').closeStart().subst(10, VT.VT_HEX_INT32).end();
  w.open('Data', { attributes: true })
    .attribute('Name')
    .text('Items')
    .closeStart()
    .subst(11, VT.VT_ARRAY_FLAG | VT.VT_STRING)
    .end();
  w.open('Data', { attributes: true })
    .attribute('Name')
    .text('Mixed')
    .closeStart()
    .text('a')
    .cdata('x<y')
    .charRef(65)
    .entityRef('lt')
    .end();
  w.open('Data').closeStart().subst(12, VT.VT_UINT32).end();
  w.open('Data').closeStart().subst(13, VT.VT_BOOL).end();
  w.end();
  w.pi('xml-stylesheet', 'href="s.xsl"');
  w.end();
  w.eos();
}

function securityValues(opts: { eventId: number; sid: boolean; command: string }): { type: number; data: Buffer }[] {
  return [
    { type: VT.VT_STRING, data: utf16z('Microsoft-Windows-Security-Auditing') },
    { type: VT.VT_GUID, data: GUID },
    { type: VT.VT_NULL, data: Buffer.alloc(0) },
    { type: VT.VT_UINT16, data: u16(opts.eventId) },
    { type: VT.VT_FILETIME, data: u64(FILETIME) },
    { type: VT.VT_UINT64, data: u64(7n) },
    { type: VT.VT_NULL, data: Buffer.alloc(0) },
    { type: VT.VT_STRING, data: utf16z('Security') },
    opts.sid ? { type: VT.VT_SID, data: SYSTEM_SID } : { type: VT.VT_NULL, data: Buffer.alloc(0) },
    { type: VT.VT_STRING, data: utf16z(opts.command) },
    { type: VT.VT_HEX_INT32, data: u32(0x3e7) },
    { type: VT.VT_ARRAY_FLAG | VT.VT_STRING, data: Buffer.from('one\0two\0', 'utf16le') },
    { type: VT.VT_UINT32, data: u32(42) },
    { type: VT.VT_BOOL, data: u32(2) },
  ];
}

/** Record 2: a classic event whose payload is a nested BinXML value (plain element + template). */
function nestedRecord(w: ChunkWriter): void {
  w.fragment();
  w.inlineTemplate((t) => {
    t.fragment();
    t.open('Event', { attributes: true }).attribute('xmlns').text(NS).closeStart();
    t.open('System').closeStart();
    t.open('EventID').closeStart().subst(0, VT.VT_UINT16).end();
    t.open('Channel').closeStart().subst(1, VT.VT_STRING).end();
    t.end();
    t.subst(2, VT.VT_BINXML);
    t.end();
    t.eos();
  });
  // Value table written by hand: the nested value's size is known only after writing it.
  const valuesAt = w.pos;
  w.u32(3).u16(0).u8(VT.VT_UINT16).u8(0).u16(0).u8(VT.VT_STRING).u8(0);
  const nestedSizeAt = w.pos;
  w.u16(0).u8(VT.VT_BINXML).u8(0);
  w.bytes(u16(1102));
  w.bytes(utf16z('Application'));
  w.buf.writeUInt16LE(2, valuesAt + 4);
  w.buf.writeUInt16LE(24, valuesAt + 8);
  const nestedStart = w.pos;
  w.fragment();
  w.open('UserData', { dependencyId: false }).closeStart();
  w.inlineTemplate((t) => {
    t.fragment();
    t.open('Log').closeStart();
    t.open('Name').closeStart().subst(0, VT.VT_STRING).end();
    t.open('Attr', { attributes: true }).attribute('Value').text('a').entityRef('amp').text('b').closeEmpty();
    t.end();
    t.eos();
  });
  w.values([{ type: VT.VT_STRING, data: utf16z('Alice') }]);
  w.end();
  w.eos();
  w.buf.writeUInt16LE(w.pos - nestedStart, nestedSizeAt);
}

function buildChunk(): { chunk: Buffer; defOffset: number } {
  const w = new ChunkWriter();
  let defOffset = 0;
  w.record(7, FILETIME, (r) => {
    r.fragment();
    defOffset = r.inlineTemplate(securityTemplate);
    r.values(securityValues({ eventId: 4688, sid: true, command: 'cmd.exe /c "a & b"' }));
  });
  w.record(8, FILETIME, nestedRecord);
  w.record(9, FILETIME, (r) => {
    r.fragment().templateRef(defOffset);
    r.values(securityValues({ eventId: 4624, sid: false, command: '' }));
  });
  return { chunk: w.finish(7, 9), defOffset };
}

function readChunk(chunk: Buffer): { records: EvtxRecord[]; problems: EvtxProblem[] } {
  const problems: EvtxProblem[] = [];
  const records = [...parseChunk(chunk, 0, 4096, 'synthetic.evtx', (p) => problems.push(p))];
  return { records, problems };
}

test('a synthetic chunk yields its records with header fields', () => {
  const { records, problems } = readChunk(buildChunk().chunk);
  assert.deepEqual(problems, []);
  assert.deepEqual(
    records.map((r) => r.recordId),
    [7, 8, 9],
  );
  assert.equal(records[0].offset, 4096 + 512);
  assert.equal(records[0].written, '2021-04-20T10:04:03.1234567Z');
  assert.equal(records[0].recovered, false);
  assert.equal(records[0].file, 'synthetic.evtx');
});

test('cheap accessors read substitution values of an inline template', () => {
  const [first] = readChunk(buildChunk().chunk).records;
  assert.equal(first!.eventId(), 4688);
  assert.equal(first!.channel(), 'Security');
  assert.equal(first!.provider(), 'Microsoft-Windows-Security-Auditing');
  assert.equal(first!.computer(), 'WS01');
  assert.equal(first!.timeCreated(), '2021-04-20T10:04:03.1234567Z');
});

test('system() fills every field, leaving out absent optional ones', () => {
  const [first, , third] = readChunk(buildChunk().chunk).records;
  assert.deepEqual(first!.system(), {
    provider: 'Microsoft-Windows-Security-Auditing',
    providerGuid: '{54849625-5478-4994-A5BA-3E3B0328C30D}',
    eventId: 4688,
    timeCreated: '2021-04-20T10:04:03.1234567Z',
    eventRecordId: 7,
    channel: 'Security',
    computer: 'WS01',
    userId: 'S-1-5-18',
  });
  assert.equal(third!.system().userId, undefined);
});

test('toXml renders the template with values, entity/char refs, CDATA, PI, arrays and dropped optional attributes', () => {
  const [first] = readChunk(buildChunk().chunk).records;
  const expected =
    `<Event xmlns="${NS}"><System>` +
    '<Provider Name="Microsoft-Windows-Security-Auditing" Guid="{54849625-5478-4994-A5BA-3E3B0328C30D}" EventSourceName="A&amp;B"/>' +
    '<EventID>4688</EventID><TimeCreated SystemTime="2021-04-20T10:04:03.1234567Z"/><EventRecordID>7</EventRecordID>' +
    '<Correlation/><Channel>Security</Channel><Computer>WS01</Computer><Security UserID="S-1-5-18"/></System>' +
    '<EventData><Data Name="CommandLine">cmd.exe /c "a &amp; b"</Data><Data Name="Flags">0x3e7</Data>' +
    '<Data Name="Items">one</Data><Data Name="Items">two</Data>' +
    '<Data Name="Mixed">a<![CDATA[x<y]]>&#65;&lt;</Data><Data>42</Data><Data>true</Data></EventData>' +
    '<?xml-stylesheet href="s.xsl"?></Event>';
  assert.equal(first!.toXml(), expected);
});

test('eventData maps named Data, collects unnamed Data, splits arrays and decodes references', () => {
  const [first, , third] = readChunk(buildChunk().chunk).records;
  assert.deepEqual(
    { ...first!.eventData() },
    {
      CommandLine: 'cmd.exe /c "a & b"',
      Flags: '0x3e7',
      Items: ['one', 'two'],
      Mixed: 'ax<yA<',
      Data: ['42', 'true'],
    },
  );
  assert.equal(third!.eventData()['CommandLine'], '', 'empty values are ""');
});

test("a template referenced by offset from a later record is reused with that record's values", () => {
  const [, , third] = readChunk(buildChunk().chunk).records;
  assert.equal(third!.eventId(), 4624);
  assert.match(third!.toXml(), /<Security\/>/);
});

test('nested BinXML values (plain elements and template instances) are spliced in', () => {
  const [, second] = readChunk(buildChunk().chunk).records;
  assert.equal(second!.eventId(), 1102);
  assert.equal(second!.channel(), 'Application');
  assert.equal(
    second!.toXml(),
    `<Event xmlns="${NS}"><System><EventID>1102</EventID><Channel>Application</Channel></System>` +
      '<UserData><Log><Name>Alice</Name><Attr Value="a&amp;b"/></Log></UserData></Event>',
  );
  assert.deepEqual({ ...second!.eventData() }, { Name: 'Alice', Attr: '' });
});

test('a damaged BinXML record is reported once and the others still decode', () => {
  const { chunk } = buildChunk();
  const [, second] = readChunk(chunk).records;
  // Corrupt the first token of record 8's BinXML (its fragment header).
  chunk[second!.offset - 4096 + 24] = 0x7f;
  const { records, problems } = readChunk(chunk);
  assert.equal(records.length, 3);
  assert.equal(records[1].eventId(), undefined);
  assert.match(records[1].toXml(), /could not be decoded/);
  assert.deepEqual({ ...records[1].eventData() }, {});
  assert.equal(records[2].eventId(), 4624);
  const binxmlProblems = problems.filter((p) => p.kind === 'bad-binxml');
  assert.equal(binxmlProblems.length, 1);
  assert.equal(binxmlProblems[0].offset, records[1].offset + 24, 'the offset of the damaged token');
  assert.ok(problems.some((p) => p.kind === 'bad-chunk-data-crc'));
});

test('a template definition that contains itself is refused, not followed forever', () => {
  const w = new ChunkWriter();
  w.record(1, FILETIME, (r) => {
    r.fragment();
    r.inlineTemplate((t) => {
      t.fragment();
      t.templateRef(0); // patched below to point at this definition
      t.eos();
    });
    r.values([]);
  });
  const chunk = w.finish();
  // Point the inner instance at its own definition.
  const defOffset = chunk.readUInt32LE(512 + 24 + 4 + 6);
  chunk.writeUInt32LE(defOffset, defOffset + 24 + 4 + 6);
  const problems: EvtxProblem[] = [];
  const [record] = [...parseChunk(chunk, 0, 4096, 'loop.evtx', (p) => problems.push(p))];
  assert.equal(record!.eventId(), undefined);
  assert.ok(problems.some((p) => p.kind === 'bad-binxml'));
});
