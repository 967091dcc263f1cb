import type { Derivation } from './model/derive.js';
import type { RecordView } from './model/recordView.js';
import { COMMON_ECS_FIELDS, EVENT_DATA_PREFIX, integrationDataset } from './schemas/common.js';
import type { CompiledSchema } from './schemas/index.js';
import type { FieldSource, FieldValue } from './types.js';

const COMMON_FIELDS: ReadonlyMap<string, Derivation> = new Map(Object.entries(COMMON_ECS_FIELDS));
const NO_VALUES: readonly string[] = [];
/** The fields derive() gives from the schema's ECS facts and the channel's integration. */
const EVENT_FACTS: readonly string[] = [
  'event.category',
  'event.type',
  'event.action',
  'event.module',
  'event.dataset',
  'data_stream.dataset',
];

/**
 * A record seen through Elastic Common Schema names, as Elastic's Windows integrations derive them:
 * the schema's fields for its event id first, then the event.* facts of its schema and dataset, then
 * what every record has, then `winlog.event_data.<Name>`. Values are derived on first use and kept:
 * many rules ask the same event for process.name and process.args.
 */
export class EcsFields implements FieldSource {
  /** Made on the first lookup: most events a run normalizes are asked nothing in ECS names (Sigma rules only). */
  private derived: Map<string, FieldValue | undefined> | undefined;

  constructor(
    private readonly record: RecordView,
    private readonly schema: CompiledSchema | undefined,
    private readonly services: readonly string[],
  ) {}

  get(name: string): FieldValue | undefined {
    const derived = (this.derived ??= new Map());
    if (derived.has(name)) return derived.get(name);
    const value = this.derive(name);
    derived.set(name, value);
    return value;
  }

  private derive(name: string): FieldValue | undefined {
    const own = this.schema?.ecsFields.get(name);
    if (own !== undefined) return own(this.record);
    const ecs = this.schema?.schema.ecs;
    switch (name) {
      case 'event.category':
        return ecs?.category;
      case 'event.type':
        return ecs?.type;
      case 'event.action':
        return ecs?.action;
      case 'event.module':
        return integrationDataset(this.services)?.module;
      case 'event.dataset':
      case 'data_stream.dataset':
        return integrationDataset(this.services)?.dataset;
    }
    const common = COMMON_FIELDS.get(name);
    if (common !== undefined) return common(this.record);
    if (name.startsWith(EVENT_DATA_PREFIX)) {
      const value = this.record.data[name.slice(EVENT_DATA_PREFIX.length)];
      return Array.isArray(value) ? value.join(' ') : value;
    }
    return undefined;
  }

  /**
   * Every ECS field the record has, with its value, as an ingest pipeline would store them: the
   * schema's fields, the event.* facts, then what every record has (not `winlog.event_data.*`:
   * that is the EventData as logged, which the caller has whole).
   */
  *entries(): Iterable<[string, FieldValue]> {
    const names = new Set([...(this.schema?.ecsFields.keys() ?? NO_VALUES), ...EVENT_FACTS, ...COMMON_FIELDS.keys()]);
    for (const name of names) {
      const value = this.get(name);
      if (value !== undefined) yield [name, value];
    }
  }

  *values(): Iterable<string> {
    const names = [...(this.schema?.ecsFields.keys() ?? NO_VALUES), ...COMMON_FIELDS.keys()];
    for (const name of names) {
      const value = this.get(name);
      if (Array.isArray(value)) yield* value;
      else if (value !== undefined) yield String(value);
    }
  }
}
