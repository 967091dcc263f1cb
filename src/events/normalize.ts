import type { EventDataValue, EvtxRecord } from '../evtx/index.js';
import { EcsFields } from './ecsView.js';
import type { LogSourceTable, PairFacts, RecordSourceFacts } from './logsource.js';
import type { RecordView } from './model/recordView.js';
import { toProcessEvent, type ProcessEvent } from './processEvent.js';
import { categoryFieldAliases, NO_RENAMES, SigmaFields } from './sigmaView.js';
import type { DetectableEvent } from './types.js';

/** A record made ready for detection, keeping what the report needs. */
export interface NormalizedEvent extends DetectableEvent {
  readonly record: EvtxRecord;
  readonly eventData: Readonly<Record<string, EventDataValue>>;
  /** The ECS view, whose fields a document of the event lists (EcsFields.entries). */
  readonly ecs: EcsFields;
  /** Present for process starts (Sysmon 1 and Security 4688). */
  readonly process?: ProcessEvent;
}

/**
 * The log-source facts of a record from EventID and Channel only, so callers can skip records no
 * rule wants before decoding the rest. Undefined when the record lacks either.
 */
export function recordFacts(record: EvtxRecord, logSources: LogSourceTable): PairFacts | undefined {
  const eventId = record.eventId();
  const channel = record.channel();
  return eventId === undefined || channel === undefined ? undefined : logSources.facts(channel, eventId);
}

/** One record as field derivations read it; the memo lives as long as the event. */
class DecodedRecord implements RecordView {
  private memos: Map<string, unknown> | undefined;

  constructor(
    private readonly record: EvtxRecord,
    readonly eventId: number,
    readonly channel: string,
    readonly provider: string | undefined,
    readonly computer: string | undefined,
    readonly time: string,
    readonly recordId: RecordView['recordId'],
    readonly data: RecordView['data'],
  ) {}

  /** Read only when a rule asks: most records never need their System part's Security element. */
  get userId(): string | undefined {
    return this.record.system().userId;
  }

  memo<T>(key: string, compute: () => T): T {
    const memos = (this.memos ??= new Map());
    if (memos.has(key)) return memos.get(key) as T;
    const value = compute();
    memos.set(key, value);
    return value;
  }
}

/** Decodes the record's EventData and builds the Sigma and ECS views over it, as its schema derives them. */
export function normalizeRecord(record: EvtxRecord, facts: RecordSourceFacts): NormalizedEvent {
  const eventData = record.eventData();
  const provider = record.provider();
  const computer = record.computer();
  const time = record.timeCreated() ?? record.written;
  const view = new DecodedRecord(
    record,
    facts.eventId,
    facts.channel,
    provider,
    computer,
    time,
    record.eventRecordId() ?? record.recordId,
    eventData,
  );
  const { schema } = facts;
  const sigma = new SigmaFields(
    { EventID: facts.eventId, Channel: facts.channel, Provider_Name: provider, Computer: computer },
    view,
    schema?.sigmaFields ?? NO_RENAMES,
    categoryFieldAliases(facts.categories),
  );
  const ecs = new EcsFields(view, schema, facts.services);
  const process = schema?.processSource === undefined ? undefined : toProcessEvent(schema.processSource, ecs);
  return { logsource: facts, sigma, ecs, record, eventData, process };
}
