import { isAbsolute, resolve, sep } from 'node:path';
import { knownLogSources } from '../events/logsource.js';
import { RuleSet } from '../rules/ruleSet.js';
import {
  RULE_LEVELS,
  type CompiledRule,
  type LoadedRules,
  type RuleLevel,
  type RuleMeta,
  type SkippedRule,
  type TemporalRule,
} from '../rules/types.js';

export const NO_LOG_SOURCE = 'its logsource matches no event hunt reads from Windows event logs (category or service not mapped)';

/**
 * Which loaded rules a hunt runs. `skipped` holds the rules the loader skipped, then the idle ones
 * (no log source hunt reads admits them), whatever the outcome: they are worth reporting either way.
 */
export type RuleSelection =
  | {
      readonly outcome: 'selected';
      readonly rules: readonly CompiledRule[];
      /** Rules over several events; their steps' filters are not in `rules` unless those report hits of their own. */
      readonly temporal: readonly TemporalRule[];
      readonly skipped: readonly SkippedRule[];
    }
  /** No rule could ever see an event. */
  | { readonly outcome: 'no-rules'; readonly skipped: readonly SkippedRule[] }
  /** `runnable` rules could run, but none is at the minimum level or above. */
  | {
      readonly outcome: 'none-at-level';
      readonly runnable: number;
      readonly minLevel: RuleLevel;
      readonly skipped: readonly SkippedRule[];
    };

/**
 * The selection policy: idle rules are skipped (a temporal rule when none of its steps can see an
 * event), then rules below `minLevel` are left out.
 */
export function selectRules(loaded: LoadedRules, minLevel: RuleLevel): RuleSelection {
  const loadedTemporal = loaded.temporal ?? [];
  const idle = new Set(new RuleSet(loaded.rules, loadedTemporal).rulesSeeingNone(knownLogSources()));
  const idleTemporal = loadedTemporal.filter((rule) => rule.steps.every((step) => idle.has(step.filter)));
  const skipped = [
    ...loaded.skipped,
    ...loaded.rules.filter((rule) => idle.has(rule)).map((rule) => idleRuleSkipped(rule.meta)),
    ...idleTemporal.map((rule) => idleRuleSkipped(rule.meta)),
  ];
  const runnable = loaded.rules.filter((rule) => !idle.has(rule));
  const runnableTemporal = loadedTemporal.filter((rule) => !idleTemporal.includes(rule));
  const wanted = new Set(RULE_LEVELS.slice(0, RULE_LEVELS.indexOf(minLevel) + 1));
  const rules = runnable.filter((rule) => wanted.has(rule.meta.level));
  const temporal = runnableTemporal.filter((rule) => wanted.has(rule.meta.level));
  if (rules.length + temporal.length > 0) return { outcome: 'selected', rules, temporal, skipped };
  if (runnable.length + runnableTemporal.length === 0) return { outcome: 'no-rules', skipped };
  return { outcome: 'none-at-level', runnable: runnable.length + runnableTemporal.length, minLevel, skipped };
}

function idleRuleSkipped(meta: RuleMeta): SkippedRule {
  return { file: meta.file, id: meta.id, title: meta.title, kind: 'unsupported', reason: NO_LOG_SOURCE };
}

/** Rules the user leaves out (`--exclude-status`, `--exclude-rule`, `--exclude-rules-file`): plain data, for worker threads too. */
export interface RuleExclusions {
  /** Sigma statuses (`deprecated`, `unsupported`, `experimental`, ...), lower case: their rules are left out. */
  readonly statuses?: readonly string[];
  /** Rule ids, or absolute paths of rule files or folders: the rules they name or hold are left out. */
  readonly rules?: readonly string[];
}

/** What excludeRules kept, and what it left out. */
export interface ExcludedRules {
  readonly loaded: LoadedRules;
  readonly excluded: number;
  /** Entries of `rules` that named no loaded rule (a mistyped id or path, worth saying). */
  readonly unmatched: readonly string[];
}

/** Leaves out the rules `exclusions` names, before selectRules chooses among the others. */
export function excludeRules(loaded: LoadedRules, exclusions: RuleExclusions | undefined): ExcludedRules {
  const statuses = new Set(exclusions?.statuses ?? []);
  const entries = exclusions?.rules ?? [];
  if (statuses.size === 0 && entries.length === 0) return { loaded, excluded: 0, unmatched: [] };
  const ids = new Set(entries.map((entry) => entry.toLowerCase()));
  const paths = entries.filter(isAbsolute).map((entry) => resolve(entry));
  const matched = new Set<string>();
  const namedBy = (rule: CompiledRule): string | undefined => {
    const id = rule.meta.id.toLowerCase();
    if (ids.has(id)) return entries.find((entry) => entry.toLowerCase() === id);
    const file = resolve(rule.meta.file);
    return paths.find((path) => file === path || file.startsWith(path.endsWith(sep) ? path : path + sep));
  };
  const rules = loaded.rules.filter((rule) => {
    const entry = namedBy(rule);
    if (entry !== undefined) matched.add(entry);
    const status = rule.meta.status?.toLowerCase();
    return entry === undefined && (status === undefined || !statuses.has(status));
  });
  return {
    loaded: { ...loaded, rules },
    excluded: loaded.rules.length - rules.length,
    unmatched: entries.filter((entry) => !matched.has(entry) && !matched.has(resolve(entry))),
  };
}
