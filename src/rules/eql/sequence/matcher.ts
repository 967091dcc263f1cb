/**
 * Joins the events of an EQL sequence, one event at a time in time order, as Elasticsearch's
 * sequence matcher does:
 * - an event that matches position p of the sequence (p > 0) takes the partial match of its key
 *   that waits at position p - 1 (so an event joins a partial match once), positions from last to
 *   first, so the same event can end one match and start the next;
 * - a new event for position 0 restarts the key's partial match there; a partial match that moves
 *   on to position p replaces the one that waited there (its key's later events would have taken
 *   the newer one anyway);
 * - `maxspan`: the last event is at most that long after the first (inclusive);
 * - `until`: its event ends every partial match of its key;
 * - missing-event steps (`![...]`): between two positions, its event ends the partial matches that
 *   wait for the next position; before the first position, a start is refused when such an event
 *   came within maxspan before it; after the last, a match is held until maxspan after its first
 *   event has passed without such an event (or the events end).
 *
 * Memory: a key holds at most one partial match per position (plus held matches); keys whose last
 * event is more than maxspan old are forgotten as time passes. Past MAX_TRACKED_KEYS keys, the
 * least recently seen key's partial matches are dropped and counted in `dropped`.
 */
import type { StepMatch, TemporalMatch, TemporalMatcher } from '../../types.js';

/**
 * The most keys one sequence rule tracks at once, over all hosts of a run. Only an event of the first
 * step (or a missing-event step) makes a key, and the rules' first steps are narrow (an msxsl.exe
 * start, a failed network logon), so this is far more than a host has open; it bounds the memory of
 * the sequences without maxspan, whose partial matches never expire.
 */
export const MAX_TRACKED_KEYS = 10_000;

/** How a sequence's steps make a match. */
export interface SequencePlan {
  /** The rule step of each position of a match (a step `with runs=N` fills N positions). */
  readonly positions: readonly number[];
  /**
   * Missing-event steps, by rule step: the gap they watch, g between positions g - 1 and g
   * (0: before the first position, positions.length: after the last).
   */
  readonly missingGaps: ReadonlyMap<number, number>;
  /** The rule step of `until`, if any. */
  readonly untilStep: number | undefined;
  readonly maxspanMs: number | undefined;
}

interface Partial<E> {
  readonly events: readonly E[];
  /** Time of the first event. */
  readonly start: number;
}

/** A complete match held until no trailing missing event can come: maxspan after its start. */
interface Held<E> extends Partial<E> {
  /** A missing event came, or its key was dropped. */
  cancelled: boolean;
}

interface KeyState<E> {
  /** waiting[p]: the partial match that has positions 0..p and waits for position p + 1. */
  readonly waiting: (Partial<E> | undefined)[];
  /** The key's held matches still in their span. */
  held: Held<E>[];
  /** When a missing event before the first position last came. */
  leadingMissingAt: number | undefined;
  lastSeen: number;
}

export function newSequenceMatcher<E>(plan: SequencePlan, maxTrackedKeys = MAX_TRACKED_KEYS): TemporalMatcher<E> {
  return new SequenceMatcher<E>(plan, maxTrackedKeys);
}

class SequenceMatcher<E> implements TemporalMatcher<E> {
  /** Keys in order of their last event, least recent first: expiry and eviction take from the front. */
  private readonly keys = new Map<string, KeyState<E>>();
  /** Held matches of every key, in the order they completed. */
  private held: Held<E>[] = [];
  private readonly last: number;
  private readonly trailingMissing: boolean;
  dropped = 0;

  constructor(
    private readonly plan: SequencePlan,
    private readonly maxTrackedKeys: number,
  ) {
    this.last = plan.positions.length - 1;
    this.trailingMissing = [...plan.missingGaps.values()].includes(plan.positions.length);
  }

  observe(event: E, time: number, steps: readonly StepMatch[]): readonly TemporalMatch<E>[] {
    const completed: TemporalMatch<E>[] = [];
    this.expire(time, completed);
    const { positions, missingGaps, untilStep, maxspanMs } = this.plan;
    for (const { step, key } of steps) {
      if (step === untilStep) {
        const state = this.keys.get(key);
        if (state !== undefined) state.waiting.fill(undefined);
        continue;
      }
      const gap = missingGaps.get(step);
      if (gap === undefined) continue;
      const state = this.touch(key, time);
      if (gap === 0) state.leadingMissingAt = time;
      else if (gap === positions.length) {
        for (const match of state.held) if (withinSpan(match.start, time, maxspanMs)) match.cancelled = true;
        state.held = [];
      } else state.waiting[gap - 1] = undefined;
    }
    for (let position = this.last; position >= 0; position--) {
      const key = keyOfStep(steps, positions[position]!);
      if (key === undefined) continue;
      if (position === 0) {
        const state = this.keys.get(key);
        const leading = state?.leadingMissingAt;
        if (leading !== undefined && withinSpan(leading, time, maxspanMs)) continue;
        const started: Partial<E> = { events: [event], start: time };
        if (this.last === 0) this.complete(started, this.touch(key, time), completed);
        else this.touch(key, time).waiting[0] = started;
        continue;
      }
      const state = this.keys.get(key);
      const partial = state?.waiting[position - 1];
      if (state === undefined || partial === undefined) continue;
      state.waiting[position - 1] = undefined;
      if (!withinSpan(partial.start, time, maxspanMs)) continue;
      const extended: Partial<E> = { events: [...partial.events, event], start: partial.start };
      this.touch(key, time);
      if (position === this.last) this.complete(extended, state, completed);
      else state.waiting[position] = extended;
    }
    return completed;
  }

  finish(): readonly TemporalMatch<E>[] {
    const completed: TemporalMatch<E>[] = [];
    for (const match of this.held) if (!match.cancelled) completed.push({ events: match.events });
    this.held = [];
    this.keys.clear();
    return completed;
  }

  private complete(match: Partial<E>, state: KeyState<E>, completed: TemporalMatch<E>[]): void {
    if (!this.trailingMissing) {
      completed.push({ events: match.events });
      return;
    }
    const held: Held<E> = { ...match, cancelled: false };
    const { maxspanMs } = this.plan;
    state.held = state.held.filter((other) => withinSpan(other.start, match.start, maxspanMs));
    state.held.push(held);
    this.held.push(held);
  }

  /** The key's state, made the most recently seen (created if new, evicting the least recent past the bound). */
  private touch(key: string, time: number): KeyState<E> {
    let state = this.keys.get(key);
    if (state !== undefined) {
      this.keys.delete(key);
    } else {
      state = {
        waiting: new Array<Partial<E> | undefined>(Math.max(this.last, 0)).fill(undefined),
        held: [],
        leadingMissingAt: undefined,
        lastSeen: time,
      };
      if (this.keys.size >= this.maxTrackedKeys) this.evictOldest();
    }
    state.lastSeen = time;
    this.keys.set(key, state);
    return state;
  }

  private evictOldest(): void {
    const oldest = this.keys.entries().next().value;
    if (oldest === undefined) return;
    const [key, state] = oldest;
    this.keys.delete(key);
    for (const match of state.held) match.cancelled = true;
    this.dropped += state.waiting.filter((partial) => partial !== undefined).length + state.held.length;
  }

  /**
   * Forgets keys last seen more than maxspan ago: none of their partial matches can grow (a key's
   * events all precede its last one, and the front of the map is the least recent). Held matches
   * whose span has passed are given out. Without maxspan nothing expires.
   */
  private expire(time: number, completed: TemporalMatch<E>[]): void {
    const { maxspanMs } = this.plan;
    if (maxspanMs === undefined) return;
    for (const [key, state] of this.keys) {
      if (withinSpan(state.lastSeen, time, maxspanMs)) break;
      this.keys.delete(key);
    }
    let due = 0;
    // In completion order, not quite start order: a match may be given out a little late, never early.
    while (due < this.held.length && !withinSpan(this.held[due]!.start, time, maxspanMs)) {
      const match = this.held[due++]!;
      if (!match.cancelled) completed.push({ events: match.events });
    }
    if (due > 0) this.held = this.held.slice(due);
  }
}

function withinSpan(start: number, time: number, maxspanMs: number | undefined): boolean {
  return maxspanMs === undefined || time - start <= maxspanMs;
}

function keyOfStep(steps: readonly StepMatch[], step: number): string | undefined {
  for (const match of steps) if (match.step === step) return match.key;
  return undefined;
}
