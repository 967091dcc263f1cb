/**
 * The matcher of a Sigma correlation: per group (the hunt's host and the group-by values), windows
 * over the events of the referenced rules, decided as Hayabusa decides them.
 *
 * A window starts at a group's oldest pending event and holds every event of the group at most
 * `timespan` later (an event exactly `timespan` after the first is inside). It is decided when it
 * closes, i.e. when an event later than its end arrives or the events end, so that `lt`, `lte`, `eq`
 * and `neq` see the window's whole count and a hit lists every event its window counted. A window
 * that meets the condition is a hit and the next window starts at the first event after it (windows
 * of one group never share events, as Hayabusa reports them); one that does not slides: its first
 * event is forgotten and the window starts at the next one.
 */
import type { StepMatch, TemporalMatch, TemporalMatcher } from '../../types.js';
import { meetsCondition, type Comparison, type CorrelationType } from '../model/correlation.js';

/** What a window counts and when it is a hit. */
export interface WindowSpec {
  readonly type: CorrelationType;
  /** The number of referenced rules (steps). */
  readonly stepCount: number;
  readonly timespanMs: number;
  readonly condition: readonly Comparison[];
}

/** Events one group keeps pending; past it the group's oldest event is dropped (its window starts later). */
export const MAX_EVENTS_PER_GROUP = 1_000;
/** Events one matcher keeps pending over all groups; past it new events are dropped. */
export const MAX_PENDING_EVENTS = 100_000;

interface Entry<E> {
  readonly event: E;
  readonly time: number;
  /** The steps (referenced rules) the event matched for this group, ascending. */
  readonly steps: readonly number[];
  /** value_count: the counted field's value. */
  readonly value: string | undefined;
}

/** A window's count, kept as events enter and leave it (temporal_ordered counts by scanning). */
interface Tally<E> {
  add(entry: Entry<E>): void;
  remove(entry: Entry<E>): void;
  clear(): void;
  count(entries: readonly Entry<E>[], start: number, end: number): number;
}

class EventCount<E> implements Tally<E> {
  add(): void {}
  remove(): void {}
  clear(): void {}
  count(_entries: readonly Entry<E>[], start: number, end: number): number {
    return end - start;
  }
}

/** Distinct values; the matcher admits only events that have one. */
class ValueCount<E> implements Tally<E> {
  private readonly seen = new Map<string, number>();
  add(entry: Entry<E>): void {
    const value = entry.value!;
    this.seen.set(value, (this.seen.get(value) ?? 0) + 1);
  }
  remove(entry: Entry<E>): void {
    const value = entry.value!;
    const left = (this.seen.get(value) ?? 1) - 1;
    if (left === 0) this.seen.delete(value);
    else this.seen.set(value, left);
  }
  clear(): void {
    this.seen.clear();
  }
  count(): number {
    return this.seen.size;
  }
}

/** Distinct referenced rules with at least one event in the window. */
class TemporalCount<E> implements Tally<E> {
  private readonly perStep: number[];
  private distinct = 0;
  constructor(stepCount: number) {
    this.perStep = new Array<number>(stepCount).fill(0);
  }
  add(entry: Entry<E>): void {
    for (const step of entry.steps) if (this.perStep[step]!++ === 0) this.distinct++;
  }
  remove(entry: Entry<E>): void {
    for (const step of entry.steps) if (--this.perStep[step]! === 0) this.distinct--;
  }
  clear(): void {
    this.perStep.fill(0);
    this.distinct = 0;
  }
  count(): number {
    return this.distinct;
  }
}

/**
 * How many of the referenced rules, in their order, the window's events match one after the other
 * (each event standing for one rule): the whole list when the rules occur in order.
 */
class OrderedCount<E> implements Tally<E> {
  add(): void {}
  remove(): void {}
  clear(): void {}
  count(entries: readonly Entry<E>[], start: number, end: number): number {
    let next = 0;
    for (let index = start; index < end; index++) if (entries[index]!.steps.includes(next)) next++;
    return next;
  }
}

function newTally<E>(spec: WindowSpec): Tally<E> {
  switch (spec.type) {
    case 'event_count':
      return new EventCount();
    case 'value_count':
      return new ValueCount();
    case 'temporal':
      return new TemporalCount(spec.stepCount);
    case 'temporal_ordered':
      return new OrderedCount();
  }
}

/** The pending events of one group, oldest first; entries[start, end) are the current window's, tallied. */
class GroupWindows<E> {
  private entries: Entry<E>[] = [];
  private start = 0;
  private end = 0;
  private readonly tally: Tally<E>;

  constructor(private readonly spec: WindowSpec) {
    this.tally = newTally(spec);
  }

  get pending(): number {
    return this.entries.length - this.start;
  }

  add(entry: Entry<E>): void {
    this.entries.push(entry);
  }

  /** Forgets the oldest pending event (the group is over its cap). */
  dropOldest(): void {
    if (this.start < this.end) this.tally.remove(this.entries[this.start]!);
    else this.end = this.start + 1;
    this.start++;
    this.compact();
  }

  /** Decides every window that ends before `now`; the events of those that are hits go to `hits`. */
  closeBefore(now: number, hits: TemporalMatch<E>[]): void {
    const { timespanMs, condition } = this.spec;
    while (this.start < this.entries.length && this.entries[this.start]!.time + timespanMs < now) {
      this.extendWindow();
      if (meetsCondition(condition, this.tally.count(this.entries, this.start, this.end))) {
        hits.push({ events: this.entries.slice(this.start, this.end).map((entry) => entry.event) });
        this.tally.clear();
        this.start = this.end;
      } else {
        this.tally.remove(this.entries[this.start]!);
        this.start++;
      }
    }
    this.compact();
  }

  /** Tallies the events within the span of the window's first event. */
  private extendWindow(): void {
    const last = this.entries[this.start]!.time + this.spec.timespanMs;
    if (this.end < this.start) this.end = this.start;
    while (this.end < this.entries.length && this.entries[this.end]!.time <= last) this.tally.add(this.entries[this.end++]!);
  }

  private compact(): void {
    if (this.start === 0 || (this.start < 1024 && this.start * 2 < this.entries.length)) return;
    this.entries = this.entries.slice(this.start);
    this.end = Math.max(0, this.end - this.start);
    this.start = 0;
  }
}

/** Event time past which every group is checked for closed windows, as a share of the timespan. */
const SWEEP_SHARE = 0.5;

export class CorrelationMatcher<E> implements TemporalMatcher<E> {
  private readonly groups = new Map<string, GroupWindows<E>>();
  private pending = 0;
  private latest = -Infinity;
  private nextSweep = -Infinity;
  dropped = 0;

  constructor(private readonly spec: WindowSpec) {}

  observe(event: E, time: number, steps: readonly StepMatch[]): readonly TemporalMatch<E>[] {
    // The hunt gives events in time order; a time out of order (or none) counts as the latest seen.
    const now = Number.isFinite(time) && time > this.latest ? time : this.latest;
    this.latest = now;
    const hits: TemporalMatch<E>[] = [];
    if (now >= this.nextSweep) {
      this.closeAll(now, hits);
      this.nextSweep = now + Math.max(1, this.spec.timespanMs * SWEEP_SHARE);
    }
    for (const [key, entry] of this.entriesByGroup(event, now, steps)) {
      const group = this.groups.get(key) ?? new GroupWindows<E>(this.spec);
      this.groups.set(key, group);
      this.pending -= group.pending;
      group.closeBefore(now, hits);
      if (group.pending >= MAX_EVENTS_PER_GROUP) {
        group.dropOldest();
        this.dropped++;
      }
      if (this.pending + group.pending >= MAX_PENDING_EVENTS) {
        this.dropped++;
      } else {
        group.add(entry);
      }
      this.pending += group.pending;
      if (group.pending === 0) this.groups.delete(key);
    }
    return hits;
  }

  finish(): readonly TemporalMatch<E>[] {
    const hits: TemporalMatch<E>[] = [];
    this.closeAll(Infinity, hits);
    return hits;
  }

  private closeAll(now: number, hits: TemporalMatch<E>[]): void {
    for (const [key, group] of this.groups) {
      this.pending -= group.pending;
      group.closeBefore(now, hits);
      this.pending += group.pending;
      if (group.pending === 0) this.groups.delete(key);
    }
  }

  /** One entry per group the event joins (aliases can put one event in two groups). */
  private entriesByGroup(event: E, time: number, steps: readonly StepMatch[]): Map<string, Entry<E>> {
    const byGroup = new Map<string, { steps: number[]; value: string | undefined }>();
    for (const match of steps) {
      if (match.step < 0 || match.step >= this.spec.stepCount) continue;
      if (this.spec.type === 'value_count' && match.value === undefined) continue;
      const joined = byGroup.get(match.key);
      if (joined === undefined) byGroup.set(match.key, { steps: [match.step], value: match.value });
      else if (!joined.steps.includes(match.step)) joined.steps.push(match.step);
    }
    const entries = new Map<string, Entry<E>>();
    for (const [key, { steps: joined, value }] of byGroup) {
      entries.set(key, { event, time, steps: joined.sort((a, b) => a - b), value });
    }
    return entries;
  }
}
