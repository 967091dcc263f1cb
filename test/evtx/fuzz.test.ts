import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { EvtxFileError, parseChunk, readEvtxFile, type EvtxProblem, type EvtxRecord } from '../../src/evtx/index.js';
import { HAVE_CORPUS, crateSample } from './corpus.js';

const CHUNK = 65536;
const TIME_BUDGET_MS = 10_000;

/** mulberry32: a small seeded PRNG, so a failure can be replayed from its seed. */
function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Uses everything a record offers, so lazy decoding runs on the damaged bytes too. */
function touch(record: EvtxRecord): void {
  record.eventId();
  record.channel();
  record.provider();
  record.computer();
  record.timeCreated();
  void record.written;
  record.system();
  record.eventData();
  assert.equal(typeof record.toXml(), 'string');
}

/** Every problem points at a byte of what was read: never at a chunk-relative or a value-derived number. */
function assertOffsetWithin(problem: EvtxProblem, start: number, end: number, where: string): void {
  const { offset } = problem;
  if (!Number.isInteger(offset) || offset < start || offset >= end) {
    assert.fail(`${where}: ${problem.kind} at offset ${offset}, outside [${start}, ${end}): ${problem.message}`);
  }
}

function mutate(data: Buffer, random: () => number): Buffer {
  const out = Buffer.from(data);
  const kind = Math.floor(random() * 3);
  if (kind === 0) {
    const flips = 1 + Math.floor(random() * 64);
    for (let i = 0; i < flips; i++) out[Math.floor(random() * out.length)] = Math.floor(random() * 256);
  } else if (kind === 1) {
    const start = Math.floor(random() * out.length);
    out.fill(0, start, Math.min(out.length, start + 1 + Math.floor(random() * 2048)));
  } else {
    // Keep the framing, damage BinXML: flips only past each record header.
    for (let i = 0; i < 16; i++) out[512 + Math.floor(random() * (out.length - 512))] ^= 1 << Math.floor(random() * 8);
  }
  return out;
}

const SOURCES = [
  'Security_short_selected.evtx',
  'sysmon.evtx',
  'E_Windows_system32_winevt_logs_Microsoft-Windows-CAPI2%4Operational.evtx',
  'MSExchange_Management_wec.evtx',
  'system.evtx',
];

test('fuzz: mutated chunks never throw and always terminate', { skip: !HAVE_CORPUS && 'corpus absent', timeout: 60_000 }, () => {
  const chunks: Buffer[] = [];
  for (const name of SOURCES) {
    const file = readFileSync(crateSample(name));
    for (let at = 4096; at + CHUNK <= file.length && at < 4096 + 3 * CHUNK; at += CHUNK) chunks.push(file.subarray(at, at + CHUNK));
  }
  const random = prng(20240501);
  const deadline = Date.now() + TIME_BUDGET_MS * 0.7;
  let rounds = 0;
  let records = 0;
  while (Date.now() < deadline) {
    const seedChunk = chunks[rounds % chunks.length];
    const chunk = mutate(seedChunk, random);
    const inChunk = (p: EvtxProblem): void => assertOffsetWithin(p, 4096, 4096 + chunk.length, `round ${rounds}`);
    for (const record of parseChunk(chunk, 0, 4096, 'fuzz.evtx', inChunk, { recover: rounds % 2 === 0 })) {
      touch(record);
      records++;
    }
    rounds++;
  }
  assert.ok(rounds > 20, `${rounds} rounds`);
  assert.ok(records > 0);
});

test(
  'fuzz: truncated and header-damaged files never throw except EvtxFileError',
  { skip: !HAVE_CORPUS && 'corpus absent', timeout: 60_000 },
  () => {
    const dir = mkdtempSync(join(tmpdir(), 'evtx-fuzz-'));
    const random = prng(7);
    const original = readFileSync(crateSample('Security_with_size_t.evtx'));
    const deadline = Date.now() + TIME_BUDGET_MS * 0.3;
    let rounds = 0;
    let fileErrors = 0;
    while (Date.now() < deadline) {
      let data = original.subarray(0, Math.floor(random() * original.length));
      if (random() < 0.5) {
        data = Buffer.from(data);
        data.fill(Math.floor(random() * 256), 0, Math.min(data.length, Math.floor(random() * 4096)));
      }
      const path = join(dir, `f${rounds}.evtx`);
      writeFileSync(path, data);
      try {
        const inFile = (p: EvtxProblem): void => assertOffsetWithin(p, 0, data.length, `round ${rounds}`);
        for (const record of readEvtxFile(path, { onProblem: inFile })) touch(record);
      } catch (err) {
        assert.ok(err instanceof EvtxFileError, `round ${rounds}: ${String(err)}`);
        fileErrors++;
      }
      rounds++;
    }
    assert.ok(rounds > 5, `${rounds} rounds`);
    assert.ok(fileErrors < rounds, 'most damaged files are still read');
  },
);
