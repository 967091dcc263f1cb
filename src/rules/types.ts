import type { DetectableEvent } from '../events/types.js';
import type { RulePrefilter } from './match/prefilter.js';
import type { RuleProblemKind } from './problem.js';
import type { TemporalRule } from './temporal.js';

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
