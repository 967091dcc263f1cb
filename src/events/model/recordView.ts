import type { EventDataValue, EvtxInteger } from '../../evtx/index.js';

export type EventData = Readonly<Record<string, EventDataValue>>;

/**
 * What field derivations read of one record: its System facts and its decoded EventData. One view
 * per normalized event; `memo` keeps a value several fields derive from (a command line's arguments).
 */
export interface RecordView {
  readonly eventId: number;
  readonly channel: string;
  readonly provider: string | undefined;
  readonly computer: string | undefined;
  /** TimeCreated, else the record header's written time (ISO 8601). */
  readonly time: string;
  readonly recordId: EvtxInteger;
  /** The System part's Security UserID: the account the logging component ran as. */
  readonly userId: string | undefined;
  readonly data: EventData;
  memo<T>(key: string, compute: () => T): T;
}
