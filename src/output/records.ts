import type { EvtxRecord } from '../evtx/index.js';
import { LogSourceTable } from '../events/logsource.js';
import type { RecordSink } from '../hunt/dump.js';
import { BULK_ACTION, EcsDocuments } from './ecs.js';
import type { TextSink } from './formats.js';
import { jsonRecord, recordJsonHead } from './recordJson.js';

import type { DumpFormat } from './formatNames.js';

export { DUMP_FORMATS, type DumpFormat } from './formatNames.js';

export interface RecordWriter extends RecordSink {
  /** Called once after the last record. */
  end(): void;
}

/** A record that could not be formatted: reported, and the other records are still written. */
export type RecordFormatError = (record: EvtxRecord, file: string, error: unknown) => void;

const rethrow: RecordFormatError = (_record, _file, error) => {
  throw error;
};

/** The start of every record's JSON for one file, worked out once per file rather than per record. */
class RecordJsonHead {
  private file: string | undefined;
  private head = '';
  of(file: string): string {
    if (file !== this.file) {
      this.file = file;
      this.head = recordJsonHead(file);
    }
    return this.head;
  }
}

/** A record's JSON, or undefined (reported) when formatting it failed. */
function recordJsonOrReport(record: EvtxRecord, file: string, heads: RecordJsonHead, onError: RecordFormatError): string | undefined {
  try {
    return jsonRecord(record, heads.of(file));
  } catch (error) {
    onError(record, file, error);
    return undefined;
  }
}

/** One object per line. */
class JsonlRecordWriter implements RecordWriter {
  private readonly heads = new RecordJsonHead();
  constructor(
    private readonly out: TextSink,
    private readonly onError: RecordFormatError,
  ) {}
  write(record: EvtxRecord, file: string): void {
    const json = recordJsonOrReport(record, file, this.heads, this.onError);
    if (json !== undefined) this.out.write(json + '\n');
  }
  end(): void {}
}

/** One array. */
class JsonRecordWriter implements RecordWriter {
  private readonly heads = new RecordJsonHead();
  private first = true;
  constructor(
    private readonly out: TextSink,
    private readonly onError: RecordFormatError,
  ) {
    out.write('[');
  }
  write(record: EvtxRecord, file: string): void {
    const json = recordJsonOrReport(record, file, this.heads, this.onError);
    if (json === undefined) return;
    this.out.write((this.first ? '\n' : ',\n') + json);
    this.first = false;
  }
  end(): void {
    this.out.write(this.first ? ']\n' : '\n]\n');
  }
}

/** The records' XML inside <Events>. */
class XmlRecordWriter implements RecordWriter {
  constructor(
    private readonly out: TextSink,
    private readonly onError: RecordFormatError,
  ) {
    out.write('<Events>\n');
  }
  write(record: EvtxRecord, file: string): void {
    let xml: string;
    try {
      xml = record.toXml();
    } catch (error) {
      this.onError(record, file, error);
      return;
    }
    this.out.write(xml + '\n');
  }
  end(): void {
    this.out.write('</Events>\n');
  }
}

/** Each record as an ECS event document (src/output/ecs.ts), one a line; with `bulk`, each after the bulk API's action line. */
class EcsRecordWriter implements RecordWriter {
  /** Owned by the writer: bounded, and gone with it. */
  private readonly documents = new EcsDocuments(new LogSourceTable());
  constructor(
    private readonly out: TextSink,
    private readonly bulk: boolean,
    private readonly onError: RecordFormatError,
  ) {}
  write(record: EvtxRecord, file: string): void {
    let line: string;
    try {
      line = JSON.stringify(this.documents.record(record, file)) + '\n';
    } catch (error) {
      this.onError(record, file, error);
      return;
    }
    this.out.write(this.bulk ? BULK_ACTION + line : line);
  }
  end(): void {}
}

/** The writer of `format`; a record that cannot be formatted goes to `onError` (the default rethrows). */
export function createRecordWriter(format: DumpFormat, out: TextSink, onError: RecordFormatError = rethrow): RecordWriter {
  switch (format) {
    case 'jsonl':
      return new JsonlRecordWriter(out, onError);
    case 'json':
      return new JsonRecordWriter(out, onError);
    case 'xml':
      return new XmlRecordWriter(out, onError);
    case 'ecs':
    case 'ecs-bulk':
      return new EcsRecordWriter(out, format === 'ecs-bulk', onError);
  }
}
