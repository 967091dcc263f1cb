import { BinXmlError } from './errors.js';

/** u32 next (hash-bucket chain), u16 hash, u16 char count; the chars and a u16 NUL follow. */
export const NAME_HEADER_SIZE = 8;
/** Names kept at most; bounds the table against files crafted to hold endless distinct names. */
const MAX_KNOWN_NAMES = 4096;

function sameChars(buf: Buffer, offset: number, text: string): boolean {
  for (let i = 0; i < text.length; i++) {
    if ((buf[offset + i * 2] | (buf[offset + i * 2 + 1] << 8)) !== text.charCodeAt(i)) return false;
  }
  return true;
}

/**
 * Names already decoded, by stored hash and length, across the chunks of a reader. Every chunk
 * spells out the same few hundred names again; comparing the chars is cheaper than decoding them,
 * and the strings are shared. Holds at most MAX_KNOWN_NAMES names and starts over when full.
 */
export class KnownNames {
  private readonly byKey = new Map<number, string>();

  /**
   * The text of the name structure at a chunk offset: u32 next (hash-bucket chain), u16 hash,
   * u16 char count, UTF-16LE chars, u16 NUL.
   */
  read(buf: Buffer, offset: number): string {
    if (offset + NAME_HEADER_SIZE > buf.length) throw new BinXmlError(offset, `name offset ${offset} outside the chunk`);
    const chars = buf.readUInt16LE(offset + 6);
    const end = offset + NAME_HEADER_SIZE + chars * 2;
    if (end + 2 > buf.length) throw new BinXmlError(offset, `name at ${offset} runs past the chunk`);
    // The stored hash is not trusted: it only picks the candidate, the chars decide.
    const key = buf.readUInt16LE(offset + 4) * 65536 + chars;
    const known = this.byKey.get(key);
    if (known !== undefined && sameChars(buf, offset + 8, known)) return known;
    const name = buf.toString('utf16le', offset + 8, end);
    if (this.byKey.size >= MAX_KNOWN_NAMES) this.byKey.clear();
    this.byKey.set(key, name);
    return name;
  }
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
