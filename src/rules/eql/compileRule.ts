import type { DetectableEvent } from '../../events/types.js';
import type { CompiledRule, RuleMeta } from '../types.js';
import { compileCondition } from './compiler.js';
import { parseEventQuery } from './parser.js';

/**
 * Compiles a single-event EQL query (`<category> where <condition>`). The category is matched
 * against the event's ECS categories (`any` matches every event).
 * Throws EqlSyntaxError (with position) or EqlUnsupportedError (sequences, pipes, ...).
 */
export function compileEql(query: string, meta: RuleMeta): CompiledRule {
  const parsed = parseEventQuery(query);
  const condition = compileCondition(query, parsed.condition);
  const category = parsed.category;
  const appliesTo =
    category === 'any'
      ? (): boolean => true
      : (event: DetectableEvent): boolean => event.logsource.ecsCategories.includes(category);
  return {
    meta,
    appliesTo,
    matches: (event) => appliesTo(event) && condition(event.ecs),
  };
}
