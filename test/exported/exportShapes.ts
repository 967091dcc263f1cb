/**
 * Exports of `hunt dump -f jsonl` records in the JSON shapes of tools not installed here, written as
 * those tools write them (src/exported/jsonEvent.ts names the sources): the Rust evtx crate's
 * `evtx_dump -o jsonl` and Winlogbeat's NDJSON. Only what those tools lose on the way is lost.
 */

export interface DumpRecord {
  readonly record_id: number | string;
  readonly timestamp: string;
  readonly event_id: number | null;
  readonly provider: string | null;
  readonly channel: string | null;
  readonly computer: string | null;
  readonly user_id: string | null;
  readonly event_data: Record<string, string | string[]>;
}

const BRACED_GUID = /^\{([0-9A-F]{8}-[0-9A-F]{4}-[0-9A-F]{4}-[0-9A-F]{4}-[0-9A-F]{12})\}$/;
const FILETIME = /^(\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{6})\dZ$/;

/** A value as evtx_dump renders its type: GUIDs without braces, times to the microsecond, small integers as numbers. */
function evtxDumpValue(text: string): string | number {
  const guid = BRACED_GUID.exec(text);
  if (guid !== null) return guid[1]!;
  const time = FILETIME.exec(text);
  if (time !== null) return `${time[1]}Z`;
  return /^(?:0|[1-9][0-9]{0,8})$/.test(text) ? Number(text) : text;
}

/** One line of `evtx_dump -o jsonl`; `userId`: the System part's Security UserID. */
export function evtxDumpLine(record: DumpRecord, userId: string | undefined): string {
  const eventData: Record<string, unknown> = {};
  for (const [name, value] of Object.entries(record.event_data)) {
    eventData[name] = typeof value === 'string' ? evtxDumpValue(value) : name === 'Data' ? { '#text': value } : value.map(evtxDumpValue);
  }
  const time = FILETIME.exec(record.timestamp);
  return JSON.stringify({
    Event: {
      '#attributes': { xmlns: 'http://schemas.microsoft.com/win/2004/08/events/event' },
      System: {
        Provider: { '#attributes': { Name: record.provider } },
        EventID: record.event_id,
        TimeCreated: { '#attributes': { SystemTime: time === null ? record.timestamp : `${time[1]}Z` } },
        EventRecordID: typeof record.record_id === 'number' ? record.record_id : record.record_id,
        Channel: record.channel,
        Computer: record.computer,
        Security: userId === undefined ? null : { '#attributes': { UserID: userId } },
      },
      EventData: Object.keys(eventData).length === 0 ? null : eventData,
    },
  });
}

/** One line of Winlogbeat's NDJSON: event data without empty values, unnamed items as paramN, CRLF as LF, keys sorted. */
export function winlogbeatLine(record: DumpRecord, userId: string | undefined): string {
  const pairs: [string, string][] = [];
  for (const [name, value] of Object.entries(record.event_data)) {
    for (const item of typeof value === 'string' ? [value] : value) pairs.push([name, item]);
  }
  const eventData: Record<string, string> = {};
  pairs.forEach(([name, value], index) => {
    if (value === '') return;
    const key = name === 'Data' ? `param${index + 1}` : name;
    if (!(key in eventData)) eventData[key] = value.replace(/\r\n/g, '\n');
  });
  const sorted = Object.fromEntries(Object.entries(eventData).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
  // Go's RFC 3339 with nanoseconds drops trailing zeros.
  const timestamp = record.timestamp.replace(/\.?0+Z$/, 'Z');
  return JSON.stringify({
    '@timestamp': timestamp,
    event: { code: String(record.event_id), kind: 'event', provider: record.provider },
    host: { name: record.computer },
    winlog: {
      channel: record.channel,
      computer_name: record.computer,
      event_data: sorted,
      event_id: String(record.event_id),
      provider_name: record.provider,
      record_id: record.record_id,
      ...(userId === undefined ? {} : { user: { identifier: userId } }),
    },
  });
}
