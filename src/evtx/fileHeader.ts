import { crc32 } from './crc32.js';

export const FILE_HEADER_BLOCK_SIZE = 4096;
export const CHUNK_SIZE = 65536;
// frozen after load: signature bytes, only ever compared against
export const FILE_MAGIC = Buffer.from('ElfFile\0', 'latin1');

/** Where the header's chunk count is, reported when the file holds fewer chunks. */
export const FILE_HEADER_CHUNK_COUNT_OFFSET = 42;
/** Header flags: 0x1 dirty and 0x2 full need no handling (chunks are read by file size anyway). */
export const FILE_FLAG_NO_CRC32 = 0x4;

/** The 128 used bytes of the 4096-byte file header block. */
export interface FileHeader {
  readonly magicOk: boolean;
  readonly oldestChunk: bigint;
  readonly currentChunk: bigint;
  readonly nextRecordId: bigint;
  readonly headerSize: number;
  readonly minorVersion: number;
  readonly majorVersion: number;
  readonly headerBlockSize: number;
  /** Chunk count as the header states it; may understate the chunks present. */
  readonly chunkCount: number;
  readonly flags: number;
  readonly storedCrc: number;
  /** False when the stored CRC32 of bytes 0-119 does not match. */
  readonly crcOk: boolean;
}

/** Parses a file header; `buf` must hold at least 128 bytes. */
export function parseFileHeader(buf: Buffer): FileHeader {
  const storedCrc = buf.readUInt32LE(124);
  return {
    magicOk: buf.compare(FILE_MAGIC, 0, 8, 0, 8) === 0,
    oldestChunk: buf.readBigUInt64LE(8),
    currentChunk: buf.readBigUInt64LE(16),
    nextRecordId: buf.readBigUInt64LE(24),
    headerSize: buf.readUInt32LE(32),
    minorVersion: buf.readUInt16LE(36),
    majorVersion: buf.readUInt16LE(38),
    headerBlockSize: buf.readUInt16LE(40),
    chunkCount: buf.readUInt16LE(FILE_HEADER_CHUNK_COUNT_OFFSET),
    flags: buf.readUInt32LE(120),
    storedCrc,
    crcOk: fileHeaderCrc(buf) === storedCrc,
  };
}

/** CRC32 of header bytes 0-119, as stored at offset 124. */
export function fileHeaderCrc(buf: Buffer): number {
  return crc32(buf, 0, 120);
}
