/**
 * Rule prefilters, whatever engine derived them: a condition every event the rule matches
 * meets, "one of these needles occurs in the lower-cased text of one of these fields". The
 * needles live in the fields' needle indexes of the rules' MatchContext, so a rule set checks
 * the prefilters of all its rules from one scan per field (prefilterGate.ts) and runs a rule's
 * detection only on the events that pass.
 *
 * Engines derive them conservatively as a Requirement over their syntax trees (needles per
 * field, or unknown), combined with `either` and `strongest` below.
 */
import type { FieldView, MatchContext } from './matchContext.js';
import type { NeedleIndex } from './needleIndex.js';

/** Needles of one field, lower-cased, as its needle index knows them. */
export interface FieldNeedles {
  /** Which of the event's field views the field is read from. */
  readonly view: FieldView;
  readonly field: string;
  readonly needles: readonly string[];
  readonly index: NeedleIndex;
  readonly ids: Int32Array;
  /** The lower-casing the index's texts go through. */
  readonly lower: (raw: string) => string;
}

/** Met when any needle of any of its (distinct) fields occurs in that field's lower-cased text. */
export type RulePrefilter = readonly FieldNeedles[];

/** A prefilter while it is derived: field -> lower-cased needles. Undefined means "none known". */
export type Requirement = ReadonlyMap<string, ReadonlySet<string>> | undefined;

/** One needle (or any of several) in one field. */
export function needlesIn(field: string, needles: Iterable<string>): Requirement {
  return new Map([[field, new Set(needles)]]);
}

/** The prefilter of a derived requirement, its needles registered in the context's indexes. */
export function prefilterOf(requirement: Requirement, view: FieldView, context: MatchContext): RulePrefilter | undefined {
  if (requirement === undefined) return undefined;
  return [...requirement].map(([field, needleSet]) => {
    const index = context.needleIndex(view, field);
    const needles = [...needleSet];
    const ids = Int32Array.from(needles, (needle) => index.register(needle));
    return { view, field, needles, index, ids, lower: context.lowerCase(view, field) };
  });
}

/** Necessary for any of the alternatives: their union; unknown if any is unknown. */
export function either(requirements: readonly Requirement[]): Requirement {
  if (requirements.length === 0) return undefined;
  const union = new Map<string, Set<string>>();
  for (const requirement of requirements) {
    if (requirement === undefined) return undefined;
    for (const [field, needles] of requirement) {
      const merged = union.get(field);
      if (merged === undefined) union.set(field, new Set(needles));
      else for (const needle of needles) merged.add(needle);
    }
  }
  return union;
}

/** Necessary for all of the operands: any one of theirs, so the one likely to fail most often. */
export function strongest(requirements: readonly Requirement[]): Requirement {
  let best: Requirement;
  for (const requirement of requirements) {
    if (requirement !== undefined && (best === undefined || isStronger(requirement, best))) best = requirement;
  }
  return best;
}

/** Longer needles occur more rarely; among equally long, fewer needles are met less often. */
function isStronger(a: NonNullable<Requirement>, b: NonNullable<Requirement>): boolean {
  const shortestA = shortestNeedle(a);
  const shortestB = shortestNeedle(b);
  return shortestA !== shortestB ? shortestA > shortestB : needleCount(a) < needleCount(b);
}

function shortestNeedle(requirement: NonNullable<Requirement>): number {
  let shortest = Infinity;
  for (const needles of requirement.values()) for (const needle of needles) shortest = Math.min(shortest, needle.length);
  return shortest;
}

function needleCount(requirement: NonNullable<Requirement>): number {
  let count = 0;
  for (const needles of requirement.values()) count += needles.size;
  return count;
}
