import { closeSync, constants, fstatSync, openSync, readSync } from 'node:fs';
import { parseChunk } from './chunk.js';
import { hasChunkMagic } from './chunkHeader.js';
import { EvtxFileError } from './errors.js';
import { CHUNK_SIZE, FILE_FLAG_NO_CRC32, FILE_HEADER_BLOCK_SIZE, FILE_HEADER_CHUNK_COUNT_OFFSET, parseFileHeader } from './fileHeader.js';
import { ReaderCaches } from './readerCaches.js';
import type { EvtxProblem, EvtxRecord, ReadOptions } from './types.js';

/** Chunks read per fs.readSync: one allocation per batch, since records keep their chunk alive. */
const CHUNKS_PER_READ = 4;
/** Chunk slots probed for a chunk signature when the file header is destroyed. */
const MAX_PROBED_SLOTS = 256;

function errorText(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}

/** Reads up to `length` bytes at `position`; returns the count actually read (short at end of file). */
function readAt(fd: number, buf: Buffer, length: number, position: number): number {
  let done = 0;
  while (done < length) {
    const n = readSync(fd, buf, done, length - done, position + done);
    if (n === 0) break;
    done += n;
  }
  return done;
}

function anyChunkSignature(fd: number, fileSize: number): boolean {
  const probe = Buffer.alloc(8);
  for (let slot = 0; slot < MAX_PROBED_SLOTS; slot++) {
    const position = FILE_HEADER_BLOCK_SIZE + slot * CHUNK_SIZE;
    if (position + CHUNK_SIZE > fileSize) return false;
    if (readAt(fd, probe, 8, position) === 8 && hasChunkMagic(probe)) return true;
  }
  return false;
}

/**
 * What reading a file's chunks takes from its header and size, checked once: the file's size when it
 * was opened, how many chunk slots that size holds (the last may be partial) and whether CRC32s
 * are checked. Ranges of chunks can then be read on their own (readEvtxChunks), e.g. by worker threads.
 */
export interface EvtxLayout {
  readonly size: number;
  readonly chunkCount: number;
  readonly verifyCrc: boolean;
}

type Report = (kind: EvtxProblem['kind'], offset: number, message: string, chunkIndex?: number) => void;

function reporter(path: string, onProblem: ReadOptions['onProblem']): Report {
  return (kind, offset, message, chunkIndex) =>
    onProblem?.({ file: path, offset, kind, message, ...(chunkIndex === undefined ? {} : { chunkIndex }) });
}

function openLog(path: string): number {
  try {
    // Non-blocking, so a FIFO or device put where a log was opens at once and is refused below
    // instead of blocking the run; reading a regular file is unaffected.
    return openSync(path, constants.O_RDONLY | constants.O_NONBLOCK);
  } catch (err) {
    throw new EvtxFileError(path, 0, `cannot open: ${errorText(err)}`);
  }
}

/** Checks the file header and size, reporting what is wrong with them; throws EvtxFileError for a file that is no EVTX. */
function readLayout(fd: number, path: string, report: Report): EvtxLayout {
  let fileSize: number;
  const headerBlock = Buffer.alloc(FILE_HEADER_BLOCK_SIZE);
  let headerBytes: number;
  try {
    const stat = fstatSync(fd);
    if (!stat.isFile()) throw new EvtxFileError(path, 0, 'not a regular file');
    fileSize = stat.size;
    headerBytes = readAt(fd, headerBlock, FILE_HEADER_BLOCK_SIZE, 0);
  } catch (err) {
    if (err instanceof EvtxFileError) throw err;
    throw new EvtxFileError(path, 0, `cannot read: ${errorText(err)}`);
  }
  if (headerBytes < 128) throw new EvtxFileError(path, 0, `only ${headerBytes} bytes: not an EVTX file`);
  const header = parseFileHeader(headerBlock);
  let verifyCrc = true;
  if (!header.magicOk) {
    if (!anyChunkSignature(fd, fileSize))
      throw new EvtxFileError(path, 0, 'no EVTX file signature and no chunk signature: not an EVTX file');
    report('bad-file-header', 0, 'file header signature is missing; reading chunks by position');
  } else {
    verifyCrc = (header.flags & FILE_FLAG_NO_CRC32) === 0;
    if (verifyCrc && !header.crcOk) report('bad-file-header-crc', 124, 'file header CRC32 mismatch');
  }
  const dataBytes = Math.max(0, fileSize - FILE_HEADER_BLOCK_SIZE);
  const slots = Math.ceil(dataBytes / CHUNK_SIZE);
  if (dataBytes % CHUNK_SIZE !== 0) {
    report(
      'truncated',
      FILE_HEADER_BLOCK_SIZE + (slots - 1) * CHUNK_SIZE,
      `file ends ${dataBytes % CHUNK_SIZE} bytes into chunk ${slots - 1}`,
      slots - 1,
    );
  } else if (header.magicOk && header.chunkCount > slots) {
    report('truncated', FILE_HEADER_CHUNK_COUNT_OFFSET, `header declares ${header.chunkCount} chunks, the file holds ${slots}`);
  }
  return { size: fileSize, chunkCount: slots, verifyCrc };
}

/**
 * The records of chunks [first, end) in CHUNKS_PER_READ batches counted from chunk 0, so a read
 * failure is reported at the same place however the file is divided. Returns false when reading
 * stopped early (a read failed, the file shrank): the chunks after it must not be read either.
 */
function* chunkRange(
  fd: number,
  path: string,
  layout: EvtxLayout,
  first: number,
  end: number,
  options: ReadOptions,
  report: Report,
): Generator<EvtxRecord, boolean> {
  const { onProblem, onProgress, recover = false, caches = new ReaderCaches() } = options;
  const { size: fileSize, verifyCrc } = layout;
  for (let batchStart = first; batchStart < end; batchStart = (Math.floor(batchStart / CHUNKS_PER_READ) + 1) * CHUNKS_PER_READ) {
    const batchEnd = Math.min(end, (Math.floor(batchStart / CHUNKS_PER_READ) + 1) * CHUNKS_PER_READ);
    const position = FILE_HEADER_BLOCK_SIZE + batchStart * CHUNK_SIZE;
    const wanted = Math.min((batchEnd - batchStart) * CHUNK_SIZE, fileSize - position);
    const batch = Buffer.allocUnsafe(wanted);
    let got: number;
    try {
      got = readAt(fd, batch, wanted, position);
    } catch (err) {
      report('truncated', position, `read failed: ${errorText(err)}`, batchStart);
      return false;
    }
    for (let i = 0; i * CHUNK_SIZE < got; i++) {
      const chunk = batch.subarray(i * CHUNK_SIZE, Math.min((i + 1) * CHUNK_SIZE, got));
      yield* parseChunk(chunk, batchStart + i, position + i * CHUNK_SIZE, path, onProblem, { recover, verifyCrc, caches });
    }
    onProgress?.(position + got, fileSize);
    if (got < wanted) {
      report('truncated', position + got, 'file shrank while being read');
      return false;
    }
  }
  return true;
}

/**
 * Streams the records of an EVTX file chunk by chunk (memory does not grow with file size).
 * Chunks are read by file size, whatever the header's chunk count says. Damage is reported via
 * `onProblem`; only a file that cannot be read at all or is not EVTX throws (EvtxFileError).
 */
export function* readEvtxFile(path: string, options: ReadOptions = {}): Generator<EvtxRecord> {
  const report = reporter(path, options.onProblem);
  const fd = openLog(path);
  try {
    const layout = readLayout(fd, path, report);
    yield* chunkRange(fd, path, layout, 0, layout.chunkCount, options, report);
  } finally {
    closeSync(fd);
  }
}

/**
 * Checks an EVTX file's header and size as readEvtxFile does first, with the same problems and the
 * same EvtxFileError for a file that cannot be read at all, and returns what readEvtxChunks needs.
 */
export function readEvtxLayout(path: string, onProblem?: ReadOptions['onProblem']): EvtxLayout {
  const fd = openLog(path);
  try {
    return readLayout(fd, path, reporter(path, onProblem));
  } finally {
    closeSync(fd);
  }
}

/**
 * The records of chunks [first, end) of a file whose layout readEvtxLayout read, with the problems
 * and progress readEvtxFile reports for those chunks; reading a file's ranges in order gives what
 * readEvtxFile gives after the header. Returns false when reading stopped early (a read failed, the
 * file shrank or can no longer be opened): the file's later chunks are not to be read.
 */
export function* readEvtxChunks(
  path: string,
  layout: EvtxLayout,
  first: number,
  end: number,
  options: ReadOptions = {},
): Generator<EvtxRecord, boolean> {
  const report = reporter(path, options.onProblem);
  let fd: number;
  try {
    fd = openSync(path, constants.O_RDONLY | constants.O_NONBLOCK);
  } catch (err) {
    report('truncated', FILE_HEADER_BLOCK_SIZE + first * CHUNK_SIZE, `read failed: cannot open: ${errorText(err)}`, first);
    return false;
  }
  try {
    return yield* chunkRange(fd, path, layout, first, Math.min(end, layout.chunkCount), options, report);
  } finally {
    closeSync(fd);
  }
}
