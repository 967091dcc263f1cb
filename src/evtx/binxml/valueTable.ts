import { BinXmlError } from '../errors.js';
import type { FileTimeFormatter } from '../values/time.js';
import type { ValueTable, XmlNode } from './nodes.js';

/** What a value table reads from its chunk (ChunkContext). */
export interface ValueTableChunk {
  readonly buf: Buffer;
  readonly fileTimes: FileTimeFormatter;
  /** Reserves `count` entries of the chunk's offset pool; returns the first index. */
  reserveOffsets(count: number): number;
  /** The pool of the last reservation. */
  readonly currentOffsetPool: Uint32Array;
  /** Decodes a nested BinXML value (type 0x21). */
  parseNestedBinXml(start: number, end: number, depth: number): XmlNode[];
}

/**
 * The substitution values of one template instance: u32 count, count x (u16 size, u8 type, u8 0),
 * then the values back to back. Values stay in the chunk buffer; only their offsets are kept.
 */
export class ChunkValueTable implements ValueTable {
  readonly count: number;
  private readonly descriptorStart: number;
  /** offsets[firstOffset + i] is the chunk offset of value i (a slice of the chunk's pool). */
  private readonly offsets: Uint32Array;
  private readonly firstOffset: number;
  /** Byte length of descriptors plus values, from the count field on. */
  readonly byteLength: number;
  private nested: (readonly XmlNode[])[] | undefined;

  /** `start` is the offset of the u32 value count; `end` bounds the values. */
  constructor(
    private readonly chunk: ValueTableChunk,
    start: number,
    end: number,
    private readonly depth: number,
  ) {
    const buf = chunk.buf;
    if (start + 4 > end) throw new BinXmlError(start, 'template instance value count runs past the record');
    const count = buf.readUInt32LE(start);
    const descriptorStart = start + 4;
    if (count > (end - descriptorStart) / 4) throw new BinXmlError(start, `template instance declares ${count} values, more than fit`);
    let at = descriptorStart + count * 4;
    const first = chunk.reserveOffsets(count);
    const pool = chunk.currentOffsetPool;
    for (let i = 0; i < count; i++) {
      pool[first + i] = at;
      at += buf[descriptorStart + i * 4] | (buf[descriptorStart + i * 4 + 1] << 8);
    }
    if (at > end) throw new BinXmlError(start, 'template instance values run past the record');
    this.count = count;
    this.descriptorStart = descriptorStart;
    this.offsets = pool;
    this.firstOffset = first;
    this.byteLength = at - start;
  }

  get buf(): Buffer {
    return this.chunk.buf;
  }

  get fileTimes(): FileTimeFormatter {
    return this.chunk.fileTimes;
  }

  type(index: number): number {
    return this.chunk.buf[this.descriptorStart + index * 4 + 2];
  }

  size(index: number): number {
    const buf = this.chunk.buf;
    const at = this.descriptorStart + index * 4;
    return buf[at] | (buf[at + 1] << 8);
  }

  offset(index: number): number {
    return this.offsets[this.firstOffset + index];
  }

  nestedNodes(index: number): readonly XmlNode[] {
    this.nested ??= new Array<readonly XmlNode[]>(this.count);
    let nodes = this.nested[index];
    if (nodes === undefined) {
      const start = this.offset(index);
      nodes = this.chunk.parseNestedBinXml(start, start + this.size(index), this.depth + 1);
      this.nested[index] = nodes;
    }
    return nodes;
  }
}
