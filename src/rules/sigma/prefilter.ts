/**
 * Rule prefilters: derived when a rule compiles, a condition that every event the rule matches
 * meets: "one of these needles occurs in the lower-cased text of one of these fields". The
 * needles live in the fields' shared needle indexes, so a rule set checks the prefilters of all
 * its rules from one scan per field (prefilterGate.ts) and runs a rule's detection only on the
 * events that pass.
 *
 * Derivation is conservative: whatever it cannot prove necessary yields no prefilter. That
 * covers negations (`not`, `neq`), items that match absent fields (`null`, `exists`), keywords,
 * cased strings and non-string values (regexes, numbers, networks, field references, ...).
 */
import { selectIdentifiers, type ConditionNode } from './condition.js';
import type { DetectionItem, DetectionNode } from './detection.js';
import type { MatchContext } from '../match/matchContext.js';
import type { NeedleIndex } from '../match/needleIndex.js';
import { SigmaString } from './sigmaString.js';
import { SigmaExpansion, type SigmaValue } from './values.js';

/** Needles, lower-cased, with their ids in the field's shared needle index. */
export interface FieldNeedles {
  readonly field: string;
  readonly needles: readonly string[];
  /** The index the rule's own tests use for the field, and the ids of the needles in it. */
  readonly index: NeedleIndex;
  readonly ids: Int32Array;
  /** The lower-casing the rule's own tests use for the field. */
  readonly lower: (raw: string) => string;
}

/** Met when any needle of any of its (distinct) fields occurs in that field's lower-cased text. */
export type RulePrefilter = readonly FieldNeedles[];

/** A prefilter while it is derived: field -> needles. Undefined means "none known". */
type Requirement = ReadonlyMap<string, ReadonlySet<string>> | undefined;

/**
 * The prefilter of a rule whose condition list (OR-linked) is `conditions` over the search
 * identifiers `identifiers`, or undefined when none can be proven. Registers its needles.
 */
export function derivePrefilter(
  conditions: readonly ConditionNode[],
  identifiers: ReadonlyMap<string, DetectionNode>,
  context: MatchContext,
): RulePrefilter | undefined {
  const byIdentifier = new Map<string, Requirement>();
  for (const [name, node] of identifiers) byIdentifier.set(name, detectionRequirement(node));
  const requirement = either(conditions.map((condition) => conditionRequirement(condition, byIdentifier)));
  if (requirement === undefined) return undefined;
  return [...requirement].map(([field, needleSet]) => {
    const index = context.needleIndex('sigma', field);
    const needles = [...needleSet];
    const ids = Int32Array.from(needles, (needle) => index.register(needle));
    return { field, needles, index, ids, lower: context.lowerCase('sigma', field) };
  });
}

function conditionRequirement(node: ConditionNode, identifiers: ReadonlyMap<string, Requirement>): Requirement {
  switch (node.kind) {
    case 'identifier':
      return identifiers.get(node.name);
    case 'not':
      // Met by every event without the operand's needles.
      return undefined;
    case 'and':
      return strongest(node.operands.map((operand) => conditionRequirement(operand, identifiers)));
    case 'or':
      return either(node.operands.map((operand) => conditionRequirement(operand, identifiers)));
    case 'of': {
      const names = selectIdentifiers(node.target, [...identifiers.keys()]);
      const requirements = names.map((name) => identifiers.get(name));
      if (node.count === 'all') return strongest(requirements);
      // `n of` needs at least one of them; more than there are never matches, nothing to gain.
      return node.count <= names.length ? either(requirements) : undefined;
    }
  }
}

function detectionRequirement(node: DetectionNode): Requirement {
  switch (node.kind) {
    case 'item':
      return itemRequirement(node.item);
    case 'allOf':
      return strongest(node.children.map(detectionRequirement));
    case 'anyOf':
      return either(node.children.map(detectionRequirement));
  }
}

function itemRequirement({ field, values, linkAll, negated }: DetectionItem): Requirement {
  if (field === undefined || negated) return undefined;
  const perValue: Requirement[] = [];
  for (const value of values) {
    const needles = valueNeedles(value);
    if (needles === undefined) return undefined;
    perValue.push(new Map([[field, new Set(needles)]]));
  }
  // With `all` every value must match, so any one of them is necessary.
  return linkAll ? strongest(perValue) : either(perValue);
}

/** Needles of which one occurs in every lower-cased text the value matches. */
function valueNeedles(value: SigmaValue): string[] | undefined {
  if (value instanceof SigmaExpansion) {
    const needles: string[] = [];
    for (const alternative of value.values) {
      const more = valueNeedles(alternative);
      if (more === undefined) return undefined;
      needles.push(...more);
    }
    return needles.length === 0 ? undefined : needles;
  }
  // Lower-casing a cased needle need not give a substring of the lower-cased text (final sigma).
  if (!(value instanceof SigmaString) || value.cased) return undefined;
  // Every literal part occurs in a matching text; the longest is the rarest.
  let longest = '';
  for (const part of value.parts) if (typeof part === 'string' && part.length > longest.length) longest = part;
  // Lower-cased part by part, exactly as the string matcher compares them.
  return longest === '' ? undefined : [longest.toLowerCase()];
}

/** Necessary for any of the alternatives: their union; unknown if any is unknown. */
function either(requirements: readonly Requirement[]): Requirement {
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
function strongest(requirements: readonly Requirement[]): Requirement {
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
