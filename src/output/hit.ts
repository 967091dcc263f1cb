import type { EvtxInteger } from '../evtx/index.js';
import { eventAccount } from '../events/account.js';
import { knownText } from '../events/processEvent.js';
import type { EventDataValue } from '../events/types.js';
import type { EventLocation, Hit, HitEvent } from '../hunt/hit.js';

/** Where an event is, as JSONL and JSON write it: a hit's own event and each event of a multi-event hit. */
export interface EventLocationRecord {
  file: string;
  record_id: EvtxInteger;
  recovered: boolean;
  timestamp: string;
  event_id: number;
  channel: string;
  computer: string | null;
}

/** The machine-readable shape of a hit (JSONL, JSON), with stable snake_case keys. */
export interface HitRecord extends EventLocationRecord {
  rule: { id: string; title: string; level: string; source: string; file: string; tags: readonly string[] };
  process: {
    image: string | null;
    original_file_name: string | null;
    command_line: string | null;
    parent_image: string | null;
    parent_command_line: string | null;
    user: string | null;
    pid: number | null;
    parent_pid: number | null;
  } | null;
  /** The hit's evidence, labels as keys in the details table's order. */
  details: Readonly<Record<string, string>>;
  event_data: Readonly<Record<string, EventDataValue>>;
  /** Other files that hold the same event (empty when only `file` does). */
  also_in: readonly string[];
  /** A multi-event hit's events (EQL sequence, Sigma correlation), in order; null for a single-event hit. */
  events: readonly HitEventRecord[] | null;
}

/** One event of a multi-event hit, as JSONL and JSON write it. */
export interface HitEventRecord extends EventLocationRecord {
  details: Readonly<Record<string, string>>;
}

function toLocationRecord(event: EventLocation): EventLocationRecord {
  return {
    file: event.file,
    record_id: event.recordId,
    recovered: event.recovered,
    timestamp: event.timestamp,
    event_id: event.eventId,
    channel: event.channel,
    computer: event.computer ?? null,
  };
}

export function toHitEventRecord(event: HitEvent): HitEventRecord {
  return { ...toLocationRecord(event), details: Object.fromEntries(event.details) };
}

export function toHitRecord(hit: Hit): HitRecord {
  const p = hit.process;
  const { id, title, level, source, file, tags } = hit.rule;
  return {
    rule: { id, title, level, source, file, tags },
    ...toLocationRecord(hit),
    process:
      p === undefined
        ? null
        : {
            image: p.image ?? null,
            original_file_name: p.originalFileName ?? null,
            command_line: p.commandLine ?? null,
            parent_image: p.parentImage ?? null,
            parent_command_line: p.parentCommandLine ?? null,
            user: p.user ?? null,
            pid: p.pid ?? null,
            parent_pid: p.parentPid ?? null,
          },
    // fromEntries defines each label as an own property, `__proto__` from a hostile log's names too.
    details: Object.fromEntries(hit.details),
    event_data: hit.eventData,
    also_in: hit.alsoIn ?? [],
    events: hit.events?.map(toHitEventRecord) ?? null,
  };
}

/**
 * JSON of an object whose `record_id` may be a bigint, which JSON.stringify cannot write: the exact
 * digits are spliced in, still a JSON number, in its place (keys before it, then the rest).
 */
export function exactRecordIdJson<T extends { record_id: EvtxInteger }>(value: T, keysBefore: readonly (keyof T)[]): string {
  if (typeof value.record_id === 'number') return JSON.stringify(value);
  const before: Partial<T> = {};
  const after: Partial<T> = { ...value };
  for (const key of keysBefore) {
    before[key] = value[key];
    delete after[key];
  }
  delete after.record_id;
  const head = JSON.stringify(before).slice(0, -1);
  const tail = JSON.stringify(after).slice(1);
  return head + (head === '{' ? '' : ',') + '"record_id":' + value.record_id + (tail === '}' ? '' : ',') + tail;
}

/** JSON of a multi-event hit's events, each record id exact. */
export function hitEventsJson(events: readonly HitEventRecord[]): string {
  return '[' + events.map((event) => exactRecordIdJson(event, ['file'])).join(',') + ']';
}

/** JSON of toHitRecord(hit): every record id exact, also beyond 2^53 (exactRecordIdJson). */
export function hitJson(hit: Hit): string {
  const { events, ...record } = toHitRecord(hit);
  const json = exactRecordIdJson(record, ['rule', 'file']);
  return json.slice(0, -1) + ',"events":' + (events === null ? 'null' : hitEventsJson(events)) + '}';
}

/** What a report shows of a hit's process, falling back to EventData for non-process events. */
export function hitImage(hit: Hit): string {
  return hit.process?.image ?? knownText(hit.eventData, 'Image') ?? '';
}

export function hitCommandLine(hit: Hit): string {
  return hit.process?.commandLine ?? knownText(hit.eventData, 'CommandLine') ?? '';
}

/** The details as one line: `Label: value ¦ Label: value`. */
export function hitDetailsText(hit: Hit): string {
  return hit.details.map(([label, value]) => `${label}: ${value}`).join(' ¦ ');
}

export function hitUser(hit: Hit): string {
  return hit.process?.user ?? eventAccount(hit.channel, hit.eventId, hit.eventData) ?? '';
}

/** The other files as one line. */
export function alsoInText(hit: Hit): string {
  return (hit.alsoIn ?? []).join(' | ');
}

/** A multi-event hit's events as one line each joined by ` ‖ `: `time file #record channel event_id: details`. */
export function hitEventsText(hit: Hit): string {
  return (hit.events ?? [])
    .map(
      (event) =>
        `${event.timestamp} ${event.file} #${event.recordId}${event.recovered ? ' (carved)' : ''} ${event.channel} ${event.eventId}: ` +
        event.details.map(([label, value]) => `${label}: ${value}`).join(' ¦ '),
    )
    .join(' ‖ ');
}
