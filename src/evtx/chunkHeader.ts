import { crc32 } from './crc32.js';

export const CHUNK_HEADER_SIZE = 512;
// frozen after load: signature bytes, only ever compared against
export const CHUNK_MAGIC = Buffer.from('ElfChnk\0', 'latin1');
export const CHUNK_FLAG_NO_CRC32 = 0x4;

/** The 512-byte chunk header. Offsets are relative to the chunk start. */
export interface ChunkHeader {
  readonly magicOk: boolean;
  readonly firstRecordNumber: bigint;
  readonly lastRecordNumber: bigint;
  readonly firstRecordId: bigint;
  readonly lastRecordId: bigint;
  readonly headerSize: number;
  readonly lastRecordOffset: number;
  readonly freeSpaceOffset: number;
  readonly storedDataCrc: number;
  readonly flags: number;
  readonly storedHeaderCrc: number;
}

export function hasChunkMagic(buf: Buffer, offset = 0): boolean {
  return buf.length >= offset + 8 && buf.compare(CHUNK_MAGIC, 0, 8, offset, offset + 8) === 0;
}

/** Parses a chunk header; `buf` must hold at least 512 bytes. */
export function parseChunkHeader(buf: Buffer): ChunkHeader {
  return {
    magicOk: hasChunkMagic(buf),
    firstRecordNumber: buf.readBigUInt64LE(8),
    lastRecordNumber: buf.readBigUInt64LE(16),
    firstRecordId: buf.readBigUInt64LE(24),
    lastRecordId: buf.readBigUInt64LE(32),
    headerSize: buf.readUInt32LE(40),
    lastRecordOffset: buf.readUInt32LE(44),
    freeSpaceOffset: buf.readUInt32LE(48),
    storedDataCrc: buf.readUInt32LE(52),
    flags: buf.readUInt32LE(120),
    storedHeaderCrc: buf.readUInt32LE(124),
  };
}

/** CRC32 of header bytes 0-119 and 128-511, as stored at offset 124. */
export function chunkHeaderCrc(buf: Buffer): number {
  return crc32(buf, 128, CHUNK_HEADER_SIZE, crc32(buf, 0, 120));
}

/** CRC32 of the record area, 512 .. free-space offset, as stored at offset 52. */
export function chunkDataCrc(buf: Buffer, freeSpaceOffset: number): number {
  return crc32(buf, CHUNK_HEADER_SIZE, freeSpaceOffset);
}
