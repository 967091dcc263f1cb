import type { DetectableEvent } from '../events/types.js';
import type { RulePrefilter } from './match/prefilter.js';
import type { RuleProblemKind } from './problem.js';

export type RuleSource = 'sigma' | 'eql';

export type RuleLevel = 'informational' | 'low' | 'medium' | 'high' | 'critical';

/** Rule levels, most severe first. */
export const RULE_LEVELS: readonly RuleLevel[] = ['critical', 'high', 'medium', 'low', 'informational'];

export interface RuleMeta {
  readonly id: string;
  readonly title: string;
  readonly level: RuleLevel;
  readonly source: RuleSource;
  /** The file the rule was loaded from. */
  readonly file: string;
  readonly description?: string;
  readonly author?: string;
  readonly status?: string;
  readonly tags: readonly string[];
  readonly references: readonly string[];
  readonly falsepositives: readonly string[];
  /** EQL only: Elastic's risk score. */
  readonly riskScore?: number;
}

/** What tells rules apart: one id per source (`sigma:…`, `eql:…`), whatever file holds the rule. */
export function ruleIdentity(rule: Pick<RuleMeta, 'source' | 'id'>): string {
  return `${rule.source}:${rule.id}`;
}

/** A rule compiled once into a matcher. */
export interface CompiledRule {
  readonly meta: RuleMeta;
  /** Cheap pre-filter on log source; false means the rule never sees the event. */
  appliesTo(event: DetectableEvent): boolean;
  matches(event: DetectableEvent): boolean;
  /** Met by every event the rule matches; lets a rule set skip the rule cheaply. */
  readonly prefilter?: RulePrefilter | undefined;
}

/** A rule that could not be loaded, with the reason, said once. */
export interface SkippedRule {
  readonly file: string;
  readonly id?: string;
  readonly title?: string;
  /**
   * Why, in one word: the rule breaks its specification (`invalid`), uses what hunt cannot run or
   * needs events hunt does not read (`unsupported`), or repeats an id already loaded (`duplicate`).
   */
  readonly kind: RuleProblemKind | 'duplicate';
  readonly reason: string;
}

export interface LoadedRules {
  readonly rules: CompiledRule[];
  readonly skipped: SkippedRule[];
  /** Rules over several events (EQL sequences, Sigma correlations). */
  readonly temporal?: TemporalRule[];
}

/**
 * Rules over several events in time: EQL sequences and Sigma correlations. A temporal rule is a few
 * single-event steps and a matcher: the hunt runs each step's filter like any rule, and feeds the
 * events that match a step, in time order, to the rule's matcher, which joins them.
 */

/** One step of a temporal rule: the events it takes and what they are joined on. */
export interface TemporalStep {
  /** The step's single-event condition, run as any rule is (its prefilter too). */
  readonly filter: CompiledRule;
  /**
   * The event's join key (EQL `by` values, Sigma `group-by` values), as one string; undefined when
   * the event cannot join (a key field the rule requires is missing).
   */
  key(event: DetectableEvent): string | undefined;
  /** The value a Sigma `value_count` counts; undefined when the event lacks it. */
  value?(event: DetectableEvent): string | undefined;
  /**
   * EQL: `until` ends the partial matches of its key, `missing` (`![...]`) is an event that must not
   * come; neither is one of the events of a match. Their events go to the matcher like any step's.
   */
  readonly role?: 'until' | 'missing';
}

/** An event that matched step `step` of a rule, with the step's key (and value) for it. */
export interface StepMatch {
  readonly step: number;
  readonly key: string;
  readonly value?: string | undefined;
}

/** A completed match: the events it joined, in the order of the rule's steps (or of time). */
export interface TemporalMatch<E> {
  readonly events: readonly E[];
}

/**
 * The state of one temporal rule over one run. `E` is whatever the caller keeps of an event (the
 * hunt: what a hit reports; a test: an id). Memory is bounded by the matcher: state expires with the
 * rule's time span, and past a documented number of partial matches per key the oldest are dropped
 * and counted in `dropped`.
 */
export interface TemporalMatcher<E> {
  /**
   * One event, in time order (ties in the order the run read them): `time` in milliseconds since
   * 1970, `steps` the steps it matched (at least one). Returns the matches this event completes.
   */
  observe(event: E, time: number, steps: readonly StepMatch[]): readonly TemporalMatch<E>[];
  /** After the last event: matches that only the end of the events completes. */
  finish(): readonly TemporalMatch<E>[];
  /** Partial matches dropped to keep memory bounded. */
  readonly dropped: number;
}

export interface TemporalRule {
  readonly meta: RuleMeta;
  readonly steps: readonly TemporalStep[];
  /** A matcher with no state, for one run. */
  newMatcher<E>(): TemporalMatcher<E>;
}
