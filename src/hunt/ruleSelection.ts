import { knownLogSources } from '../events/logsource.js';
import { RuleSet } from '../rules/ruleSet.js';
import { RULE_LEVELS, type CompiledRule, type LoadedRules, type RuleLevel, type SkippedRule } from '../rules/types.js';

export const NO_LOG_SOURCE = 'its logsource matches no event hunt reads from Windows event logs (category or service not mapped)';

/**
 * Which loaded rules a hunt runs. `skipped` holds the rules the loader skipped, then the idle ones
 * (no log source hunt reads admits them), whatever the outcome: they are worth reporting either way.
 */
export type RuleSelection =
  | { readonly outcome: 'selected'; readonly rules: readonly CompiledRule[]; readonly skipped: readonly SkippedRule[] }
  /** No rule could ever see an event. */
  | { readonly outcome: 'no-rules'; readonly skipped: readonly SkippedRule[] }
  /** `runnable` rules could run, but none is at the minimum level or above. */
  | {
      readonly outcome: 'none-at-level';
      readonly runnable: number;
      readonly minLevel: RuleLevel;
      readonly skipped: readonly SkippedRule[];
    };

/** The selection policy: idle rules are skipped, then rules below `minLevel` are left out. */
export function selectRules(loaded: LoadedRules, minLevel: RuleLevel): RuleSelection {
  const idle = new Set(new RuleSet(loaded.rules).rulesSeeingNone(knownLogSources()));
  const skipped = [...loaded.skipped, ...[...idle].map(idleRuleSkipped)];
  const runnable = loaded.rules.filter((rule) => !idle.has(rule));
  const wanted = new Set(RULE_LEVELS.slice(0, RULE_LEVELS.indexOf(minLevel) + 1));
  const rules = runnable.filter((rule) => wanted.has(rule.meta.level));
  if (rules.length > 0) return { outcome: 'selected', rules, skipped };
  if (runnable.length === 0) return { outcome: 'no-rules', skipped };
  return { outcome: 'none-at-level', runnable: runnable.length, minLevel, skipped };
}

function idleRuleSkipped(rule: CompiledRule): SkippedRule {
  return { file: rule.meta.file, id: rule.meta.id, title: rule.meta.title, kind: 'unsupported', reason: NO_LOG_SOURCE };
}
