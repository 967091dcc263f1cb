/**
 * Field offsets of the EVTX structures that the reader reads inline rather than exporting; the
 * sizes, magics and CRC ranges come from the reader's modules. Each table names the reader's place,
 * so that the two can move into one definition.
 */

/** File header fields, as parseFileHeader (src/evtx/fileHeader.ts) reads them. */
export const FILE_HEADER_FIELD = {
  oldestChunk: 8,
  currentChunk: 16,
  nextRecordId: 24,
  headerSize: 32,
  minorVersion: 36,
  majorVersion: 38,
  headerBlockSize: 40,
  chunkCount: 42,
  flags: 120,
  crc: 124,
} as const;

/** The used part of the file header block; src/evtx/reader.ts requires at least this many bytes. */
export const FILE_HEADER_USED = 128;

/** Chunk header fields, as parseChunkHeader (src/evtx/chunkHeader.ts) reads them. */
export const CHUNK_HEADER_FIELD = {
  firstRecordNumber: 8,
  lastRecordNumber: 16,
  firstRecordId: 24,
  lastRecordId: 32,
  headerSize: 40,
  lastRecordOffset: 44,
  freeSpaceOffset: 48,
  dataCrc: 52,
  flags: 120,
  headerCrc: 124,
} as const;

/**
 * The chunk header proper, which chunkHeaderCrc (src/evtx/chunkHeader.ts) covers with its first
 * range; the common-string and template tables follow it. The reader never reads the tables.
 */
export const CHUNK_HEADER_USED = 128;
export const NAME_BUCKETS = 64;
export const TEMPLATE_BUCKETS = 32;
export const NAME_TABLE_OFFSET = CHUNK_HEADER_USED;
export const TEMPLATE_TABLE_OFFSET = NAME_TABLE_OFFSET + 4 * NAME_BUCKETS;

/** Record fields after the magic, as recordSizeAt and ChunkRecord (src/evtx/record.ts) read them. */
export const RECORD_FIELD = {
  size: 4,
  recordId: 8,
  written: 16,
} as const;
