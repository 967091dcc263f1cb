import type { EvtxRecord } from '../evtx/index.js';

/**
 * Which records a hunt looks at (`--from`, `--to`, `--event-id`, `--exclude-event-id`, `--computer`):
 * plain data, so that it reaches worker threads as it is. An absent field lets every record through.
 */
export interface EventFilterSpec {
  /** Milliseconds since 1970 (UTC): records created before are left out. */
  readonly fromMs?: number;
  /** Milliseconds since 1970 (UTC): records created after are left out. */
  readonly toMs?: number;
  /** Only these event ids. */
  readonly eventIds?: readonly number[];
  /** Never these event ids. */
  readonly excludedEventIds?: readonly number[];
  /** Only records of these computers: the name as logged, or its first label (`WKS-07` for `WKS-07.corp.local`), ignoring case. */
  readonly computers?: readonly string[];
}

/** Whether `spec` leaves any record out. */
export function filtersEvents(spec: EventFilterSpec | undefined): boolean {
  return (
    spec !== undefined &&
    (spec.fromMs !== undefined ||
      spec.toMs !== undefined ||
      spec.eventIds !== undefined ||
      spec.excludedEventIds !== undefined ||
      spec.computers !== undefined)
  );
}

/**
 * The compiled filter. Checked on a record's event id (which choosing its rules decodes anyway),
 * then its computer and time (System fields), before its EventData is decoded: a record left out
 * costs no normalization. The record is still read, so its problems are still reported.
 */
export class EventFilter {
  private readonly eventIds: ReadonlySet<number> | undefined;
  private readonly excludedEventIds: ReadonlySet<number> | undefined;
  private readonly computers: ReadonlySet<string> | undefined;

  constructor(private readonly spec: EventFilterSpec) {
    this.eventIds = spec.eventIds === undefined ? undefined : new Set(spec.eventIds);
    this.excludedEventIds = spec.excludedEventIds === undefined ? undefined : new Set(spec.excludedEventIds);
    this.computers = spec.computers === undefined ? undefined : new Set(spec.computers.map((name) => name.toLowerCase()));
  }

  admits(record: EvtxRecord, eventId: number): boolean {
    if (this.eventIds !== undefined && !this.eventIds.has(eventId)) return false;
    if (this.excludedEventIds?.has(eventId) === true) return false;
    if (this.computers !== undefined && !this.admitsComputer(record.computer())) return false;
    const { fromMs, toMs } = this.spec;
    if (fromMs === undefined && toMs === undefined) return true;
    // The time the event was created, as the hit shows it; a record without a readable one is left out.
    const ms = Date.parse(record.timeCreated() ?? record.written);
    if (Number.isNaN(ms)) return false;
    return (fromMs === undefined || ms >= fromMs) && (toMs === undefined || ms <= toMs);
  }

  private admitsComputer(computer: string | undefined): boolean {
    if (computer === undefined) return false;
    const name = computer.toLowerCase();
    if (this.computers!.has(name)) return true;
    const dot = name.indexOf('.');
    return dot > 0 && this.computers!.has(name.slice(0, dot));
  }
}
