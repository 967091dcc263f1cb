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
 *
 * A hit comes from the observe() of an event past its window's end (of the group, or of any group
 * once the event time has moved on by half a span: the other groups are checked then), or from
 * finish(). It lists the window's events, each once (events compared with ===), in time order.
 * What is pending expires with its window; a group keeps at most MAX_EVENTS_PER_GROUP events and a
 * matcher MAX_PENDING_EVENTS, counting what they drop.
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

/** An event with its time. */
interface Timed<E> {
  readonly event: E;
  readonly time: number;
}

/**
 * One occurrence in a group: an event, or the hit of a referenced correlation (its events, at the
 * time its window met its condition).
 */
interface Entry<E> {
  readonly items: readonly Timed<E>[];
  readonly time: number;
  /** The positions (referenced rules) the occurrence stands for in this group, ascending. */
  readonly steps: readonly number[];
  /** value_count: the counted field's value. */
  readonly value: string | undefined;
}

/** A window that met the condition: its group, when it met it, its events. */
interface Decided<E> {
  readonly key: string;
  readonly time: number;
  readonly items: readonly Timed<E>[];
}

/**
 * A correlation and what it references: per position of its `rules`, the tree of the correlation
 * there, or undefined for a rule (one step of the TemporalRule). The TemporalRule's steps are the
 * rules of the whole tree, depth first.
 */
export interface CorrelationTree {
  readonly window: WindowSpec;
  readonly references: readonly (CorrelationTree | undefined)[];
}

/** A tree of one correlation over rules only. */
export function overRules(window: WindowSpec): CorrelationTree {
  return { window, references: new Array<undefined>(window.stepCount).fill(undefined) };
}

/** The steps of the tree: its rules, depth first. */
export function stepCount(tree: CorrelationTree): number {
  return tree.references.reduce((count, reference) => count + (reference === undefined ? 1 : stepCount(reference)), 0);
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

/** The pending occurrences of one group, oldest first; entries[start, end) are the current window's, tallied. */
class GroupWindows<E> {
  private entries: Entry<E>[] = [];
  private start = 0;
  private end = 0;
  private readonly tally: Tally<E>;

  constructor(
    private readonly spec: WindowSpec,
    private readonly key: string,
  ) {
    this.tally = newTally(spec);
  }

  get pending(): number {
    return this.entries.length - this.start;
  }

  /** Adds in time order: a referenced correlation's hit may come after later events. */
  insert(entry: Entry<E>): void {
    let position = this.entries.length;
    while (position > this.start && this.entries[position - 1]!.time > entry.time) position--;
    if (position === this.entries.length) {
      this.entries.push(entry);
      return;
    }
    this.entries.splice(position, 0, entry);
    // the window's tally no longer matches its entries: count it again
    this.tally.clear();
    this.end = this.start;
  }

  /** Forgets the oldest pending occurrence (the group is over its cap). */
  dropOldest(): void {
    if (this.start < this.end) this.tally.remove(this.entries[this.start]!);
    else this.end = this.start + 1;
    this.start++;
    this.compact();
  }

  /** Decides every window that ends before `now`; those that meet the condition go to `hits`. */
  closeBefore(now: number, hits: Decided<E>[]): void {
    const { timespanMs, condition } = this.spec;
    while (this.start < this.entries.length && this.entries[this.start]!.time + timespanMs < now) {
      this.extendWindow();
      if (meetsCondition(condition, this.tally.count(this.entries, this.start, this.end))) {
        hits.push(this.decided());
        this.tally.clear();
        this.start = this.end;
      } else {
        this.tally.remove(this.entries[this.start]!);
        this.start++;
      }
    }
    this.compact();
  }

  /** The current window's events, each once, in time order. */
  private decided(): Decided<E> {
    const items: Timed<E>[] = [];
    const seen = new Set<E>();
    for (let index = this.start; index < this.end; index++) {
      for (const item of this.entries[index]!.items) {
        if (seen.has(item.event)) continue;
        seen.add(item.event);
        items.push(item);
      }
    }
    items.sort((a, b) => a.time - b.time);
    return { key: this.key, time: this.entries[this.metAt()]!.time, items };
  }

  /**
   * The first occurrence by which the window met its condition (the one that reached a `gte`, say):
   * when a correlation referencing this one takes the hit to have happened.
   */
  private metAt(): number {
    const probe = newTally<E>(this.spec);
    for (let index = this.start; index < this.end; index++) {
      probe.add(this.entries[index]!);
      if (meetsCondition(this.spec.condition, probe.count(this.entries, this.start, index + 1))) return index;
    }
    return this.end - 1;
  }

  /** Tallies the occurrences within the span of the window's first one. */
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

/** Where step `step` of a node goes: a rule at `position`, or step `childStep` of the correlation there. */
interface Route {
  readonly position: number;
  readonly childStep: number;
}

/**
 * One correlation of a tree. A referenced correlation's hits reach this node after its window
 * closed, up to `lag` after their time: this node decides its own windows `lag` late, so that
 * they are complete when decided.
 */
class CorrelationNode<E> {
  private readonly groups = new Map<string, GroupWindows<E>>();
  private readonly children: (CorrelationNode<E> | undefined)[];
  private readonly routes: Route[] = [];
  readonly lag: number;
  private pending = 0;
  private nextSweep = -Infinity;
  private ownDropped = 0;

  constructor(private readonly tree: CorrelationTree) {
    this.children = tree.references.map((reference) => (reference === undefined ? undefined : new CorrelationNode<E>(reference)));
    this.children.forEach((child, position) => {
      const steps = child === undefined ? 1 : stepCount(child.tree);
      for (let childStep = 0; childStep < steps; childStep++) this.routes.push({ position, childStep });
    });
    // a referenced correlation decides a window at most 1.5 spans after its last event (its sweeps); 2 is the margin
    this.lag = Math.max(0, ...this.children.map((child) => (child === undefined ? 0 : 2 * child.tree.window.timespanMs + child.lag)));
  }

  get dropped(): number {
    return this.ownDropped + this.children.reduce((sum, child) => sum + (child?.dropped ?? 0), 0);
  }

  observe(event: E, now: number, matches: readonly StepMatch[]): Decided<E>[] {
    const occurrences: [string, Entry<E>][] = [];
    const routed = this.children.map((): StepMatch[] => []);
    const leaves: StepMatch[] = [];
    for (const match of matches) {
      const route = this.routes[match.step];
      if (route === undefined) continue;
      if (this.children[route.position] === undefined) leaves.push({ ...match, step: route.position });
      else routed[route.position]!.push({ ...match, step: route.childStep });
    }
    // every referenced correlation sees the time go on, so that its windows close
    this.children.forEach((child, position) => {
      if (child !== undefined)
        for (const hit of child.observe(event, now, routed[position]!)) occurrences.push(occurrenceOf(hit, position));
    });
    occurrences.push(...this.eventEntries(event, now, leaves));
    const hits: Decided<E>[] = [];
    const decidable = now - this.lag;
    for (const [key, entry] of occurrences) this.add(key, entry, decidable, hits);
    if (decidable >= this.nextSweep) {
      this.closeAll(decidable, hits);
      this.nextSweep = decidable + Math.max(1, this.tree.window.timespanMs * SWEEP_SHARE);
    }
    return hits;
  }

  finish(): Decided<E>[] {
    const hits: Decided<E>[] = [];
    this.children.forEach((child, position) => {
      if (child === undefined) return;
      for (const hit of child.finish()) {
        const [key, entry] = occurrenceOf(hit, position);
        this.add(key, entry, -Infinity, hits);
      }
    });
    this.closeAll(Infinity, hits);
    return hits;
  }

  private add(key: string, entry: Entry<E>, decidable: number, hits: Decided<E>[]): void {
    const group = this.groups.get(key) ?? new GroupWindows<E>(this.tree.window, key);
    this.groups.set(key, group);
    this.pending -= group.pending;
    if (this.pending + group.pending >= MAX_PENDING_EVENTS) this.ownDropped++;
    else group.insert(entry);
    // after the insertion: a referenced correlation's hit may belong to a window closing now
    group.closeBefore(decidable, hits);
    if (group.pending > MAX_EVENTS_PER_GROUP) {
      group.dropOldest();
      this.ownDropped++;
    }
    this.pending += group.pending;
    if (group.pending === 0) this.groups.delete(key);
  }

  private closeAll(now: number, hits: Decided<E>[]): void {
    for (const [key, group] of this.groups) {
      this.pending -= group.pending;
      group.closeBefore(now, hits);
      this.pending += group.pending;
      if (group.pending === 0) this.groups.delete(key);
    }
  }

  /** One entry per group the event joins (aliases can put one event in two groups). */
  private eventEntries(event: E, time: number, matches: readonly StepMatch[]): [string, Entry<E>][] {
    const byGroup = new Map<string, { steps: number[]; value: string | undefined }>();
    for (const match of matches) {
      if (this.tree.window.type === 'value_count' && match.value === undefined) continue;
      const joined = byGroup.get(match.key);
      if (joined === undefined) byGroup.set(match.key, { steps: [match.step], value: match.value });
      else if (!joined.steps.includes(match.step)) joined.steps.push(match.step);
    }
    const items = [{ event, time }];
    return [...byGroup].map(([key, { steps, value }]) => [key, { items, time, steps: steps.sort((a, b) => a - b), value }]);
  }
}

function occurrenceOf<E>(hit: Decided<E>, position: number): [string, Entry<E>] {
  return [hit.key, { items: hit.items, time: hit.time, steps: [position], value: undefined }];
}

/** The matcher of one correlation tree over one run. */
export class CorrelationMatcher<E> implements TemporalMatcher<E> {
  private readonly root: CorrelationNode<E>;
  private latest = -Infinity;

  constructor(tree: CorrelationTree) {
    this.root = new CorrelationNode<E>(tree);
  }

  get dropped(): number {
    return this.root.dropped;
  }

  observe(event: E, time: number, steps: readonly StepMatch[]): readonly TemporalMatch<E>[] {
    // The hunt gives events in time order; a time out of order (or none) counts as the latest seen.
    const now = Number.isFinite(time) && time > this.latest ? time : this.latest;
    this.latest = now;
    return this.root.observe(event, now, steps).map(matchOf);
  }

  finish(): readonly TemporalMatch<E>[] {
    return this.root.finish().map(matchOf);
  }
}

function matchOf<E>(decided: Decided<E>): TemporalMatch<E> {
  return { events: decided.items.map((item) => item.event) };
}
