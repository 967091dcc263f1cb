import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { crc32 } from 'node:zlib';
import { EvtxWriteError, writeEvtx, type EventSpec, type WriterValue } from '../../dev/evtxWriter/index.js';
import { LIBEVTX, PYTHON_EVTX, type Oracle, type OracleRecord } from '../support/evtxOracles.js';
import { BASE_TIME, canonical, canonicalFloat, generateEvents } from '../support/writerEvents.js';

const CHUNK_SIZE = 0x10000;
const HEADER_SIZE = 4096;
/** How many `<Data>` elements a value occupies: libevtx prints one per array item, as Windows does. */
function elementCount(oracle: Oracle, value: WriterValue): number {
  return oracle === LIBEVTX && value.type === 'stringArray' ? value.value.length : 1;
}

/**
 * Undoes each tool's rendering: libevtx pads hex, prints 9 fraction digits, binary as hex,
 * floats as `1.5e+000`; python-evtx prints binary as base64, SYSTEMTIME milliseconds as
 * microseconds, arrays as `<string>` lines. Returns undefined where the tool is known wrong.
 */
function canonicalFromOracle(oracle: Oracle, value: WriterValue, texts: readonly string[]): string | undefined {
  const text = texts[0] ?? '';
  switch (value.type) {
    case 'string':
      // libevtx 20181227 mangles characters outside the BMP (surrogate pairs).
      if (oracle === LIBEVTX && /[\u{10000}-\u{10ffff}]/u.test(value.value)) return undefined;
      return text;
    case 'ansistring':
    case 'sid':
      return text;
    case 'float':
    case 'double':
      // libevtx prints `%e` (7 significant digits): equal within that precision counts as equal.
      return canonicalFloat(value, text);
    case 'bool':
      return text.toLowerCase();
    case 'binary':
      return (oracle === LIBEVTX ? text : Buffer.from(text, 'base64').toString('hex')).toUpperCase();
    case 'guid':
      return text.replace(/[{}]/g, '').toUpperCase();
    case 'filetime':
    case 'systemtime':
      return oracleTime(text, oracle === PYTHON_EVTX && value.type === 'systemtime');
    case 'stringArray':
      return JSON.stringify(oracle === LIBEVTX ? texts : [...text.matchAll(/<string>(.*?)<\/string>/g)].map((m) => m[1]));
    case 'int8':
    case 'int16':
    case 'int32':
    case 'int64':
      // libevtx prints negative signed integers as "-" and the magnitude of the low bits.
      if (oracle === LIBEVTX && BigInt(value.value) < 0n) return undefined;
      return BigInt(text).toString();
    default:
      return BigInt(text).toString();
  }
}

/** `2024-03-10T08:00:00.123456700Z` or `2024-03-10 08:00:00.123456` to ISO-8601 milliseconds. */
function oracleTime(text: string, fractionIsMilliseconds: boolean): string {
  const match = /^(\d{4})-(\d\d)-(\d\d)[T ](\d\d):(\d\d):(\d\d)(?:\.(\d+))?Z?$/.exec(text);
  if (match === null) return `unparsed time ${text}`;
  const [year, month, day, hour, minute, second] = match.slice(1, 7).map(Number) as number[];
  const fraction = match[7] ?? '0';
  const millis = fractionIsMilliseconds ? Number(fraction) : Math.round(Number(`0.${fraction}`) * 1000);
  return new Date(Date.UTC(year!, month! - 1, day!, hour!, minute!, second!) + millis).toISOString();
}

function assertRecordMatches(oracle: Oracle, actual: OracleRecord, expected: EventSpec): void {
  const where = `${oracle.name}, record ${expected.recordId}`;
  assert.equal(actual.eventRecordId, String(expected.recordId), where);
  assert.equal(actual.eventId, String(expected.eventId), where);
  assert.equal(actual.provider, expected.provider, where);
  assert.equal(actual.providerGuid?.toUpperCase(), expected.providerGuid?.toUpperCase(), where);
  assert.equal(actual.channel, expected.channel, where);
  assert.equal(actual.computer, expected.computer, where);
  assert.equal(actual.version, String(expected.version ?? 0), where);
  assert.equal(actual.level, String(expected.level ?? 4), where);
  assert.equal(actual.task, String(expected.task ?? 0), where);
  assert.equal(actual.opcode, String(expected.opcode ?? 0), where);
  assert.equal(BigInt(actual.keywords), BigInt(expected.keywords ?? 0n), where);
  assert.equal(oracleTime(actual.timeCreated, false), expected.timeCreated.toISOString(), where);
  assert.equal(actual.processId, String(expected.processId), where);
  assert.equal(actual.threadId, String(expected.threadId), where);
  assert.equal(actual.userId, expected.userSid, where);
  let position = 0;
  for (const { name, value } of expected.data) {
    const count = elementCount(oracle, value);
    const elements = actual.data.slice(position, position + count);
    position += count;
    assert.deepEqual(
      elements.map((element) => element.name),
      Array<string>(count).fill(name),
      `${where}, Data ${name}`,
    );
    const seen = canonicalFromOracle(
      oracle,
      value,
      elements.map((element) => element.text),
    );
    if (seen !== undefined) assert.equal(seen, canonical(value), `${where}, Data ${name} (${value.type})`);
  }
  assert.equal(actual.data.length, position, `${where}: extra Data elements`);
}

const EVENTS = generateEvents(480);
const FILE = writeEvtx(EVENTS);

test('the file has a valid header and several full chunks with valid CRCs and record ranges', () => {
  assert.equal(FILE.subarray(0, 8).toString('latin1'), 'ElfFile\0');
  assert.equal(FILE.readUInt32LE(124), crc32(FILE.subarray(0, 120)));
  const chunkCount = (FILE.length - HEADER_SIZE) / CHUNK_SIZE;
  assert.ok(Number.isInteger(chunkCount) && chunkCount >= 4, `${chunkCount} chunks`);
  assert.equal(FILE.readUInt16LE(42), chunkCount);
  assert.equal(FILE.readBigUInt64LE(16), BigInt(chunkCount - 1));
  assert.equal(FILE.readBigUInt64LE(24), BigInt(EVENTS.at(-1)!.recordId!) + 1n);
  const idsByChunk: bigint[][] = [];
  for (let i = 0; i < chunkCount; i++) {
    const chunk = FILE.subarray(HEADER_SIZE + i * CHUNK_SIZE, HEADER_SIZE + (i + 1) * CHUNK_SIZE);
    assert.equal(chunk.subarray(0, 8).toString('latin1'), 'ElfChnk\0');
    const headerCrc = crc32(chunk.subarray(128, 512), crc32(chunk.subarray(0, 120)));
    assert.equal(chunk.readUInt32LE(124), headerCrc, `chunk ${i} header CRC`);
    const freeSpace = chunk.readUInt32LE(48);
    assert.ok(freeSpace < CHUNK_SIZE, `chunk ${i} filled to the last byte, which libevtx misreads`);
    assert.equal(chunk.readUInt32LE(52), crc32(chunk.subarray(512, freeSpace)), `chunk ${i} data CRC`);
    const ids: bigint[] = [];
    let lastOffset = 0;
    for (let offset = 512; offset < freeSpace;) {
      assert.equal(chunk.readUInt32LE(offset), 0x2a2a, `chunk ${i} record magic at ${offset}`);
      const size = chunk.readUInt32LE(offset + 4);
      assert.equal(chunk.readUInt32LE(offset + size - 4), size, `chunk ${i} size copy at ${offset}`);
      ids.push(chunk.readBigUInt64LE(offset + 8));
      lastOffset = offset;
      offset += size;
    }
    assert.equal(chunk.readUInt32LE(44), lastOffset);
    assert.equal(chunk.readBigUInt64LE(24), ids[0]);
    assert.equal(chunk.readBigUInt64LE(32), ids.at(-1));
    idsByChunk.push(ids);
  }
  assert.deepEqual(
    idsByChunk.flat(),
    EVENTS.map((event) => BigInt(event.recordId!)),
  );
});

test('names and templates are defined once per chunk and referenced afterwards', () => {
  const firstChunk = FILE.subarray(HEADER_SIZE, HEADER_SIZE + CHUNK_SIZE);
  const utf16 = (text: string) => Buffer.from(text, 'utf16le');
  const occurrences = (needle: Buffer) => {
    let count = 0;
    for (let at = firstChunk.indexOf(needle); at >= 0; at = firstChunk.indexOf(needle, at + 1)) count++;
    return count;
  };
  assert.equal(occurrences(utf16('EventRecordID')), 1);
  assert.equal(occurrences(utf16('TerminalSessionId')), 1);
  assert.equal(occurrences(utf16('http://schemas.microsoft.com/win/2004/08/events/event')), 3, 'one System template per computer');
});

for (const oracle of [LIBEVTX, PYTHON_EVTX]) {
  test(`${oracle.name} reads back every record, System value and Data value`, { skip: oracle.unavailable }, () => {
    const directory = mkdtempSync(join(tmpdir(), 'hunt-writer-'));
    try {
      const path = join(directory, 'written.evtx');
      writeFileSync(path, FILE);
      const records = oracle.read(path);
      assert.equal(records.length, EVENTS.length);
      records.forEach((record, i) => assertRecordMatches(oracle, record, EVENTS[i]!));
    } finally {
      rmSync(directory, { recursive: true, force: true });
    }
  });
}

test('record ids continue from firstRecordId, and explicit ids restart the sequence', () => {
  const base = { provider: 'P', eventId: 1, timeCreated: new Date(BASE_TIME), channel: 'C', computer: 'H', data: [] };
  const file = writeEvtx([base, { ...base, recordId: 50 }, base], { firstRecordId: 7 });
  const chunk = file.subarray(HEADER_SIZE);
  const ids: bigint[] = [];
  for (let offset = 512; offset < chunk.readUInt32LE(48); offset += chunk.readUInt32LE(offset + 4)) {
    ids.push(chunk.readBigUInt64LE(offset + 8));
  }
  assert.deepEqual(ids, [7n, 50n, 51n]);
  assert.equal(file.readBigUInt64LE(24), 52n);
});

test('unrepresentable values fail with the event and field named', () => {
  const base = { provider: 'P', eventId: 1, timeCreated: new Date(BASE_TIME), channel: 'C', computer: 'H' };
  const bad: Array<[WriterValue, RegExp]> = [
    [{ type: 'uint8', value: 256 }, /event 0 \(record 1\), Data 'X': uint8 value 256 out of range/],
    [{ type: 'int32', value: 2 ** 40 }, /int32 value .* out of range/],
    [{ type: 'uint64', value: 2 ** 60 }, /not a safe integer/],
    [{ type: 'guid', value: 'not-a-guid' }, /not a GUID/],
    [{ type: 'sid', value: 'S-1-x' }, /not a SID/],
    [{ type: 'ansistring', value: '日本' }, /non-Latin-1/],
    [{ type: 'string', value: 'x'.repeat(40000) }, /exceeds 65535/],
  ];
  for (const [value, message] of bad) {
    assert.throws(
      () => writeEvtx([{ ...base, data: [{ name: 'X', value }] }]),
      (error: unknown) => {
        assert.ok(error instanceof EvtxWriteError);
        assert.match(error.message, message);
        return true;
      },
    );
  }
  const tooBig = Array.from({ length: 2 }, (_, i) => ({ name: `F${i}`, value: { type: 'string', value: 'y'.repeat(16000) } as const }));
  assert.throws(() => writeEvtx([{ ...base, data: tooBig }]), /does not fit in an empty chunk/);
});
