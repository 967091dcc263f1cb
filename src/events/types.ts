/**
 * The contract between normalization (src/events) and detection (src/rules).
 * Rule engines see events only through these types.
 */
export type { EventDataValue } from '../evtx/index.js';

/** A field value as rules see it. Arrays are multi-valued fields (process.args). */
export type FieldValue = string | number | boolean | readonly string[];

/** Looks fields up by name; `undefined` means the event does not have the field. */
export interface FieldSource {
  get(name: string): FieldValue | undefined;
  /** Every value of the event, for Sigma keyword (field-less) searches. */
  values(): Iterable<string>;
}

/** A source without fields: what a rule's log source is probed with before any record is read. */
export const EMPTY_FIELDS: Readonly<FieldSource> = { get: () => undefined, values: () => [] };

/** What Sigma's `logsource` and EQL's event category are matched against. */
export interface LogSourceFacts {
  readonly product: 'windows';
  /** Sigma service names of the event's channel ('sysmon', 'security', ...): some channels have two. */
  readonly services: readonly string[];
  /** Sigma categories this event belongs to: 'process_creation', 'network_connection', ... */
  readonly categories: readonly string[];
  /** ECS event.category values: 'process' for process starts. */
  readonly ecsCategories: readonly string[];
  readonly channel: string;
  readonly eventId: number;
}

/** One event, ready for detection: Sigma field names and ECS names over the same record. */
export interface DetectableEvent {
  readonly logsource: LogSourceFacts;
  readonly sigma: FieldSource;
  readonly ecs: FieldSource;
}
