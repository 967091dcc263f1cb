/** A growable little-endian byte buffer whose positions map onto chunk offsets. */
export class ByteSink {
  private buffer: Buffer;
  private used = 0;

  /** `base` is the chunk offset the first byte will land at. */
  constructor(
    readonly base: number,
    initialCapacity = 4096,
  ) {
    this.buffer = Buffer.alloc(initialCapacity);
  }

  get length(): number {
    return this.used;
  }

  /** The chunk offset of the next byte written. */
  get chunkOffset(): number {
    return this.base + this.used;
  }

  u8(value: number): void {
    this.reserve(1);
    this.buffer.writeUInt8(value, this.used);
    this.used += 1;
  }

  u16(value: number): void {
    this.reserve(2);
    this.buffer.writeUInt16LE(value, this.used);
    this.used += 2;
  }

  u32(value: number): void {
    this.reserve(4);
    this.buffer.writeUInt32LE(value, this.used);
    this.used += 4;
  }

  u64(value: bigint): void {
    this.reserve(8);
    this.buffer.writeBigUInt64LE(value, this.used);
    this.used += 8;
  }

  bytes(data: Uint8Array): void {
    this.reserve(data.length);
    this.buffer.set(data, this.used);
    this.used += data.length;
  }

  utf16(text: string): void {
    const byteLength = text.length * 2;
    this.reserve(byteLength);
    this.buffer.write(text, this.used, byteLength, 'utf16le');
    this.used += byteLength;
  }

  /** Writes a u32 placeholder and returns its position for `patchU32`. */
  placeholderU32(): number {
    const position = this.used;
    this.u32(0);
    return position;
  }

  patchU16(position: number, value: number): void {
    this.buffer.writeUInt16LE(value, position);
  }

  patchU32(position: number, value: number): void {
    this.buffer.writeUInt32LE(value, position);
  }

  /** A view of the bytes written so far (shares memory until the next write). */
  view(): Buffer {
    return this.buffer.subarray(0, this.used);
  }

  private reserve(extra: number): void {
    const needed = this.used + extra;
    if (needed <= this.buffer.length) return;
    const grown = Buffer.alloc(Math.max(needed, this.buffer.length * 2));
    this.buffer.copy(grown, 0, 0, this.used);
    this.buffer = grown;
  }
}
