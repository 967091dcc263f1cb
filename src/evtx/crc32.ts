import { crc32 as zlibCrc32 } from 'node:zlib';

/** IEEE CRC32 (zlib's, native) of buf[start, end), continuing from `seed`. */
export function crc32(buf: Uint8Array, start: number, end: number, seed = 0): number {
  return zlibCrc32(buf.subarray(start, end), seed);
}
