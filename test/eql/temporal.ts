/**
 * Runs temporal rules over events as the hunt does: each step's filter on every event (its
 * category, then its condition), the steps an event matched fed to the rule's matcher in time order.
 * Reusable for library tests and, with events read from EVTX, for end-to-end checks.
 */
import type { DetectableEvent } from '../../src/events/types.js';
import type { StepMatch, TemporalRule } from '../../src/rules/types.js';

export interface TimedEvent<E> {
  /** What a match reports of the event (an id, a record). */
  readonly item: E;
  readonly time: number;
  readonly event: DetectableEvent;
}

export interface TemporalRun<E> {
  /** The matches, each the items of its events, in the order the matcher gave them. */
  readonly matches: readonly (readonly E[])[];
  readonly dropped: number;
}

/** The steps of `rule` that `event` matches, with their keys (an event without a key joins nothing). */
export function stepMatches(rule: TemporalRule, event: DetectableEvent, keyPrefix = ''): StepMatch[] {
  const matches: StepMatch[] = [];
  rule.steps.forEach((step, index) => {
    if (!step.filter.appliesTo(event) || !step.filter.matches(event)) return;
    const key = step.key(event);
    if (key !== undefined) matches.push({ step: index, key: keyPrefix + key });
  });
  return matches;
}

/** Feeds events (already in time order; ties in that order) through a new matcher of `rule`. */
export function runTemporal<E>(rule: TemporalRule, events: readonly TimedEvent<E>[]): TemporalRun<E> {
  const matcher = rule.newMatcher<E>();
  const matches: (readonly E[])[] = [];
  for (const { item, time, event } of events) {
    const steps = stepMatches(rule, event);
    if (steps.length === 0) continue;
    for (const match of matcher.observe(item, time, steps)) matches.push(match.events);
  }
  for (const match of matcher.finish()) matches.push(match.events);
  return { matches, dropped: matcher.dropped };
}
