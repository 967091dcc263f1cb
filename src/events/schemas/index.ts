/** The event model: every log source's schema, looked up by (service, event id). */
import { fieldMap, type EventSchema } from '../model/schema.js';
import type { Derivation } from '../model/derive.js';
import { PROCESS_SCHEMAS } from './process.js';
import { WINDOWS_SCHEMAS } from './security.js';
import { SYSMON_SCHEMAS } from './sysmon.js';
import { COMMON_ECS_FIELDS, EVENT_DATA_PREFIX } from './common.js';
import type { ProcessEventSource } from '../processEvent.js';

export const EVENT_SCHEMAS: readonly EventSchema[] = [...PROCESS_SCHEMAS, ...SYSMON_SCHEMAS, ...WINDOWS_SCHEMAS];

/** A schema with its field tables as maps, ready for per-record lookups. */
export interface CompiledSchema {
  readonly schema: EventSchema;
  readonly ecsFields: ReadonlyMap<string, Derivation>;
  readonly sigmaFields: ReadonlyMap<string, Derivation>;
  /** Which log's process start this is (Sysmon 1, Security 4688): the report shows its process columns. */
  readonly processSource: ProcessEventSource | undefined;
}

function compile(schema: EventSchema, processSource: ProcessEventSource | undefined): CompiledSchema {
  return { schema, ecsFields: fieldMap(schema.ecs?.fields ?? {}), sigmaFields: fieldMap(schema.sigma ?? {}), processSource };
}

const SCHEMAS_BY_SOURCE: ReadonlyMap<string, CompiledSchema> = (() => {
  const map = new Map<string, CompiledSchema>();
  const compiled = [
    ...PROCESS_SCHEMAS.map((schema) => compile(schema, schema.service)),
    ...[...SYSMON_SCHEMAS, ...WINDOWS_SCHEMAS].map((schema) => compile(schema, undefined)),
  ];
  for (const entry of compiled) {
    const { schema } = entry;
    for (const eventId of schema.eventIds) {
      const key = `${schema.service}:${eventId}`;
      if (map.has(key)) throw new Error(`event model: two schemas for ${key}`);
      map.set(key, entry);
    }
  }
  return map;
})();

/** The schema of the first of a channel's services that has one for this event id. */
export function eventSchema(services: readonly string[], eventId: number): CompiledSchema | undefined {
  for (const service of services) {
    const schema = SCHEMAS_BY_SOURCE.get(`${service}:${eventId}`);
    if (schema !== undefined) return schema;
  }
  return undefined;
}

/** Every ECS event category some schema derives: EQL rules of any other category can never see an event. */
export const ECS_EVENT_CATEGORIES: readonly string[] = [...new Set(EVENT_SCHEMAS.flatMap((schema) => schema.ecs?.category ?? []))].sort();

/** The ECS field names the schemas of a category (or `any`) derive, and those every record has. */
function ecsFieldsOfCategory(category: string): ReadonlySet<string> {
  const names = new Set([
    ...Object.keys(COMMON_ECS_FIELDS),
    'event.category',
    'event.type',
    'event.module',
    'event.dataset',
    'data_stream.dataset',
  ]);
  for (const { ecs } of EVENT_SCHEMAS) {
    if (ecs === undefined || (category !== 'any' && !ecs.category.includes(category))) continue;
    for (const name of Object.keys(ecs.fields)) names.add(name);
    if (ecs.action !== undefined) names.add('event.action');
  }
  return names;
}

const FIELDS_BY_CATEGORY: ReadonlyMap<string, ReadonlySet<string>> = new Map(
  ['any', ...ECS_EVENT_CATEGORIES].map((category) => [category, ecsFieldsOfCategory(category)]),
);

/** What ECS fields events read from Windows event logs can have, by event category. */
export const WINDOWS_EVENT_FIELDS: Readonly<{ categories: readonly string[]; hasField(category: string, field: string): boolean }> = {
  categories: ECS_EVENT_CATEGORIES,
  hasField: (category, field) => field.startsWith(EVENT_DATA_PREFIX) || (FIELDS_BY_CATEGORY.get(category)?.has(field) ?? false),
};
