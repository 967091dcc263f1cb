import { ChunkContext } from './chunkContext.js';
import { ReaderCaches } from './readerCaches.js';
import { CHUNK_FLAG_NO_CRC32, CHUNK_HEADER_SIZE, chunkDataCrc, chunkHeaderCrc, parseChunkHeader } from './chunkHeader.js';
import { CHUNK_SIZE } from './fileHeader.js';
import { ChunkRecord, RECORD_HEADER_SIZE, RECORD_MAGIC, RECORD_MIN_SIZE, recordSizeAt } from './record.js';
import type { EvtxProblem, EvtxRecord } from './types.js';
import { TOKEN_FRAGMENT_HEADER } from './binxml/tokens.js';

// frozen after load: signature bytes, only ever compared against
const RECORD_MAGIC_BYTES = Buffer.from([0x2a, 0x2a, 0x00, 0x00]);

export interface ChunkReadOptions {
  /** Carve records from the slack after the free-space offset and from chunks without usable header (default false). */
  recover?: boolean;
  /** Check the header and data CRC32s (default true; the file header's no-CRC flag turns it off). */
  verifyCrc?: boolean;
  /** Caches to share with the other chunks of a reader (default: new ones, for this chunk alone). */
  caches?: ReaderCaches;
}

function isAllZero(buf: Buffer): boolean {
  const words = buf.length & ~3;
  for (let i = 0; i < words; i += 4) if (buf.readUInt32LE(i) !== 0) return false;
  for (let i = words; i < buf.length; i++) if (buf[i] !== 0) return false;
  return true;
}

/**
 * Size of a record whose header is intact but whose trailing size copy is damaged (e.g. a partly
 * zeroed last record), when the size is confirmed by what follows: the end of the records,
 * another record or zeroed space. 0 otherwise.
 */
function damagedRecordSize(buf: Buffer, at: number, recordsEnd: number): number {
  if (buf.readUInt32LE(at) !== RECORD_MAGIC) return 0;
  const size = buf.readUInt32LE(at + 4);
  if (size < RECORD_MIN_SIZE || at + size > recordsEnd) return 0;
  const next = at + size;
  const confirmed = next === recordsEnd || recordSizeAt(buf, next) > 0 || (next + 4 <= recordsEnd && buf.readUInt32LE(next) === 0);
  return confirmed ? size : 0;
}

/** Next offset in [from, end) where a well-framed record starts, or -1. */
function findNextRecord(buf: Buffer, from: number, end: number): number {
  for (let at = buf.indexOf(RECORD_MAGIC_BYTES, from); at !== -1 && at < end; at = buf.indexOf(RECORD_MAGIC_BYTES, at + 1)) {
    if (recordSizeAt(buf, at) > 0) return at;
  }
  return -1;
}

/**
 * The records of one chunk, from its 64 KiB alone (or fewer bytes for the truncated last chunk of
 * a file). Records keep a reference to `chunk`: never reuse the buffer for another chunk.
 * Problems are reported through `onProblem`; nothing is thrown.
 */
export function parseChunk(
  chunk: Buffer,
  chunkIndex: number,
  fileOffset: number,
  file: string,
  onProblem?: (p: EvtxProblem) => void,
  options: ChunkReadOptions = {},
): Iterable<EvtxRecord> {
  const ctx = new ChunkContext(chunk, file, chunkIndex, fileOffset, onProblem, options.caches ?? new ReaderCaches());
  return chunkRecords(ctx, options.recover ?? false, options.verifyCrc ?? true);
}

function* chunkRecords(ctx: ChunkContext, recover: boolean, verifyCrc: boolean): Generator<EvtxRecord> {
  const buf = ctx.buf;
  if (buf.length < CHUNK_HEADER_SIZE) {
    ctx.report('truncated', 0, `chunk ${ctx.chunkIndex} holds only ${buf.length} bytes`);
    return;
  }
  const header = parseChunkHeader(buf);
  if (!header.magicOk) {
    if (isAllZero(buf)) return; // never-used chunk space (VSS copies, preallocation)
    // Some damaged files (sample_with_a_bad_chunk_magic.evtx) have a zeroed magic over intact records.
    if (recordSizeAt(buf, CHUNK_HEADER_SIZE) === 0) {
      ctx.report(
        'bad-chunk-magic',
        0,
        `chunk ${ctx.chunkIndex} has no chunk signature and no record at its start; skipped${recover ? ' (carving records)' : ''}`,
      );
      if (recover) yield* carve(ctx, CHUNK_HEADER_SIZE, buf.length);
      return;
    }
    ctx.report('bad-chunk-magic', 0, `chunk ${ctx.chunkIndex} has no chunk signature but holds records; reading it`);
  }
  const checkCrc = verifyCrc && (header.flags & CHUNK_FLAG_NO_CRC32) === 0;
  if (checkCrc && header.magicOk && chunkHeaderCrc(buf) !== header.storedHeaderCrc) {
    ctx.report('bad-chunk-header-crc', 0, `chunk ${ctx.chunkIndex} header CRC32 mismatch; reading it anyway`);
  }
  let recordsEnd = header.freeSpaceOffset;
  const truncated = buf.length < CHUNK_SIZE;
  if (recordsEnd < CHUNK_HEADER_SIZE || recordsEnd > buf.length) {
    if (!truncated)
      ctx.report(
        'bad-chunk-header',
        48,
        `chunk ${ctx.chunkIndex} free-space offset ${recordsEnd} is out of range; scanning the whole chunk`,
      );
    recordsEnd = buf.length;
  } else if (checkCrc && chunkDataCrc(buf, recordsEnd) !== header.storedDataCrc) {
    ctx.report('bad-chunk-data-crc', CHUNK_HEADER_SIZE, `chunk ${ctx.chunkIndex} record data CRC32 mismatch; reading it anyway`);
  }

  let at = CHUNK_HEADER_SIZE;
  while (at + RECORD_HEADER_SIZE <= recordsEnd) {
    const size = recordSizeAt(buf, at);
    if (size > 0) {
      yield new ChunkRecord(ctx, at, size, false);
      at += size;
      continue;
    }
    const damagedSize = damagedRecordSize(buf, at, recordsEnd);
    if (damagedSize > 0) {
      ctx.report('bad-record', at, `record size copy at its end is damaged; reading the record anyway`);
      yield new ChunkRecord(ctx, at, damagedSize, false);
      at += damagedSize;
      continue;
    }
    const next = findNextRecord(buf, at + 1, recordsEnd);
    const resume = next === -1 ? recordsEnd : next;
    // Zero padding before the free-space offset is not damage; anything else is.
    if (!isAllZero(buf.subarray(at, resume))) {
      ctx.report('bad-record', at, `broken record framing; skipped ${resume - at} bytes${next === -1 ? ' to the end of the records' : ''}`);
    }
    at = resume;
  }
  if (recover) yield* carve(ctx, at, buf.length);
}

/** Records still framed intact in [from, end), e.g. overwritten or deleted ones in chunk slack. */
function* carve(ctx: ChunkContext, from: number, end: number): Generator<EvtxRecord> {
  const buf = ctx.buf;
  for (let at = findNextRecord(buf, from, end); at !== -1; at = findNextRecord(buf, at, end)) {
    const size = recordSizeAt(buf, at);
    if (buf[at + RECORD_HEADER_SIZE] === TOKEN_FRAGMENT_HEADER) {
      yield new ChunkRecord(ctx, at, size, true);
      at += size;
    } else {
      at += 1;
    }
  }
}
