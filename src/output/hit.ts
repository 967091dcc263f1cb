import type { EvtxInteger } from '../evtx/index.js';
import { eventAccount } from '../events/account.js';
import { knownText } from '../events/processEvent.js';
import type { EventDataValue } from '../events/types.js';
import type { Hit, HitEvent } from '../hunt/hit.js';

/** The machine-readable shape of a hit (JSONL, JSON), with stable snake_case keys. */
export interface HitRecord {
  rule: { id: string; title: string; level: string; source: string; file: string; tags: readonly string[] };
  file: string;
  record_id: EvtxInteger;
  recovered: boolean;
  timestamp: string;
  event_id: number;
  channel: string;
  computer: string | null;
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
}

export function toHitRecord(hit: Hit): HitRecord {
  const p = hit.process;
  const { id, title, level, source, file, tags } = hit.rule;
  return {
    rule: { id, title, level, source, file, tags },
    file: hit.file,
    record_id: hit.recordId,
    recovered: hit.recovered,
    timestamp: hit.timestamp,
    event_id: hit.eventId,
    channel: hit.channel,
    computer: hit.computer ?? null,
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
  };
}

/**
 * JSON of toHitRecord(hit), with `also_in` (other files holding the event) and `events` (each event
 * of a multi-event hit) when the hit has them. Record ids beyond 2^53 are written exactly.
 */
export function hitJson(hit: Hit): string {
  const single = withExactRecordId(toHitRecord(hit));
  if (hit.alsoIn === undefined && hit.events === undefined) return single;
  const alsoIn = hit.alsoIn === undefined ? '' : `,"also_in":${JSON.stringify(hit.alsoIn)}`;
  const events =
    hit.events === undefined ? '' : `,"events":[${hit.events.map((event) => withExactRecordId(toEventRecord(event))).join(',')}]`;
  return single.slice(0, -1) + alsoIn + events + '}';
}

/** One event of a multi-event hit (JSONL, JSON): the keys of a hit's own event. */
export interface HitEventRecord {
  file: string;
  record_id: EvtxInteger;
  recovered: boolean;
  timestamp: string;
  event_id: number;
  channel: string;
  computer: string | null;
  details: Readonly<Record<string, string>>;
}

export function toEventRecord(event: HitEvent): HitEventRecord {
  return {
    file: event.file,
    record_id: event.recordId,
    recovered: event.recovered,
    timestamp: event.timestamp,
    event_id: event.eventId,
    channel: event.channel,
    computer: event.computer ?? null,
    details: Object.fromEntries(event.details),
  };
}

/**
 * JSON of a record with a `record_id`. JSON.stringify cannot write a bigint: a record id beyond
 * 2^53 is spliced in as its exact digits, still a JSON number, in its place after the keys before it.
 */
function withExactRecordId<R extends { record_id: EvtxInteger }>(record: R): string {
  if (typeof record.record_id === 'number') return JSON.stringify(record);
  const keys = Object.keys(record);
  const at = keys.indexOf('record_id');
  const pick = (names: string[]) => Object.fromEntries(names.map((name) => [name, (record as Record<string, unknown>)[name]]));
  const before = at === 0 ? '{' : JSON.stringify(pick(keys.slice(0, at))).slice(0, -1) + ',';
  const after = at === keys.length - 1 ? '}' : ',' + JSON.stringify(pick(keys.slice(at + 1))).slice(1);
  return before + '"record_id":' + record.record_id + after;
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
