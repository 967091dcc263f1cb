import type { DetectableEvent } from '../../../events/types.js';
import { MatchContext } from '../../match/matchContext.js';
import type { CompiledRule, RuleMeta } from '../../types.js';
import { compileCondition } from './compiler.js';
import { parseEventQuery } from '../parse/parser.js';
import { derivePrefilter } from './prefilter.js';

/** A compiled EQL rule, with the event category its query names. */
export interface EqlRule extends CompiledRule {
  readonly category: string;
}

/**
 * Compiles a single-event EQL query (`<category> where <condition>`). The category is matched
 * against the event's ECS categories (`any` matches every event). The prefilter's needles go into
 * `context`, shared with the other rules of a load.
 * Throws a RuleProblem: `invalid` with its query position, or `unsupported` (sequences, pipes, ...).
 */
export function compileEql(query: string, meta: RuleMeta, context: MatchContext = new MatchContext()): EqlRule {
  const parsed = parseEventQuery(query);
  const condition = compileCondition(query, parsed.condition);
  const category = parsed.category;
  const appliesTo =
    category === 'any' ? (): boolean => true : (event: DetectableEvent): boolean => event.logsource.ecsCategories.includes(category);
  const prefilter = derivePrefilter(parsed.condition, context);
  return { meta, category, appliesTo, matches: (event) => condition(event.ecs), prefilter };
}
