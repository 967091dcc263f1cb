import { jsonString, recordEventDataJson, type EvtxRecord } from '../evtx/index.js';

/** JSON of an optional string or number field: `null` stands for absent in this hand-built object. */
function jsonField(value: string | number | undefined): string {
  return value === undefined ? 'null' : typeof value === 'number' ? String(value) : jsonString(value);
}

/**
 * One record as a JSON object (hunt dump). Built by hand around JSON.stringify of the parts: cheaper
 * than stringifying a fresh object per record, and the file name comes encoded, once per file.
 */
export function jsonRecord(record: EvtxRecord, fileJson: string): string {
  return (
    '{"file":' +
    fileJson +
    ',"record_id":' +
    (record.eventRecordId() ?? record.recordId) +
    ',"timestamp":' +
    jsonString(record.timeCreated() ?? record.written) +
    ',"event_id":' +
    jsonField(record.eventId()) +
    ',"provider":' +
    jsonField(record.provider()) +
    ',"channel":' +
    jsonField(record.channel()) +
    ',"computer":' +
    jsonField(record.computer()) +
    ',"event_data":' +
    recordEventDataJson(record) +
    '}'
  );
}
