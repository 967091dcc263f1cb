import type { EvtxRecord } from '../evtx/index.js';
import type { RecordSink } from '../hunt/dump.js';
import type { TextSink } from './formats.js';
import { jsonRecord } from './recordJson.js';

export type DumpFormat = 'jsonl' | 'json' | 'xml';
export const DUMP_FORMATS: readonly DumpFormat[] = ['jsonl', 'json', 'xml'];

export interface RecordWriter extends RecordSink {
  /** Called once after the last record. */
  end(): void;
}

/** The file name as JSON, encoded once per file rather than per record. */
class FileJson {
  private file: string | undefined;
  private json = '';
  of(file: string): string {
    if (file !== this.file) {
      this.file = file;
      this.json = JSON.stringify(file);
    }
    return this.json;
  }
}

/** One object per line. */
class JsonlRecordWriter implements RecordWriter {
  private readonly fileJson = new FileJson();
  constructor(private readonly out: TextSink) {}
  write(record: EvtxRecord, file: string): void {
    this.out.write(jsonRecord(record, this.fileJson.of(file)) + '\n');
  }
  end(): void {}
}

/** One array. */
class JsonRecordWriter implements RecordWriter {
  private readonly fileJson = new FileJson();
  private first = true;
  constructor(private readonly out: TextSink) {
    out.write('[');
  }
  write(record: EvtxRecord, file: string): void {
    this.out.write((this.first ? '\n' : ',\n') + jsonRecord(record, this.fileJson.of(file)));
    this.first = false;
  }
  end(): void {
    this.out.write(this.first ? ']\n' : '\n]\n');
  }
}

/** The records' XML inside <Events>. */
class XmlRecordWriter implements RecordWriter {
  constructor(private readonly out: TextSink) {
    out.write('<Events>\n');
  }
  write(record: EvtxRecord): void {
    this.out.write(record.toXml() + '\n');
  }
  end(): void {
    this.out.write('</Events>\n');
  }
}

export function createRecordWriter(format: DumpFormat, out: TextSink): RecordWriter {
  switch (format) {
    case 'jsonl':
      return new JsonlRecordWriter(out);
    case 'json':
      return new JsonRecordWriter(out);
    case 'xml':
      return new XmlRecordWriter(out);
  }
}
