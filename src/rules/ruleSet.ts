import { EMPTY_FIELDS, type DetectableEvent, type LogSourceFacts } from '../events/types.js';
import { PrefilterGate } from './match/prefilterGate.js';
import type { CompiledRule } from './types.js';

/**
 * The loaded rules, indexed by log source: which rules can see a (channel, event id) pair is decided
 * once per pair, so records no rule wants are skipped before their EventData is decoded.
 */
export class RuleSet {
  private readonly byFacts = new Map<LogSourceFacts, readonly CompiledRule[]>();
  /** The prefilter gate of each candidate list `rulesFor` handed out. */
  private readonly gates = new Map<readonly CompiledRule[], PrefilterGate>();

  constructor(readonly rules: readonly CompiledRule[]) {}

  /** The rules whose log source admits events with these facts (facts objects are interned). */
  rulesFor(facts: LogSourceFacts): readonly CompiledRule[] {
    let rules = this.byFacts.get(facts);
    if (rules === undefined) {
      const probe: DetectableEvent = { logsource: facts, sigma: EMPTY_FIELDS, ecs: EMPTY_FIELDS };
      rules = this.rules.filter((rule) => rule.appliesTo(probe));
      this.byFacts.set(facts, rules);
    }
    return rules;
  }

  /** The rules that none of `known` admits: they would never see an event. */
  rulesSeeingNone(known: readonly LogSourceFacts[]): CompiledRule[] {
    const seeing = new Set(known.flatMap((facts) => this.rulesFor(facts)));
    return this.rules.filter((rule) => !seeing.has(rule));
  }

  /**
   * The rules among `candidates` that match the event, in candidate order. Rules whose
   * prefilter the event does not meet are skipped without running their detection.
   */
  matching(candidates: readonly CompiledRule[], event: DetectableEvent): CompiledRule[] {
    const hits: CompiledRule[] = [];
    for (const position of this.gateFor(candidates).admittedPositions(event)) {
      const rule = candidates[position];
      if (rule.matches(event)) hits.push(rule);
    }
    return hits;
  }

  private gateFor(candidates: readonly CompiledRule[]): PrefilterGate {
    let gate = this.gates.get(candidates);
    if (gate === undefined) {
      gate = new PrefilterGate(candidates.map((rule) => rule.prefilter));
      this.gates.set(candidates, gate);
    }
    return gate;
  }
}
