import { CHUNK_HEADER_SIZE, CHUNK_MAGIC, chunkDataCrc, chunkHeaderCrc } from '../chunkHeader.js';
import { CHUNK_SIZE } from '../fileHeader.js';
import { RECORD_MAGIC } from '../record.js';
import { BinXmlEncoder } from './binxmlEncoder.js';
import { ByteSink } from './byteSink.js';
import { ChunkTables, NAME_BUCKETS } from './chunkTables.js';

const CHUNK_HEADER_CRC_SIZE = 128;
const NAME_TABLE_OFFSET = 128;
const TEMPLATE_TABLE_OFFSET = NAME_TABLE_OFFSET + 4 * NAME_BUCKETS;
/** Magic, size, record id, FILETIME before the BinXML; size copy after it. */
const RECORD_OVERHEAD = 4 + 4 + 8 + 8 + 4;
/** Windows pads records to 8 bytes. */
const RECORD_ALIGNMENT = 8;
/** libevtx (20181227) drops a record that ends exactly at the end of its chunk: keep a gap. */
const RECORDS_END_LIMIT = CHUNK_SIZE - RECORD_ALIGNMENT;

export interface ChunkRecordRange {
  readonly firstRecordId: bigint;
  readonly lastRecordId: bigint;
}

/** Fills one 64 KiB chunk with records; `finish` writes the header, tables and CRCs. */
export class ChunkBuilder {
  private readonly chunk = Buffer.alloc(CHUNK_SIZE);
  private readonly tables = new ChunkTables();
  private freeSpaceOffset = CHUNK_HEADER_SIZE;
  private lastRecordOffset = 0;
  private range: ChunkRecordRange | undefined;

  get isEmpty(): boolean {
    return this.range === undefined;
  }

  get recordRange(): ChunkRecordRange | undefined {
    return this.range;
  }

  /**
   * Encodes a record at the end of the chunk. Returns false, leaving the chunk untouched,
   * when it does not fit.
   */
  tryAppend(recordId: bigint, written: bigint, where: string, writeBinXml: (encoder: BinXmlEncoder) => void): boolean {
    const binXmlOffset = this.freeSpaceOffset + 24;
    const sink = new ByteSink(binXmlOffset);
    writeBinXml(new BinXmlEncoder(sink, this.tables, where));
    const recordSize = alignUp(RECORD_OVERHEAD + sink.length, RECORD_ALIGNMENT);
    if (this.freeSpaceOffset + recordSize > RECORDS_END_LIMIT) {
      this.tables.rollback();
      return false;
    }
    this.tables.commit();
    const chunk = this.chunk;
    const offset = this.freeSpaceOffset;
    chunk.writeUInt32LE(RECORD_MAGIC, offset);
    chunk.writeUInt32LE(recordSize, offset + 4);
    chunk.writeBigUInt64LE(recordId, offset + 8);
    chunk.writeBigUInt64LE(written, offset + 16);
    sink.view().copy(chunk, binXmlOffset);
    chunk.writeUInt32LE(recordSize, offset + recordSize - 4);
    this.lastRecordOffset = offset;
    this.freeSpaceOffset = offset + recordSize;
    this.range = { firstRecordId: this.range?.firstRecordId ?? recordId, lastRecordId: recordId };
    return true;
  }

  /** The finished chunk. Record numbers equal record ids, as in a log that never wrapped. */
  finish(): Buffer {
    const chunk = this.chunk;
    const first = this.range?.firstRecordId ?? 0n;
    const last = this.range?.lastRecordId ?? 0n;
    CHUNK_MAGIC.copy(chunk, 0);
    chunk.writeBigUInt64LE(first, 8);
    chunk.writeBigUInt64LE(last, 16);
    chunk.writeBigUInt64LE(first, 24);
    chunk.writeBigUInt64LE(last, 32);
    chunk.writeUInt32LE(CHUNK_HEADER_CRC_SIZE, 40);
    chunk.writeUInt32LE(this.lastRecordOffset, 44);
    chunk.writeUInt32LE(this.freeSpaceOffset, 48);
    chunk.writeUInt32LE(chunkDataCrc(chunk, this.freeSpaceOffset), 52);
    this.tables.nameBuckets.forEach((head, i) => chunk.writeUInt32LE(head, NAME_TABLE_OFFSET + 4 * i));
    this.tables.templateBuckets.forEach((head, i) => chunk.writeUInt32LE(head, TEMPLATE_TABLE_OFFSET + 4 * i));
    chunk.writeUInt32LE(0, 120);
    chunk.writeUInt32LE(chunkHeaderCrc(chunk), 124);
    return chunk;
  }
}

function alignUp(value: number, alignment: number): number {
  return Math.ceil(value / alignment) * alignment;
}
