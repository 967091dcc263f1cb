import type { FieldValue } from '../types.js';
import type { Derivation } from './derive.js';

/** How Elastic's integrations present one kind of event: its event.* facts and its ECS fields. */
export interface EcsMapping {
  /**
   * event.category, e.g. ['process'], ['registry'], ['authentication']: fixed per event id, since
   * EQL's `registry where` decides from it which rules see the event before it is decoded.
   */
  readonly category: readonly string[];
  /** event.type, e.g. ['start'], ['change'], ['creation']; `fields['event.type']` overrides it per record. */
  readonly type: readonly string[];
  /** event.action as the integration sets it; `fields['event.action']` overrides it per record. */
  readonly action?: string;
  /** ECS field name -> how it derives from the record (event.outcome, process.*, registry.*, ...). */
  readonly fields: Readonly<Record<string, Derivation>>;
}

/**
 * One entry of the event model: the records of a Sigma service (a channel) with these event ids,
 * and how Sigma and ECS field names derive from them. Everything else the views answer (System
 * fields, EventData by name, winlog.*) is common to all records.
 */
export interface EventSchema {
  /** The Sigma service whose channels log these events ('sysmon', 'security', 'system', ...). */
  readonly service: string;
  readonly eventIds: readonly number[];
  /** Absent where Elastic's integrations give the event no category-specific ECS fields. */
  readonly ecs?: EcsMapping;
  /**
   * Sigma names that differ from the event's own EventData names, as Sigma's Windows mappings rename
   * them (4688's NewProcessName answers Image); the rest resolve to EventData as written.
   */
  readonly sigma?: Readonly<Record<string, Derivation>>;
}

/** An event schema's fields as one map, for lookups per field name on the hot path. */
export function fieldMap(fields: Readonly<Record<string, Derivation>>): ReadonlyMap<string, Derivation> {
  return new Map(Object.entries(fields));
}

export type { Derivation, FieldValue };
