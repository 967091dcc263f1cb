/**
 * Hits and observations as structured clone carries them, to another thread or (with node:v8) to a
 * file: plain data but for a hit's rule, which goes as its index in rules both sides hold.
 */
import type { RuleMeta } from '../rules/types.js';
import type { Hit } from './hit.js';
import type { StepObservation } from './temporalRun.js';

/** A hit with its rule as an index into the loaded rules; every other field as the hunt made it. */
export type HitMessage = Omit<Hit, 'rule'> & { readonly rule: number };

/** A hit as structured clone carries it (to another thread, or to a file with node:v8). */
export interface HitClone {
  readonly hit: HitMessage;
  /** Fields whose objects have no prototype (a record's EventData): given none again on arrival. */
  readonly nullPrototype?: readonly string[];
}

/** An observation as structured clone carries it; `nullPrototype` names fields of its event. */
export interface ObservationClone {
  readonly observation: StepObservation;
  readonly nullPrototype?: readonly string[];
}

function nullPrototypeFields(value: object): { nullPrototype?: string[] } {
  const fields = Object.entries(value)
    .filter(([, field]) => typeof field === 'object' && field !== null && Object.getPrototypeOf(field) === null)
    .map(([name]) => name);
  return fields.length > 0 ? { nullPrototype: fields } : {};
}

function withNullPrototypes<T extends object>(value: T, names: readonly string[] | undefined): T {
  if (names === undefined) return value;
  const fields: Record<string, unknown> = { ...(value as Record<string, unknown>) };
  for (const name of names) fields[name] = Object.assign(Object.create(null) as object, fields[name]);
  // Structured clone keeps every plain-data field; only the named ones lost their null prototype.
  return fields as T;
}

export function cloneHit(hit: Hit, ruleIndex: ReadonlyMap<RuleMeta, number>): HitClone {
  return { hit: { ...hit, rule: ruleIndex.get(hit.rule) ?? -1 }, ...nullPrototypeFields(hit) };
}

/** A hit as the other side made it, with this side's rule. */
export function arrivedHit({ hit, nullPrototype }: HitClone, rules: readonly RuleMeta[]): Hit {
  return withNullPrototypes({ ...hit, rule: rules[hit.rule]! }, nullPrototype);
}

export function cloneObservation(observation: StepObservation): ObservationClone {
  return { observation, ...nullPrototypeFields(observation.event) };
}

export function arrivedObservation({ observation, nullPrototype }: ObservationClone): StepObservation {
  return nullPrototype === undefined ? observation : { ...observation, event: withNullPrototypes(observation.event, nullPrototype) };
}
