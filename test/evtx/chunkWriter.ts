import { crc32 } from '../../src/evtx/crc32.js';
import { nameHash } from '../../src/evtx/names.js';

/** Test helper: writes BinXML tokens, records and a chunk header into a 64 KiB chunk buffer. */
export class ChunkWriter {
  readonly buf = Buffer.alloc(65536);
  pos = 512;

  u8(v: number): this {
    this.buf[this.pos++] = v;
    return this;
  }
  u16(v: number): this {
    this.buf.writeUInt16LE(v, this.pos);
    this.pos += 2;
    return this;
  }
  u32(v: number): this {
    this.buf.writeUInt32LE(v >>> 0, this.pos);
    this.pos += 4;
    return this;
  }
  bytes(b: Uint8Array): this {
    this.buf.set(b, this.pos);
    this.pos += b.length;
    return this;
  }
  utf16(s: string): this {
    this.pos += this.buf.write(s, this.pos, 'utf16le');
    return this;
  }

  /** A name stored inline: its offset is the position right after the reference. */
  name(s: string): this {
    this.u32(this.pos + 4)
      .u32(0)
      .u16(nameHash(s))
      .u16(s.length)
      .utf16(s)
      .u16(0);
    return this;
  }
  /** A reference to a name stored earlier in the chunk. */
  nameRef(offset: number): this {
    return this.u32(offset);
  }

  fragment(): this {
    return this.u8(0x0f).u8(1).u8(1).u8(0);
  }
  eos(): this {
    return this.u8(0x00);
  }
  open(name: string, opts: { attributes?: boolean; dependencyId?: boolean } = {}): this {
    this.u8(opts.attributes ? 0x41 : 0x01);
    if (opts.dependencyId ?? true) this.u16(0xffff);
    this.u32(0).name(name);
    if (opts.attributes) this.u32(0);
    return this;
  }
  attribute(name: string): this {
    return this.u8(0x06).name(name);
  }
  closeStart(): this {
    return this.u8(0x02);
  }
  closeEmpty(): this {
    return this.u8(0x03);
  }
  end(): this {
    return this.u8(0x04);
  }
  text(s: string): this {
    return this.u8(0x05).u8(0x01).u16(s.length).utf16(s);
  }
  cdata(s: string): this {
    return this.u8(0x07).u16(s.length).utf16(s);
  }
  charRef(code: number): this {
    return this.u8(0x08).u16(code);
  }
  entityRef(name: string): this {
    return this.u8(0x09).name(name);
  }
  pi(target: string, data: string): this {
    return this.u8(0x0a).name(target).u8(0x0b).u16(data.length).utf16(data);
  }
  subst(index: number, type: number, optional = false): this {
    return this.u8(optional ? 0x0e : 0x0d)
      .u16(index)
      .u8(type);
  }

  /** Template instance with an inline definition; returns the definition offset. */
  inlineTemplate(body: (w: this) => void): number {
    this.u8(0x0c).u8(1).u32(0x1234);
    const defOffset = this.pos + 4;
    this.u32(defOffset);
    this.u32(0).bytes(Buffer.alloc(16, 0xab));
    const sizeAt = this.pos;
    this.u32(0);
    const bodyStart = this.pos;
    body(this);
    this.buf.writeUInt32LE(this.pos - bodyStart, sizeAt);
    return defOffset;
  }
  templateRef(defOffset: number): this {
    return this.u8(0x0c).u8(1).u32(0x1234).u32(defOffset);
  }

  values(values: { type: number; data: Uint8Array }[]): this {
    this.u32(values.length);
    for (const v of values) this.u16(v.data.length).u8(v.type).u8(0);
    for (const v of values) this.bytes(v.data);
    return this;
  }

  /** A record around `body`; returns its chunk offset. */
  record(id: number, filetime: bigint, body: (w: this) => void): number {
    const start = this.pos;
    this.u32(0x2a2a).u32(0).u32(id).u32(0);
    this.buf.writeBigUInt64LE(filetime, this.pos);
    this.pos += 8;
    body(this);
    const size = this.pos + 4 - start;
    this.u32(size);
    this.buf.writeUInt32LE(size, start + 4);
    return start;
  }

  /** Writes the chunk header with valid CRCs and returns the chunk. */
  finish(firstId = 1, lastId = 1): Buffer {
    const b = this.buf;
    b.write('ElfChnk\0', 0, 'latin1');
    b.writeBigUInt64LE(BigInt(firstId), 8);
    b.writeBigUInt64LE(BigInt(lastId), 16);
    b.writeBigUInt64LE(BigInt(firstId), 24);
    b.writeBigUInt64LE(BigInt(lastId), 32);
    b.writeUInt32LE(128, 40);
    b.writeUInt32LE(512, 44);
    b.writeUInt32LE(this.pos, 48);
    b.writeUInt32LE(crc32(b, 512, this.pos), 52);
    b.writeUInt32LE(crc32(b, 128, 512, crc32(b, 0, 120)), 124);
    return b;
  }
}

export function u16(v: number): Buffer {
  const b = Buffer.alloc(2);
  b.writeUInt16LE(v);
  return b;
}
export function u32(v: number): Buffer {
  const b = Buffer.alloc(4);
  b.writeUInt32LE(v >>> 0);
  return b;
}
export function u64(v: bigint): Buffer {
  const b = Buffer.alloc(8);
  b.writeBigUInt64LE(v);
  return b;
}
export function utf16z(s: string): Buffer {
  return Buffer.from(s + '\0', 'utf16le');
}

/** A file header block (4096 bytes) for `chunks` chunks, with a valid CRC. */
export function fileHeader(chunks: number, flags = 0): Buffer {
  const h = Buffer.alloc(4096);
  h.write('ElfFile\0', 0, 'latin1');
  h.writeBigUInt64LE(BigInt(Math.max(0, chunks - 1)), 16);
  h.writeUInt32LE(128, 32);
  h.writeUInt16LE(1, 36);
  h.writeUInt16LE(3, 38);
  h.writeUInt16LE(4096, 40);
  h.writeUInt16LE(chunks, 42);
  h.writeUInt32LE(flags, 120);
  h.writeUInt32LE(crc32(h, 0, 120), 124);
  return h;
}
