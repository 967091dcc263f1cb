import type { EventDataValue, EvtxRecord } from '../evtx/index.js';
import { EcsFields } from './ecsView.js';
import { processEventSource, type LogSourceTable, type PairFacts } from './logsource.js';
import { toProcessEvent, type ProcessEvent } from './processEvent.js';
import { categoryFieldAliases, SigmaFields } from './sigmaView.js';
import { EMPTY_FIELDS, type DetectableEvent, type LogSourceFacts } from './types.js';

/** A record made ready for detection, keeping what the report needs. */
export interface NormalizedEvent extends DetectableEvent {
  readonly record: EvtxRecord;
  readonly eventData: Readonly<Record<string, EventDataValue>>;
  /** Present for Sysmon 1 and Security 4688. */
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

/** Decodes the record's EventData and builds the Sigma and ECS views over it. */
export function normalizeRecord(record: EvtxRecord, facts: LogSourceFacts): NormalizedEvent {
  const eventData = record.eventData();
  const source = processEventSource(facts.channel, facts.eventId);
  const process = source === undefined ? undefined : toProcessEvent(record, source, eventData);
  const sigma = new SigmaFields(
    { EventID: facts.eventId, Channel: facts.channel, Provider_Name: record.provider(), Computer: record.computer() },
    eventData,
    process,
    categoryFieldAliases(facts.categories),
  );
  const ecs = process === undefined ? EMPTY_FIELDS : new EcsFields(process, facts.eventId);
  return { logsource: facts, sigma, ecs, record, eventData, process };
}
