import type { ProcessEvent } from '../events/processEvent.js';
import type { EventDataValue } from '../events/types.js';
import type { RuleMeta } from '../rules/types.js';

/** One rule matching one event: what every output format prints. */
export interface Hit {
  readonly rule: RuleMeta;
  readonly file: string;
  readonly recordId: number;
  /** Carved from chunk slack: a deleted or overwritten record. */
  readonly recovered: boolean;
  readonly timestamp: string;
  readonly eventId: number;
  readonly channel: string;
  readonly computer: string | undefined;
  readonly process: ProcessEvent | undefined;
  readonly eventData: Readonly<Record<string, EventDataValue>>;
}

/** Where a hunt sends each hit as it is found. */
export interface HitSink {
  write(hit: Hit): void;
}
