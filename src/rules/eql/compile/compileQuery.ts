import { MatchContext } from '../../match/matchContext.js';
import type { RuleMeta, TemporalRule } from '../../types.js';
import type { Pipe } from '../parse/ast.js';
import { parseQuery } from '../parse/parser.js';
import { compileEventQuery, type EqlRule, type EventFieldCatalogue } from './compileRule.js';
import { compileSequence } from './compileSequence.js';

/** A compiled EQL query: a single-event rule or a sequence, with the pipes that follow it. */
export type CompiledEqlQuery =
  | { readonly kind: 'event'; readonly rule: EqlRule; readonly pipes: readonly Pipe[] }
  | { readonly kind: 'sequence'; readonly rule: TemporalRule; readonly pipes: readonly Pipe[] };

/** Compiles any EQL query hunt runs; see compileEql and compileSequence for the arguments and errors. */
export function compileEqlQuery(
  query: string,
  meta: RuleMeta,
  context: MatchContext = new MatchContext(),
  catalogue?: EventFieldCatalogue,
): CompiledEqlQuery {
  const parsed = parseQuery(query);
  if (parsed.kind === 'event') {
    return { kind: 'event', rule: compileEventQuery(query, parsed.event, meta, context, catalogue), pipes: parsed.pipes };
  }
  return { kind: 'sequence', rule: compileSequence(query, parsed.sequence, meta, context, catalogue), pipes: parsed.pipes };
}

/** Results through `| head N` and `| tail N`, in order. */
export function applyPipes<T>(results: readonly T[], pipes: readonly Pipe[]): readonly T[] {
  let kept = results;
  for (const pipe of pipes) kept = pipe.kind === 'head' ? kept.slice(0, pipe.count) : kept.slice(Math.max(kept.length - pipe.count, 0));
  return kept;
}
