import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { readEvtxFile, type EvtxProblem } from '../../src/evtx/index.js';
import { ChunkWriter, fileHeader } from '../evtx/chunkWriter.js';

const DIR = mkdtempSync(join(tmpdir(), 'evtx-offsets-'));
/** Far outside a 68 KB file: a problem at this offset (plus the chunk's) came from the bytes, not the file. */
const HOSTILE_OFFSET = 0x72000000;

function readProblems(path: string): EvtxProblem[] {
  const problems: EvtxProblem[] = [];
  for (const record of readEvtxFile(path, { onProblem: (p) => problems.push(p) })) record.toXml();
  return problems;
}

test('references to outside the chunk are reported where they were read', () => {
  const w = new ChunkWriter();
  const referenceAt: number[] = [];
  // A template instance whose definition offset points far outside the file.
  w.record(1, 0n, (r) => {
    r.fragment().u8(0x0c).u8(1).u32(0x1234);
    referenceAt.push(r.pos);
    r.u32(HOSTILE_OFFSET).values([]).eos();
  });
  // An element whose name offset does.
  w.record(2, 0n, (r) => {
    r.fragment().u8(0x01).u32(0);
    referenceAt.push(r.pos);
    r.u32(HOSTILE_OFFSET).closeEmpty().eos();
  });
  const path = join(DIR, 'far-references.evtx');
  writeFileSync(path, Buffer.concat([fileHeader(1), w.finish(1, 2)]));
  const problems = readProblems(path);
  assert.deepEqual(
    problems.map((p) => [p.kind, p.chunkIndex, p.offset]),
    referenceAt.map((at) => ['bad-binxml', 0, 4096 + at]),
  );
  assert.match(problems[0]!.message, /template definition offset 1912602624 outside the chunk/);
  assert.match(problems[1]!.message, /name offset 1912602624 outside the chunk/);
});

test('a chunk count the file does not hold is reported at the header field', () => {
  const w = new ChunkWriter();
  w.record(1, 0n, (r) => r.fragment().open('Event', { dependencyId: false }).closeEmpty().eos());
  const header = fileHeader(1);
  // The header's CRC is left stale, which is reported too, at the CRC field.
  header.writeUInt16LE(9, 42);
  const path = join(DIR, 'chunk-count.evtx');
  writeFileSync(path, Buffer.concat([header, w.finish()]));
  const problems = readProblems(path);
  assert.deepEqual(
    problems.map((p) => [p.kind, p.offset]),
    [
      ['bad-file-header-crc', 124],
      ['truncated', 42],
    ],
  );
  for (const problem of problems) assert.ok(problem.offset < statSync(path).size);
});
