import { EMPTY_FIELDS, type DetectableEvent, type LogSourceFacts } from '../events/types.js';
import { GateScratch, PrefilterGate } from './match/prefilterGate.js';
import type { CompiledRule, TemporalRule } from './types.js';

/** Where a rule is a step of a temporal rule: `rule` indexes RuleSet.temporal. */
export interface StepRef {
  readonly rule: number;
  readonly step: number;
}

/**
 * Event ids a log source's candidate lists are narrowed for; a log naming more (a hostile one) gets
 * the log source's list, unnarrowed, for the rest.
 */
export const MAX_EVENT_IDS_PER_SOURCE = 4096;

/**
 * The loaded rules, indexed by log source and EventID: which rules can see a (channel, event id)
 * pair is decided once per pair, so records no rule wants are skipped before their EventData is
 * decoded. The steps of temporal rules are indexed with the single-event rules: `matching` returns
 * both, and `stepsOf` / `reports` say what a matched rule is.
 */
export class RuleSet {
  /** The single-event rules and the temporal rules' step filters, each once. */
  private readonly all: readonly CompiledRule[];
  private readonly standalone: ReadonlySet<CompiledRule>;
  private readonly steps = new Map<CompiledRule, StepRef[]>();
  private readonly byFacts = new Map<LogSourceFacts, readonly CompiledRule[]>();
  private readonly byEventId = new Map<readonly CompiledRule[], Map<number, readonly CompiledRule[]>>();
  /** One list object per distinct list of rules, so equal lists share their gate. */
  private readonly interned = new Map<string, readonly CompiledRule[]>();
  private readonly positionOf: ReadonlyMap<CompiledRule, number>;
  /** The prefilter gate of each candidate list `rulesFor` handed out. */
  private readonly gates = new Map<readonly CompiledRule[], PrefilterGate>();
  private readonly scratch = new GateScratch();

  /**
   * `rules` report their own hits; `temporal` rules are fed the events their steps match (a step
   * filter may be one of `rules` too: a Sigma rule a correlation references with `generate`).
   */
  constructor(
    readonly rules: readonly CompiledRule[],
    readonly temporal: readonly TemporalRule[] = [],
  ) {
    this.standalone = new Set(rules);
    temporal.forEach(({ steps }, rule) =>
      steps.forEach(({ filter }, step) => {
        const refs = this.steps.get(filter);
        if (refs === undefined) this.steps.set(filter, [{ rule, step }]);
        else refs.push({ rule, step });
      }),
    );
    this.all = [...new Set([...rules, ...this.steps.keys()])];
    this.positionOf = new Map(this.all.map((rule, position) => [rule, position]));
  }

  /** Whether a matched rule's hits are reported (false for a step filter only). */
  reports(rule: CompiledRule): boolean {
    return this.standalone.has(rule);
  }

  /** The temporal rule steps a matched rule is the filter of. */
  stepsOf(rule: CompiledRule): readonly StepRef[] | undefined {
    return this.steps.get(rule);
  }

  /**
   * The rules whose log source admits events with these facts (facts objects are interned) and,
   * given the event's EventID, whose detection can match it.
   */
  rulesFor(facts: LogSourceFacts, eventId?: number): readonly CompiledRule[] {
    let rules = this.byFacts.get(facts);
    if (rules === undefined) {
      const probe: DetectableEvent = { logsource: facts, sigma: EMPTY_FIELDS, ecs: EMPTY_FIELDS };
      rules = this.intern(this.all.filter((rule) => rule.appliesTo(probe)));
      this.byFacts.set(facts, rules);
    }
    return eventId === undefined ? rules : this.narrowed(rules, eventId);
  }

  /** The rules that none of `known` admits: they would never see an event. */
  rulesSeeingNone(known: readonly LogSourceFacts[]): CompiledRule[] {
    const seeing = new Set(known.flatMap((facts) => this.rulesFor(facts)));
    return this.all.filter((rule) => !seeing.has(rule));
  }

  /**
   * The rules among `candidates` that match the event, in candidate order. Rules whose
   * prefilter the event does not meet are skipped without running their detection.
   */
  matching(candidates: readonly CompiledRule[], event: DetectableEvent): CompiledRule[] {
    const hits: CompiledRule[] = [];
    for (const position of this.gateFor(candidates).admittedPositions(event)) {
      const rule = candidates[position]!;
      if (rule.matches(event)) hits.push(rule);
    }
    return hits;
  }

  private narrowed(rules: readonly CompiledRule[], eventId: number): readonly CompiledRule[] {
    let byEventId = this.byEventId.get(rules);
    if (byEventId === undefined) this.byEventId.set(rules, (byEventId = new Map()));
    let narrowed = byEventId.get(eventId);
    if (narrowed === undefined) {
      if (byEventId.size >= MAX_EVENT_IDS_PER_SOURCE) return rules;
      narrowed = this.intern(rules.filter((rule) => rule.prefilter?.eventIds?.has(eventId) ?? true));
      byEventId.set(eventId, narrowed);
    }
    return narrowed;
  }

  private intern(rules: readonly CompiledRule[]): readonly CompiledRule[] {
    const key = rules.map((rule) => this.positionOf.get(rule)).join(',');
    let interned = this.interned.get(key);
    if (interned === undefined) this.interned.set(key, (interned = rules));
    return interned;
  }

  private gateFor(candidates: readonly CompiledRule[]): PrefilterGate {
    let gate = this.gates.get(candidates);
    if (gate === undefined) {
      gate = new PrefilterGate(
        candidates.map((rule) => rule.prefilter),
        this.scratch,
      );
      this.gates.set(candidates, gate);
    }
    return gate;
  }
}
