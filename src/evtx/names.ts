import { BinXmlError } from './errors.js';

/**
 * A name structure at a chunk offset: u32 next (hash-bucket chain), u16 hash, u16 char count,
 * UTF-16LE chars, u16 NUL. Returns the name text.
 */
export function readNameAt(buf: Buffer, offset: number): string {
  if (offset + 8 > buf.length) throw new BinXmlError(offset, `name offset ${offset} outside the chunk`);
  const chars = buf.readUInt16LE(offset + 6);
  const end = offset + 8 + chars * 2;
  if (end + 2 > buf.length) throw new BinXmlError(offset, `name at ${offset} runs past the chunk`);
  return buf.toString('utf16le', offset + 8, end);
}

/** Bytes a name structure occupies, for skipping one stored inline. */
export function nameStructSize(buf: Buffer, offset: number): number {
  return 10 + buf.readUInt16LE(offset + 6) * 2;
}

/** Name hash as stored in the name structure and used for the 64-bucket common-string table. */
export function nameHash(name: string): number {
  let h = 0;
  for (let i = 0; i < name.length; i++) h = (Math.imul(h, 65599) + name.charCodeAt(i)) >>> 0;
  return h & 0xffff;
}
