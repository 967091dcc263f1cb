/**
 * Compiles an EQL sequence into a TemporalRule: one step per bracketed step (a step `with runs=N`
 * is one step that fills N positions of a match), its `until` step last. Each step's filter is a
 * single-event rule (with its prefilter); its key is the values of the sequence's `by` keys and then
 * the step's own, so steps join on them position by position.
 */
import type { DetectableEvent, FieldSource } from '../../../events/types.js';
import { MatchContext } from '../../match/matchContext.js';
import { RuleProblem, invalidInQuery, unsupported } from '../../problem.js';
import type { RuleMeta, TemporalRule, TemporalStep } from '../../types.js';
import type { Expression, SequenceQuery, SequenceStep } from '../parse/ast.js';
import { newSequenceMatcher, type SequencePlan } from '../sequence/matcher.js';
import { checkAvailable, compileEventQuery, isAvailable, type EventFieldCatalogue } from './compileRule.js';
import { compileValue } from './compiler.js';
import type { EqlValue } from './values.js';

/**
 * Join keys that name the host. The hunt already joins events of one host only (it puts the host in
 * front of every key), so where events lack such a field it is left out of the key rather than
 * making the rule unable to join.
 */
const HOST_KEYS: ReadonlySet<string> = new Set(['host.id', 'host.name', 'host.hostname', 'agent.id', 'winlog.computer_name']);

/**
 * With a `catalogue`, a sequence one of whose steps no event can satisfy, or whose join keys its
 * events cannot have, is `unsupported`; `until` and missing-event steps no event can satisfy are
 * left out (they would never fire).
 */
export function compileSequence(
  query: string,
  parsed: SequenceQuery,
  meta: RuleMeta,
  context: MatchContext = new MatchContext(),
  catalogue?: EventFieldCatalogue,
): TemporalRule {
  let sequence = parsed;
  const edgeMissing = [sequence.steps[0], sequence.steps.at(-1)].find((step) => step?.missing === true);
  if (edgeMissing !== undefined && sequence.maxspanMs === undefined) {
    throw invalidInQuery(query, edgeMissing.offset, 'a missing event first or last in a sequence needs maxspan');
  }
  if (catalogue !== undefined) sequence = withoutAbsentHostKeys(sequence, catalogue);
  const sequenceKeys = sequence.keys;
  const steps: TemporalStep[] = [];
  const positions: number[] = [];
  const missingGaps = new Map<number, number>();
  const joinWidth = sequence.steps.find((step) => !step.missing)!.keys.length;
  sequence.steps.forEach((step, index) => {
    if (step.keys.length !== joinWidth) {
      throw invalidInQuery(
        query,
        step.offset,
        `every step needs the same number of join keys (${joinWidth}), this one has ${step.keys.length}`,
      );
    }
    const label = `step ${index + 1}: `;
    if (step.missing) {
      if (catalogue !== undefined && !isAvailable(step.query.category, step.query.condition, catalogue)) return;
      missingGaps.set(steps.length, positions.length);
      steps.push(compileStep(query, step, sequenceKeys, meta, context, 'missing', catalogue, label));
      return;
    }
    if (catalogue !== undefined) checkStep(step, catalogue, label);
    for (let run = 0; run < step.runs; run++) positions.push(steps.length);
    steps.push(compileStep(query, step, sequenceKeys, meta, context, undefined, catalogue, label));
  });
  let untilStep: number | undefined;
  const { until } = sequence;
  if (until !== undefined && (catalogue === undefined || isAvailable(until.query.category, until.query.condition, catalogue))) {
    if (until.keys.length !== joinWidth) {
      throw invalidInQuery(
        query,
        until.offset,
        `until needs the same number of join keys (${joinWidth}) as the steps, it has ${until.keys.length}`,
      );
    }
    untilStep = steps.length;
    steps.push(compileStep(query, until, sequenceKeys, meta, context, 'until', catalogue, 'until: '));
  }
  const plan: SequencePlan = { positions, missingGaps, untilStep, maxspanMs: sequence.maxspanMs };
  return { meta, steps, newMatcher: () => newSequenceMatcher(plan) };
}

function compileStep(
  query: string,
  step: SequenceStep,
  sequenceKeys: readonly Expression[],
  meta: RuleMeta,
  context: MatchContext,
  role: 'until' | 'missing' | undefined,
  catalogue: EventFieldCatalogue | undefined,
  label: string,
): TemporalStep {
  if (catalogue !== undefined) {
    for (const key of [...sequenceKeys, ...step.keys]) {
      if (key.kind === 'field' && !key.optional && !catalogue.hasField(step.query.category, key.name)) {
        throw unsupported(`${label}join key ${key.name} is not in ${step.query.category} events read from Windows event logs`);
      }
    }
  }
  const filter = compileEventQuery(query, step.query, meta, context);
  const keys = [...sequenceKeys, ...step.keys].map((key) => compileValue(query, key));
  const key = (event: DetectableEvent): string | undefined => joinKey(keys, event.ecs);
  return role === undefined ? { filter, key } : { filter, key, role };
}

function checkStep(step: SequenceStep, catalogue: EventFieldCatalogue, label: string): void {
  try {
    checkAvailable(step.query.category, step.query.condition, catalogue);
  } catch (error) {
    throw error instanceof RuleProblem ? error.within(label) : error;
  }
}

/**
 * The sequence without the host keys its events cannot have: a sequence-level one, or a step key
 * at a place where every step (until and missing ones too) names a host field.
 */
function withoutAbsentHostKeys(sequence: SequenceQuery, catalogue: EventFieldCatalogue): SequenceQuery {
  const allSteps = sequence.until === undefined ? sequence.steps : [...sequence.steps, sequence.until];
  const isAbsentHostKey = (key: Expression | undefined, category: string): boolean =>
    key?.kind === 'field' && HOST_KEYS.has(key.name) && !catalogue.hasField(category, key.name);
  const isHostKey = (key: Expression | undefined): boolean => key?.kind === 'field' && HOST_KEYS.has(key.name);
  const keys = sequence.keys.filter((key) => !allSteps.some((step) => isAbsentHostKey(key, step.query.category)));
  const width = allSteps[0]?.keys.length ?? 0;
  const dropped = new Set<number>();
  for (let index = 0; index < width; index++) {
    const everyStepHost = allSteps.every((step) => isHostKey(step.keys[index]));
    if (everyStepHost && allSteps.some((step) => isAbsentHostKey(step.keys[index], step.query.category))) dropped.add(index);
  }
  if (keys.length === sequence.keys.length && dropped.size === 0) return sequence;
  const trim = (step: SequenceStep): SequenceStep => ({ ...step, keys: step.keys.filter((_, index) => !dropped.has(index)) });
  return {
    ...sequence,
    keys,
    steps: sequence.steps.map(trim),
    until: sequence.until === undefined ? undefined : trim(sequence.until),
  };
}

/**
 * The join key: the key values as JSON text, numbers as their decimal text (a long field joins a
 * keyword one holding the same digits). Undefined when a value is null: as in Elasticsearch, an event
 * missing a join key joins nothing.
 */
function joinKey(keys: readonly ((fields: FieldSource) => EqlValue)[], fields: FieldSource): string | undefined {
  const parts: (string | string[])[] = [];
  for (const key of keys) {
    const value = key(fields);
    if (value === null) return undefined;
    parts.push(Array.isArray(value) ? value.map(String) : String(value));
  }
  return JSON.stringify(parts);
}
