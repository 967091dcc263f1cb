/**
 * IEEE CRC32 (zlib), slicing-by-8 over 32-bit words: every chunk's records are checksummed on
 * every read, so this is a hot path (Node 20 has no zlib.crc32).
 */
const TABLES = buildTables();

function buildTables(): Int32Array {
  const t = new Int32Array(8 * 256);
  for (let n = 0; n < 256; n++) {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    t[n] = c;
  }
  for (let n = 0; n < 256; n++) {
    let c = t[n];
    for (let k = 1; k < 8; k++) {
      c = t[c & 0xff] ^ (c >>> 8);
      t[k * 256 + n] = c;
    }
  }
  return t;
}

const LITTLE_ENDIAN = new Uint8Array(new Uint32Array([1]).buffer)[0] === 1;

export function crc32(buf: Uint8Array, start: number, end: number, seed = 0): number {
  const t = TABLES;
  let crc = ~seed;
  let i = start;
  // Bytewise up to a 4-byte aligned address, then two aligned words per step.
  while (i < end && (buf.byteOffset + i) % 4 !== 0) crc = t[(crc ^ buf[i++]) & 0xff] ^ (crc >>> 8);
  if (LITTLE_ENDIAN && end - i >= 8) {
    const words = new Int32Array(buf.buffer, buf.byteOffset + i, (end - i) >>> 2);
    const pairs = words.length & ~1;
    for (let w = 0; w < pairs; w += 2) {
      const a = words[w] ^ crc;
      const b = words[w + 1];
      crc =
        t[1792 + (a & 0xff)] ^ t[1536 + ((a >>> 8) & 0xff)] ^ t[1280 + ((a >>> 16) & 0xff)] ^ t[1024 + (a >>> 24)] ^
        t[768 + (b & 0xff)] ^ t[512 + ((b >>> 8) & 0xff)] ^ t[256 + ((b >>> 16) & 0xff)] ^ t[b >>> 24];
    }
    i += pairs * 4;
  }
  for (; i < end; i++) crc = t[(crc ^ buf[i]) & 0xff] ^ (crc >>> 8);
  return ~crc >>> 0;
}
