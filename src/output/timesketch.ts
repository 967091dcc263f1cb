/**
 * Timesketch's import format: the three columns its importer requires (`message`, `datetime`,
 * `timestamp_desc`) and the fields of Hayabusa's `timesketch-verbose` profile (rule, level, ATT&CK
 * tactics and tags, computer, channel, event id, record id, details, rule file, log file), as CSV or
 * JSON lines.
 */
import type { Hit } from '../hunt/hit.js';
import { alsoInText, hitDetailsText, hitEventsText } from './hit.js';

/** What `timestamp_desc` says the time is: the event's TimeCreated. */
export const TIMESTAMP_DESC = 'Event Time';

/** One hit's Timesketch fields, in column order. */
export interface TimesketchRow {
  message: string;
  datetime: string;
  timestamp_desc: string;
  /** Microseconds since 1970 (UTC), which Timesketch reads as the event's time when present. */
  timestamp: number;
  rule_title: string;
  level: string;
  mitre_tactics: string[];
  mitre_tags: string[];
  other_tags: string[];
  computer: string;
  channel: string;
  event_id: number;
  record_id: string;
  recovered: boolean;
  details: string;
  rule_id: string;
  rule_source: string;
  rule_file: string;
  evtx_file: string;
  also_in: string;
  events: string;
}

export const TIMESKETCH_COLUMNS: readonly (keyof TimesketchRow)[] = [
  'message',
  'datetime',
  'timestamp_desc',
  'timestamp',
  'rule_title',
  'level',
  'mitre_tactics',
  'mitre_tags',
  'other_tags',
  'computer',
  'channel',
  'event_id',
  'record_id',
  'recovered',
  'details',
  'rule_id',
  'rule_source',
  'rule_file',
  'evtx_file',
  'also_in',
  'events',
];

/**
 * ISO 8601 with an explicit offset and microseconds, as Timesketch's importer parses it:
 * `2024-03-11T10:43:56.1234567Z` -> `2024-03-11T10:43:56.123456+00:00`.
 */
export function timesketchDatetime(iso: string): string {
  const match = /^(\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2})(?:\.(\d+))?Z$/.exec(iso);
  if (match === null) return iso;
  return `${match[1]}.${(match[2] ?? '').padEnd(6, '0').slice(0, 6)}+00:00`;
}

function microseconds(iso: string): number {
  const match = /^(\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2})(?:\.(\d+))?Z$/.exec(iso);
  if (match === null) return Number.NaN;
  return Date.parse(`${match[1]}Z`) * 1000 + Number((match[2] ?? '').padEnd(6, '0').slice(0, 6));
}

/** Hayabusa's split of a rule's tags: ATT&CK tactics (`attack.execution`), ATT&CK ids (`attack.t1059.001`, groups, software), the rest. */
function splitTags(tags: readonly string[]): Pick<TimesketchRow, 'mitre_tactics' | 'mitre_tags' | 'other_tags'> {
  const tactics: string[] = [];
  const ids: string[] = [];
  const other: string[] = [];
  for (const tag of tags) {
    const attack = /^attack\.(.+)$/i.exec(tag)?.[1];
    if (attack === undefined) other.push(tag);
    else if (/^[tgs]\d{4}(?:\.\d{3})?$/i.test(attack)) ids.push(attack.toUpperCase());
    else tactics.push(attack);
  }
  return { mitre_tactics: tactics, mitre_tags: ids, other_tags: other };
}

export function timesketchRow(hit: Hit): TimesketchRow {
  const details = hitDetailsText(hit);
  return {
    message: details === '' ? hit.rule.title : `${hit.rule.title}: ${details}`,
    datetime: timesketchDatetime(hit.timestamp),
    timestamp_desc: TIMESTAMP_DESC,
    timestamp: microseconds(hit.timestamp),
    rule_title: hit.rule.title,
    level: hit.rule.level,
    ...splitTags(hit.rule.tags),
    computer: hit.computer ?? '',
    channel: hit.channel,
    event_id: hit.eventId,
    record_id: String(hit.recordId),
    recovered: hit.recovered,
    details,
    rule_id: hit.rule.id,
    rule_source: hit.rule.source,
    rule_file: hit.rule.file,
    evtx_file: hit.file,
    also_in: alsoInText(hit),
    events: hitEventsText(hit),
  };
}
