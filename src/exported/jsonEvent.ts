import { addEventDataValue, type EventDataValue, type EvtxInteger, type EvtxSystem } from '../evtx/index.js';
import type { ExportedEvent } from './record.js';
import { filetimeText, newEventData, parseInteger } from './values.js';
import { ExportedEventError, parseEventXml } from './xmlEvent.js';

/**
 * One JSON object of an export, in one of the shapes tools write events in, read into what the EVTX
 * reader gives for the same record:
 * - `hunt dump` (-f jsonl / json): `record_id`, `timestamp`, `event_id`, `provider`, `channel`,
 *   `computer`, `event_data`;
 * - evtx_dump (the Rust evtx crate, -o jsonl / json): `{"Event": {"System": ..., "EventData": ...}}`,
 *   attributes under `#attributes` (or beside as `Name_attributes` with --separate-json-attributes),
 *   typed values as JSON numbers and booleans, GUIDs without braces, times with 6 fraction digits;
 * - Winlogbeat and Elastic Agent (`winlog.*`, ECS): the raw XML in `event.original` when it was kept
 *   (`include_xml`), else `winlog.event_data` / `user_data` and the System fields under `winlog`.
 * What a shape does not hold stays absent (see README: "XML and JSON exports").
 */

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
type JsonObject = { [key: string]: Json };

const isObject = (value: Json | undefined): value is JsonObject => typeof value === 'object' && value !== null && !Array.isArray(value);

/** An integer too long for a double to keep exactly: JSON.parse would round it. */
const LONG_INTEGER = /\d{16,}/;

/** The text with every integer literal of 16 digits or more outside strings written as a string. */
function quoteLongIntegers(text: string): string {
  let out = '';
  let last = 0;
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (code === 0x22) {
      for (i++; i < text.length && text.charCodeAt(i) !== 0x22; i++) if (text.charCodeAt(i) === 0x5c) i++;
    } else if ((code >= 0x30 && code <= 0x39) || code === 0x2d) {
      let end = i + 1;
      while (end < text.length && /[0-9.eE+-]/.test(text[end])) end++;
      const literal = text.slice(i, end);
      if (/^-?\d{16,}$/.test(literal)) {
        out += text.slice(last, i) + '"' + literal + '"';
        last = end;
      }
      i = end - 1;
    }
  }
  return out + text.slice(last);
}

/** Parses an object's text; integers beyond a double's precision come as their digits (strings). */
export function parseJsonObject(text: string): JsonObject {
  let value: Json;
  try {
    value = JSON.parse(LONG_INTEGER.test(text) ? quoteLongIntegers(text) : text) as Json;
  } catch (error) {
    throw new ExportedEventError(`JSON not well-formed: ${error instanceof Error ? error.message : String(error)}`);
  }
  if (!isObject(value)) throw new ExportedEventError('not a JSON object');
  return value;
}

/** A scalar as text: numbers in decimal, booleans as the EVTX reader renders them, null as empty. */
function scalarText(value: Json | undefined): string | undefined {
  if (value === undefined) return undefined;
  if (value === null) return '';
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  return undefined;
}

function integerOf(value: Json | undefined): EvtxInteger | undefined {
  return parseInteger(scalarText(value));
}

function textField(value: Json | undefined): string | undefined {
  const text = scalarText(value);
  return text === undefined || text === '' ? undefined : text;
}

function setDefined(system: EvtxSystem, fields: { [K in keyof EvtxSystem]: EvtxSystem[K] | undefined }): EvtxSystem {
  for (const [key, value] of Object.entries(fields)) if (value !== undefined) (system as Record<string, unknown>)[key] = value;
  return system;
}

/** An event data value as JSON holds it: text, or a list of texts. */
function dataValue(value: Json, fixup: (text: string) => string = (text) => text): EventDataValue {
  if (Array.isArray(value)) return value.map((item) => fixup(scalarText(item) ?? JSON.stringify(item)));
  if (isObject(value)) {
    if ('#text' in value) return dataValue(value['#text'], fixup);
    return fixup(JSON.stringify(value));
  }
  return fixup(scalarText(value) ?? '');
}

// --- hunt dump ---

function fromHuntDump(object: JsonObject): ExportedEvent {
  const eventData = newEventData();
  const data = object['event_data'];
  if (isObject(data)) for (const [name, value] of Object.entries(data)) addEventDataValue(eventData, name, dataValue(value));
  const timestamp = textField(object['timestamp']);
  const system = setDefined(
    {},
    {
      eventRecordId: integerOf(object['record_id']),
      timeCreated: timestamp === undefined ? undefined : filetimeText(timestamp),
      eventId: integerOf(object['event_id']),
      provider: textField(object['provider']),
      channel: textField(object['channel']),
      computer: textField(object['computer']),
      userId: textField(object['user_id']),
    },
  );
  return { system, eventData };
}

// --- evtx_dump ---

const BARE_GUID = /^[0-9A-F]{8}-[0-9A-F]{4}-[0-9A-F]{4}-[0-9A-F]{4}-[0-9A-F]{12}$/;
const MICROSECOND_TIME = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{6}Z$/;

/** evtx_dump's renderings of typed values back to the EVTX reader's: GUIDs in braces, 7 fraction digits. */
function evtxDumpText(text: string): string {
  if (BARE_GUID.test(text)) return `{${text}}`;
  if (MICROSECOND_TIME.test(text)) return filetimeText(text);
  return text;
}

/** An element's attribute, nested (`#attributes`) or beside it (`Name_attributes`). */
function evtxDumpAttribute(parent: JsonObject, element: string, name: string): Json | undefined {
  const node = parent[element];
  const nested = isObject(node) ? node['#attributes'] : undefined;
  const attributes = isObject(nested) ? nested : parent[`${element}_attributes`];
  return isObject(attributes) ? attributes[name] : undefined;
}

/** An element's text, whether it has attributes (`{"#text": ..}`) or not. */
function evtxDumpElement(parent: JsonObject, element: string): Json | undefined {
  const node = parent[element];
  return isObject(node) ? node['#text'] : node;
}

function evtxDumpEventData(data: JsonObject, out: Record<string, EventDataValue>): void {
  for (const [name, value] of Object.entries(data)) {
    if (name === '#attributes' || name.endsWith('_attributes')) continue;
    addEventDataValue(out, name, dataValue(value, evtxDumpText));
  }
}

/** A repeated element name, which evtx_dump writes as `Name_1`, `Name_2`, ... beside `Name`. */
function baseName(name: string, siblings: JsonObject): string {
  const match = /^(.+)_\d+$/.exec(name);
  return match !== null && match[1] in siblings ? match[1] : name;
}

function evtxDumpLeaves(node: JsonObject, out: Record<string, EventDataValue>): void {
  for (const [name, value] of Object.entries(node)) {
    if (name === '#attributes' || name.endsWith('_attributes')) continue;
    if (isObject(value) && !('#text' in value) && Object.keys(value).some((key) => key !== '#attributes')) evtxDumpLeaves(value, out);
    else addEventDataValue(out, baseName(name, node), isObject(value) && !('#text' in value) ? '' : dataValue(value, evtxDumpText));
  }
}

function fromEvtxDump(event: JsonObject): ExportedEvent {
  const system = event['System'];
  if (!isObject(system)) throw new ExportedEventError('an evtx_dump event without System');
  const guid = textField(evtxDumpAttribute(system, 'Provider', 'Guid'));
  const time = textField(evtxDumpAttribute(system, 'TimeCreated', 'SystemTime'));
  const fields = setDefined(
    {},
    {
      provider:
        textField(evtxDumpAttribute(system, 'Provider', 'Name')) ?? textField(evtxDumpAttribute(system, 'Provider', 'EventSourceName')),
      providerGuid: guid === undefined ? undefined : evtxDumpText(guid),
      eventId: integerOf(evtxDumpElement(system, 'EventID')),
      version: integerOf(evtxDumpElement(system, 'Version')),
      level: integerOf(evtxDumpElement(system, 'Level')),
      task: integerOf(evtxDumpElement(system, 'Task')),
      opcode: integerOf(evtxDumpElement(system, 'Opcode')),
      keywords: textField(evtxDumpElement(system, 'Keywords')),
      timeCreated: time === undefined ? undefined : filetimeText(time),
      eventRecordId: integerOf(evtxDumpElement(system, 'EventRecordID')),
      activityId: textField(evtxDumpAttribute(system, 'Correlation', 'ActivityID')),
      processId: integerOf(evtxDumpAttribute(system, 'Execution', 'ProcessID')),
      threadId: integerOf(evtxDumpAttribute(system, 'Execution', 'ThreadID')),
      channel: textField(evtxDumpElement(system, 'Channel')),
      computer: textField(evtxDumpElement(system, 'Computer')),
      userId: textField(evtxDumpAttribute(system, 'Security', 'UserID')),
    },
  );
  const eventData = newEventData();
  const data = event['EventData'];
  if (isObject(data)) evtxDumpEventData(data, eventData);
  const userData = event['UserData'];
  if (isObject(userData)) evtxDumpLeaves(userData, eventData);
  return { system: fields, eventData };
}

// --- Winlogbeat / Elastic Agent ---

function fromWinlog(object: JsonObject, winlog: JsonObject): ExportedEvent {
  const event = object['event'];
  const original = isObject(event) ? event['original'] : undefined;
  if (typeof original === 'string' && original.trimStart().startsWith('<Event')) return parseEventXml(original);
  const process = winlog['process'];
  const thread = isObject(process) ? process['thread'] : undefined;
  const user = winlog['user'];
  const time = textField(winlog['time_created']) ?? textField(object['@timestamp']);
  const system = setDefined(
    {},
    {
      provider: textField(winlog['provider_name']) ?? (isObject(event) ? textField(event['provider']) : undefined),
      providerGuid: textField(winlog['provider_guid']),
      eventId: integerOf(winlog['event_id']) ?? (isObject(event) ? integerOf(event['code']) : undefined),
      version: integerOf(winlog['version']),
      timeCreated: time === undefined ? undefined : filetimeText(time),
      eventRecordId: integerOf(winlog['record_id']),
      activityId: textField(winlog['activity_id']),
      processId: isObject(process) ? integerOf(process['pid']) : undefined,
      threadId: isObject(thread) ? integerOf(thread['id']) : undefined,
      channel: textField(winlog['channel']),
      computer: textField(winlog['computer_name']),
      userId: isObject(user) ? textField(user['identifier']) : undefined,
    },
  );
  const eventData = newEventData();
  for (const key of ['event_data', 'user_data']) {
    const data = winlog[key];
    if (!isObject(data)) continue;
    for (const [name, value] of Object.entries(data)) {
      // The UserData root element's name, which Winlogbeat adds beside its leaves.
      if (key === 'user_data' && name === 'xml_name') continue;
      addEventDataValue(eventData, name, dataValue(value));
    }
  }
  return { system, eventData };
}

/** Which shape an object is in, or undefined for none this reader knows. */
export function jsonEventShape(object: JsonObject): 'hunt' | 'evtx_dump' | 'winlog' | undefined {
  if (isObject(object['winlog'])) return 'winlog';
  const event = object['Event'];
  if (isObject(event) && isObject(event['System'])) return 'evtx_dump';
  if ('event_data' in object && 'event_id' in object) return 'hunt';
  return undefined;
}

/** The event an object of a JSON export holds. */
export function parseEventJson(object: JsonObject): ExportedEvent {
  switch (jsonEventShape(object)) {
    case 'winlog':
      return fromWinlog(object, object['winlog'] as JsonObject);
    case 'evtx_dump':
      return fromEvtxDump(object['Event'] as JsonObject);
    case 'hunt':
      return fromHuntDump(object);
    case undefined:
      throw new ExportedEventError('a JSON object that is no event as hunt dump, evtx_dump or Winlogbeat write them');
  }
}
