import { execFileSync } from 'node:child_process';
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  EvtxFileError,
  ReaderCaches,
  parseChunk,
  readEvtxFile,
  recordEventDataJson,
  type EvtxInteger,
  type EvtxProblem,
} from '../../src/evtx/index.js';
import { writeEvtxFile } from '../../dev/evtxWriter/index.js';
import { parseChunkHeader, chunkHeaderCrc, chunkDataCrc } from '../../src/evtx/chunkHeader.js';
import { parseFileHeader } from '../../src/evtx/fileHeader.js';
import { KnownNames, nameHash } from '../../src/evtx/names.js';
import { crc32 } from '../../src/evtx/crc32.js';
import { ChunkWriter, fileHeader } from './chunkWriter.js';
import { HAVE_CORPUS, crateSample } from './corpus.js';

const TMP = mkdtempSync(join(tmpdir(), 'evtx-reader-'));
const opts = { skip: !HAVE_CORPUS && 'corpus absent' };

/** A chunk of `count` plain-element records (no templates) with ids from `firstId`. */
function simpleChunk(firstId: number, count: number): Buffer {
  const w = new ChunkWriter();
  for (let i = 0; i < count; i++) {
    w.record(firstId + i, 0n, (r) => {
      r.fragment();
      r.open('Event', { dependencyId: false }).closeStart();
      r.open('System', { dependencyId: false }).closeStart();
      r.open('EventID', { dependencyId: false })
        .closeStart()
        .text(String(100 + i))
        .end();
      r.end().end().eos();
    });
  }
  return w.finish(firstId, firstId + count - 1);
}

function writeTemp(name: string, ...parts: Buffer[]): string {
  const path = join(TMP, name);
  writeFileSync(path, Buffer.concat(parts));
  return path;
}

function read(path: string): { ids: EvtxInteger[]; problems: EvtxProblem[] } {
  const problems: EvtxProblem[] = [];
  const ids = [...readEvtxFile(path, { onProblem: (p) => problems.push(p) })].map((r) => r.recordId);
  return { ids, problems };
}

test('crc32 matches zlib', () => {
  const data = Buffer.from('hello world, this is a test!!');
  assert.equal(crc32(data, 0, data.length), 63564475);
  assert.equal(crc32(data, 0, 10, 0), crc32(data.subarray(0, 10), 0, 10));
  assert.equal(crc32(data, 10, data.length, crc32(data, 0, 10)), 63564475, 'continues from a seed');
});

test('file header fields', () => {
  const h = parseFileHeader(fileHeader(3, 1));
  assert.equal(h.magicOk, true);
  assert.equal(h.crcOk, true);
  assert.equal(h.chunkCount, 3);
  assert.equal(h.flags, 1);
  assert.equal(h.majorVersion, 3);
  assert.equal(h.headerBlockSize, 4096);
  const broken = fileHeader(3);
  broken[42] = 9;
  assert.equal(parseFileHeader(broken).crcOk, false);
});

test('chunk header fields and CRCs', () => {
  const chunk = simpleChunk(5, 2);
  const h = parseChunkHeader(chunk);
  assert.equal(h.magicOk, true);
  assert.equal(h.firstRecordId, 5n);
  assert.equal(h.lastRecordId, 6n);
  assert.equal(chunkHeaderCrc(chunk), h.storedHeaderCrc);
  assert.equal(chunkDataCrc(chunk, h.freeSpaceOffset), h.storedDataCrc);
});

test('names: hash as stored by Windows, text read from the structure', opts, () => {
  const file = readFileSync(crateSample('security.evtx'));
  const chunk = file.subarray(4096, 4096 + 65536);
  // Bucket heads of the common-string table point at name structures.
  const names = new KnownNames();
  let checked = 0;
  for (let bucket = 0; bucket < 64; bucket++) {
    const offset = chunk.readUInt32LE(128 + bucket * 4);
    if (offset === 0) continue;
    const name = names.read(chunk, offset);
    assert.equal(nameHash(name), chunk.readUInt16LE(offset + 4), name);
    assert.equal(nameHash(name) % 64, bucket);
    checked++;
  }
  assert.ok(checked > 5);
});

test('plain-element records (no templates) read in order', () => {
  const path = writeTemp('plain.evtx', fileHeader(1), simpleChunk(1, 3));
  const records = [...readEvtxFile(path)];
  assert.deepEqual(
    records.map((r) => r.recordId),
    [1, 2, 3],
  );
  assert.deepEqual(
    records.map((r) => r.eventId()),
    [100, 101, 102],
  );
  assert.equal(records[0].toXml(), '<Event><System><EventID>100</EventID></System></Event>');
});

test('a header that understates the chunk count: chunks are read by file size', () => {
  const path = writeTemp('understated.evtx', fileHeader(1), simpleChunk(1, 2), simpleChunk(3, 2));
  const { ids, problems } = read(path);
  assert.deepEqual(ids, [1, 2, 3, 4]);
  assert.deepEqual(problems, []);
});

test('a truncated file: records of the partial last chunk that are whole are kept, truncation reported', () => {
  const second = simpleChunk(3, 2);
  const path = writeTemp('truncated.evtx', fileHeader(2), simpleChunk(1, 2), second.subarray(0, 900));
  const { ids, problems } = read(path);
  assert.ok(ids.includes(1) && ids.includes(2) && ids.includes(3));
  const truncated = problems.filter((p) => p.kind === 'truncated');
  assert.equal(truncated.length, 1);
  assert.equal(truncated[0].offset, 4096 + 65536);
});

test('a header that declares more chunks than present is reported as truncated', () => {
  const path = writeTemp('short.evtx', fileHeader(4), simpleChunk(1, 1));
  const { ids, problems } = read(path);
  assert.deepEqual(ids, [1]);
  assert.deepEqual(
    problems.map((p) => p.kind),
    ['truncated'],
  );
});

test('bad checksums are reported and the chunk still read', () => {
  const chunk = simpleChunk(1, 2);
  chunk[600] ^= 0xff; // inside the record data, outside the framing
  chunk[100] ^= 0xff; // inside the covered header bytes
  const header = fileHeader(1);
  header[50] ^= 1;
  const { ids, problems } = read(writeTemp('crc.evtx', header, chunk));
  assert.equal(ids.length, 2);
  assert.deepEqual(problems.map((p) => p.kind).sort(), ['bad-chunk-data-crc', 'bad-chunk-header-crc', 'bad-file-header-crc']);
});

test('a broken record is skipped exactly: the records around it are kept', () => {
  const chunk = simpleChunk(1, 3);
  const secondOffset = 512 + chunk.readUInt32LE(512 + 4);
  chunk.writeUInt32LE(0xdeadbeef, secondOffset); // record magic
  const { ids, problems } = read(writeTemp('broken-record.evtx', fileHeader(1), chunk));
  assert.deepEqual(ids, [1, 3]);
  const bad = problems.filter((p) => p.kind === 'bad-record');
  assert.equal(bad.length, 1);
  assert.equal(bad[0].offset, 4096 + secondOffset);
  assert.equal(bad[0].chunkIndex, 0);
});

test('a destroyed file header: chunks are still found by position', () => {
  const header = Buffer.alloc(4096, 0x41);
  const { ids, problems } = read(writeTemp('no-header.evtx', header, simpleChunk(1, 2)));
  assert.deepEqual(ids, [1, 2]);
  assert.deepEqual(
    problems.map((p) => p.kind),
    ['bad-file-header'],
  );
});

test('files that are not EVTX or cannot be read throw EvtxFileError', () => {
  const cases = [
    writeTemp('text.evtx', Buffer.from('hello, not an event log\n'.repeat(5000))),
    writeTemp('empty.evtx'),
    join(TMP, 'missing.evtx'),
    TMP,
  ];
  for (const path of cases) {
    assert.throws(
      () => [...readEvtxFile(path)],
      (err: unknown) => err instanceof EvtxFileError && err.file === path,
      path,
    );
  }
});

test('a FIFO where a log was is refused at once, never waited on', () => {
  const fifo = join(TMP, 'swapped.evtx');
  execFileSync('mkfifo', [fifo]);
  // No writer ever opens the FIFO: a blocking open would hang this test until its timeout.
  assert.throws(
    () => [...readEvtxFile(fifo)],
    (err: unknown) => err instanceof EvtxFileError && /not a regular file/.test(err.message),
  );
});

test('onProgress reports bytes done up to the file size', () => {
  const path = writeTemp('progress.evtx', fileHeader(2), simpleChunk(1, 1), simpleChunk(2, 1));
  const calls: [number, number][] = [];
  for (const record of readEvtxFile(path, { onProgress: (done, total) => calls.push([done, total]) })) void record;
  assert.ok(calls.length >= 1);
  assert.deepEqual(calls.at(-1), [4096 + 2 * 65536, 4096 + 2 * 65536]);
});

test('parseChunk decodes any chunk alone from its 64 KiB', opts, () => {
  const file = readFileSync(crateSample('security.evtx'));
  const index = 7;
  const chunk = Buffer.from(file.subarray(4096 + index * 65536, 4096 + (index + 1) * 65536));
  const alone = [...parseChunk(chunk, index, 4096 + index * 65536, 'security.evtx')];
  const inFile = [...readEvtxFile(crateSample('security.evtx'))].filter((r) => r.chunkIndex === index);
  assert.equal(alone.length, inFile.length);
  assert.deepEqual(
    alone.map((r) => r.toXml()),
    inFile.map((r) => r.toXml()),
  );
  assert.deepEqual(
    alone.map((r) => r.offset),
    inFile.map((r) => r.offset),
  );
});

test('caches shared between reads give the records that fresh caches give', opts, () => {
  const files = ['security.evtx', 'sysmon.evtx', 'system.evtx', 'security.evtx'].map(crateSample);
  const view = (path: string, caches?: ReaderCaches): string[] =>
    [...readEvtxFile(path, { caches })].map((r) => r.written + r.toXml() + recordEventDataJson(r));
  const caches = new ReaderCaches();
  for (const path of files) assert.deepEqual(view(path, caches), view(path), path);
});

test('chunk slack carving finds an overwritten record, marked recovered', () => {
  const w = new ChunkWriter();
  const build = (r: ChunkWriter, id: number): void => {
    r.fragment();
    r.open('Event', { dependencyId: false })
      .closeStart()
      .open('EventID', { dependencyId: false })
      .closeStart()
      .text(String(id))
      .end()
      .end()
      .eos();
  };
  w.record(1, 0n, (r) => build(r, 1));
  const chunk = w.finish(1, 1);
  // A stale record after the free-space offset.
  const stale = new ChunkWriter();
  stale.pos = w.pos + 64;
  stale.record(99, 0n, (r) => build(r, 99));
  stale.buf.copy(chunk, w.pos + 64, w.pos + 64, stale.pos);
  const plain = [...parseChunk(chunk, 0, 4096, 'slack.evtx')];
  const carved = [...parseChunk(chunk, 0, 4096, 'slack.evtx', undefined, { recover: true })];
  assert.deepEqual(
    plain.map((r) => r.recordId),
    [1],
  );
  assert.deepEqual(
    carved.map((r) => [r.recordId, r.recovered]),
    [
      [1, false],
      [99, true],
    ],
  );
});

test('Data names that are Object.prototype members are plain names', () => {
  const dir = mkdtempSync(join(tmpdir(), 'evtx-names-'));
  const path = join(dir, 'names.evtx');
  const names = ['constructor', '__proto__', 'toString', 'hasOwnProperty'];
  writeEvtxFile(path, [
    {
      provider: 'Test-Provider',
      eventId: 7,
      channel: 'Application',
      computer: 'host',
      timeCreated: new Date(Date.UTC(2024, 0, 1)),
      data: names.map((name) => ({ name, value: { type: 'string' as const, value: `value of ${name}` } })),
    },
  ]);
  const problems: string[] = [];
  const [record] = [...readEvtxFile(path, { onProblem: (p) => problems.push(p.message) })];
  const data = record!.eventData();
  assert.deepEqual(Object.keys(data), names);
  for (const name of names) assert.equal(data[name], `value of ${name}`);
  assert.deepEqual(JSON.parse(recordEventDataJson(record!)), JSON.parse(JSON.stringify(data)));
  assert.deepEqual(problems, []);
});
