import type { EvtxInteger } from '../evtx/index.js';
import { eventAccount } from '../events/account.js';
import { knownText } from '../events/processEvent.js';
import type { EventDataValue } from '../events/types.js';
import type { Hit } from '../hunt/hit.js';

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
 * JSON of toHitRecord(hit). JSON.stringify cannot write a bigint: a record id beyond 2^53 is
 * spliced in as its exact digits, still a JSON number, in its place between file and recovered.
 */
export function hitJson(hit: Hit): string {
  const record = toHitRecord(hit);
  if (typeof record.record_id === 'number') return JSON.stringify(record);
  const { rule, file, record_id, ...rest } = record;
  return JSON.stringify({ rule, file }).slice(0, -1) + ',"record_id":' + record_id + ',' + JSON.stringify(rest).slice(1);
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
