import type { DetectableEvent } from '../../../events/types.js';
import { MatchContext } from '../../match/matchContext.js';
import type { CompiledRule, RuleMeta } from '../../types.js';
import { compileCondition } from './compiler.js';
import { parseEventQuery } from '../parse/parser.js';
import type { EventQuery, Expression } from '../parse/ast.js';
import { derivePrefilter } from './prefilter.js';
import { missingRequiredFields } from './availability.js';
import { RuleProblem, unsupported } from '../../problem.js';

/** A compiled EQL rule, with the event category its query names. */
export interface EqlRule extends CompiledRule {
  readonly category: string;
}

/** What the events a run reads can hold: rules needing anything else are skipped, not run. */
export interface EventFieldCatalogue {
  /** ECS event categories events are given, besides `any`. */
  readonly categories: readonly string[];
  /** Whether events of `category` (or `any`) can have `field`. */
  hasField(category: string, field: string): boolean;
}

/**
 * Compiles a single-event EQL query (`<category> where <condition>`). The category is matched
 * against the event's ECS categories (`any` matches every event). The prefilter's needles go into
 * `context`, shared with the other rules of a load.
 * With a `catalogue`, a query whose category or required fields no event can have is `unsupported`.
 * Throws a RuleProblem: `invalid` with its query position, or `unsupported` (sequences, pipes, ...).
 */
export function compileEql(
  query: string,
  meta: RuleMeta,
  context: MatchContext = new MatchContext(),
  catalogue?: EventFieldCatalogue,
): EqlRule {
  return compileEventQuery(query, parseEventQuery(query), meta, context, catalogue);
}

/** compileEql for a query already parsed; `query` is its text, for error positions. */
export function compileEventQuery(
  query: string,
  parsed: EventQuery,
  meta: RuleMeta,
  context: MatchContext = new MatchContext(),
  catalogue?: EventFieldCatalogue,
): EqlRule {
  if (catalogue !== undefined) checkAvailable(parsed.category, parsed.condition, catalogue);
  const condition = compileCondition(query, parsed.condition);
  const category = parsed.category;
  const appliesTo =
    category === 'any' ? (): boolean => true : (event: DetectableEvent): boolean => event.logsource.ecsCategories.includes(category);
  const prefilter = derivePrefilter(parsed.condition, context);
  return { meta, category, appliesTo, matches: (event) => condition(event.ecs), prefilter };
}

/** Whether events of `category` can ever satisfy `condition`, as far as the catalogue tells. */
export function isAvailable(category: string, condition: Expression, catalogue: EventFieldCatalogue): boolean {
  try {
    checkAvailable(category, condition, catalogue);
    return true;
  } catch (error) {
    if (error instanceof RuleProblem) return false;
    throw error;
  }
}

export function checkAvailable(category: string, condition: Expression, catalogue: EventFieldCatalogue): void {
  if (category !== 'any' && !catalogue.categories.includes(category)) {
    throw unsupported(
      `EQL '${category} where' rules need ${category} events, which Windows event logs do not give (hunt derives ${catalogue.categories.join(', ')})`,
    );
  }
  const missing = missingRequiredFields(condition, (field) => catalogue.hasField(category, field));
  if (missing !== undefined) {
    throw unsupported(
      `needs ${missing.join(', ')}, which Windows event logs do not provide (hunt derives ECS as Elastic's Windows integrations do)`,
    );
  }
}
