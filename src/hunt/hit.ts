import type { EvtxInteger } from '../evtx/index.js';
import type { EventDetails } from '../events/details.js';
import type { ProcessEvent } from '../events/processEvent.js';
import type { EventDataValue } from '../events/types.js';
import type { RuleMeta } from '../rules/types.js';

/** Which event, where: the record a hit points a responder to. */
export interface EventLocation {
  readonly file: string;
  /** Exact: a bigint beyond 2^53. */
  readonly recordId: EvtxInteger;
  /** Carved from chunk slack: a deleted or overwritten record. */
  readonly recovered: boolean;
  readonly timestamp: string;
  readonly eventId: number;
  readonly channel: string;
  readonly computer: string | undefined;
}

/** An event as a hunt found it: its location and what it holds. */
export interface FoundEvent extends EventLocation {
  /** Present for process starts (Sysmon 1, Security 4688). */
  readonly process: ProcessEvent | undefined;
  readonly eventData: Readonly<Record<string, EventDataValue>>;
}

/** One rule matching one event: what every output format prints. */
export interface Hit extends FoundEvent {
  readonly rule: RuleMeta;
  /** What happened, whatever the event: labelled values in the order of src/events/details.ts. */
  readonly details: EventDetails;
  /**
   * A temporal rule's hit (EQL sequence, Sigma correlation): every event it joined, in order; the
   * hit's own fields are those of the first. Absent for a single-event hit.
   */
  readonly events?: readonly HitEvent[];
  /**
   * Other files that hold the same event (a log collected twice, a VSS copy): the hit is reported
   * once. Absent when only `file` holds it.
   */
  readonly alsoIn?: readonly string[];
}

/** One event of a multi-event hit: where it is and what happened. */
export interface HitEvent extends EventLocation {
  readonly details: EventDetails;
}

/** Where a hunt sends each hit as it is found. */
export interface HitSink {
  write(hit: Hit): void;
}
