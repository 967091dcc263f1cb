import { CHUNK_HEADER_SIZE, CHUNK_MAGIC, chunkDataCrc, chunkHeaderCrc } from '../../src/evtx/chunkHeader.js';
import { CHUNK_SIZE } from '../../src/evtx/fileHeader.js';
import { RECORD_HEADER_SIZE, RECORD_MAGIC, RECORD_MIN_SIZE } from '../../src/evtx/record.js';
import { BinXmlEncoder } from './binxmlEncoder.js';
import { ByteSink } from './byteSink.js';
import { ChunkTables } from './chunkTables.js';
import { CHUNK_HEADER_FIELD, CHUNK_HEADER_USED, NAME_TABLE_OFFSET, RECORD_FIELD, TEMPLATE_TABLE_OFFSET } from './layout.js';

/** Windows pads records to 8 bytes. */
const RECORD_ALIGNMENT = 8;
/** libevtx (20181227) drops a record that ends exactly at the end of its chunk: keep a gap. */
const RECORDS_END_LIMIT = CHUNK_SIZE - RECORD_ALIGNMENT;
/** The chunk's flags: none set (its CRCs are valid). */
const NO_FLAGS = 0;

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
    const binXmlOffset = this.freeSpaceOffset + RECORD_HEADER_SIZE;
    const sink = new ByteSink(binXmlOffset);
    writeBinXml(new BinXmlEncoder(sink, this.tables, where));
    // RECORD_MIN_SIZE is the framing around the BinXML: the header and the trailing size copy.
    const recordSize = alignUp(RECORD_MIN_SIZE + sink.length, RECORD_ALIGNMENT);
    if (this.freeSpaceOffset + recordSize > RECORDS_END_LIMIT) {
      this.tables.rollback();
      return false;
    }
    this.tables.commit();
    const chunk = this.chunk;
    const offset = this.freeSpaceOffset;
    chunk.writeUInt32LE(RECORD_MAGIC, offset);
    chunk.writeUInt32LE(recordSize, offset + RECORD_FIELD.size);
    chunk.writeBigUInt64LE(recordId, offset + RECORD_FIELD.recordId);
    chunk.writeBigUInt64LE(written, offset + RECORD_FIELD.written);
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
    const F = CHUNK_HEADER_FIELD;
    CHUNK_MAGIC.copy(chunk, 0);
    chunk.writeBigUInt64LE(first, F.firstRecordNumber);
    chunk.writeBigUInt64LE(last, F.lastRecordNumber);
    chunk.writeBigUInt64LE(first, F.firstRecordId);
    chunk.writeBigUInt64LE(last, F.lastRecordId);
    chunk.writeUInt32LE(CHUNK_HEADER_USED, F.headerSize);
    chunk.writeUInt32LE(this.lastRecordOffset, F.lastRecordOffset);
    chunk.writeUInt32LE(this.freeSpaceOffset, F.freeSpaceOffset);
    chunk.writeUInt32LE(chunkDataCrc(chunk, this.freeSpaceOffset), F.dataCrc);
    this.tables.nameBuckets.forEach((head, i) => chunk.writeUInt32LE(head, NAME_TABLE_OFFSET + 4 * i));
    this.tables.templateBuckets.forEach((head, i) => chunk.writeUInt32LE(head, TEMPLATE_TABLE_OFFSET + 4 * i));
    chunk.writeUInt32LE(NO_FLAGS, F.flags);
    chunk.writeUInt32LE(chunkHeaderCrc(chunk), F.headerCrc);
    return chunk;
  }
}

function alignUp(value: number, alignment: number): number {
  return Math.ceil(value / alignment) * alignment;
}
