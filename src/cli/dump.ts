import type { TextSink } from '../output/formats.js';
import { EvtxFileError, jsonString, readEvtxFile, recordEventDataJson, type EvtxProblem, type EvtxRecord } from '../evtx/index.js';

export interface DumpResult {
  records: number;
  /** Files that could not be read at all (not EVTX, unreadable), with the reason. */
  unreadable: EvtxFileError[];
}

/** JSON of an optional string or number field: `null` stands for absent in this hand-built object. */
function jsonField(value: string | number | undefined): string {
  return value === undefined ? 'null' : typeof value === 'number' ? String(value) : jsonString(value);
}

/**
 * One JSONL object. Built by hand around JSON.stringify of the parts: cheaper than stringifying
 * a fresh object per record, and the file name is encoded once per file.
 */
function jsonRecord(record: EvtxRecord, fileJson: string): string {
  return (
    '{"file":' + fileJson +
    ',"record_id":' + (record.eventRecordId() ?? record.recordId) +
    ',"timestamp":' + jsonString(record.timeCreated() ?? record.written) +
    ',"event_id":' + jsonField(record.eventId()) +
    ',"provider":' + jsonField(record.provider()) +
    ',"channel":' + jsonField(record.channel()) +
    ',"computer":' + jsonField(record.computer()) +
    ',"event_data":' + recordEventDataJson(record) +
    '}'
  );
}

/**
 * Dumps every record of `files`: jsonl (one object per line), json (one array) or xml (records
 * inside <Events>). Damage is reported through `onProblem`; unreadable files are listed.
 */
export function runDump(
  files: string[],
  format: 'jsonl' | 'json' | 'xml',
  writer: TextSink,
  onProblem: (p: EvtxProblem) => void,
): DumpResult {
  const unreadable: EvtxFileError[] = [];
  let records = 0;
  if (format === 'json') writer.write('[');
  else if (format === 'xml') writer.write('<Events>\n');
  for (const file of files) {
    const fileJson = JSON.stringify(file);
    try {
      for (const record of readEvtxFile(file, { onProblem })) {
        if (format === 'xml') writer.write(record.toXml() + '\n');
        else if (format === 'json') writer.write((records === 0 ? '\n' : ',\n') + jsonRecord(record, fileJson));
        else writer.write(jsonRecord(record, fileJson) + '\n');
        records++;
      }
    } catch (err) {
      if (!(err instanceof EvtxFileError)) throw err;
      unreadable.push(err);
    }
  }
  if (format === 'json') writer.write(records === 0 ? ']\n' : '\n]\n');
  else if (format === 'xml') writer.write('</Events>\n');
  return { records, unreadable };
}
