import { jsonString, recordEventDataJson, type EvtxRecord } from '../evtx/index.js';

/** JSON of an optional string or number field: `null` stands for absent in this hand-built object. */
function jsonField(value: string | number | undefined): string {
  return value === undefined ? 'null' : typeof value === 'number' ? String(value) : jsonString(value);
}

/** What every record of `file` starts with: its file name is encoded once per file, not per record. */
export function recordJsonHead(file: string): string {
  return '{"file":' + jsonString(file) + ',"record_id":';
}

/**
 * One record as a JSON object (hunt dump), after `head` (recordJsonHead of its file). Built by hand
 * around the JSON of the parts: cheaper than stringifying a fresh object per record.
 */
export function jsonRecord(record: EvtxRecord, head: string): string {
  return (
    head +
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
    ',"user_id":' +
    jsonField(record.userId()) +
    ',"event_data":' +
    recordEventDataJson(record) +
    '}'
  );
}
