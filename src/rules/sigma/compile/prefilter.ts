/**
 * Sigma rule prefilters (see match/prefilter.ts), derived from the condition and detection trees.
 * Whatever cannot be proven necessary yields no prefilter: negations (`not`, `neq`), items that
 * match absent fields (`null`, `exists`), keywords, cased strings and non-string values
 * (regexes, numbers, networks, field references, ...).
 */
import { selectIdentifiers, type ConditionNode } from '../model/condition.js';
import type { DetectionItem, DetectionNode } from '../model/detection.js';
import type { MatchContext } from '../../match/matchContext.js';
import { either, needlesIn, prefilterOf, strongest, type Requirement, type RulePrefilter } from '../../match/prefilter.js';
import type { SigmaValue } from '../model/values.js';

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
  return prefilterOf(requirement, 'sigma', context);
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
    perValue.push(needlesIn(field, needles));
  }
  // With `all` every value must match, so any one of them is necessary.
  return linkAll ? strongest(perValue) : either(perValue);
}

/** Needles of which one occurs in every lower-cased text the value matches. */
function valueNeedles(value: SigmaValue): string[] | undefined {
  switch (value.kind) {
    case 'expansion': {
      const needles: string[] = [];
      for (const alternative of value.values) {
        const more = valueNeedles(alternative);
        if (more === undefined) return undefined;
        needles.push(...more);
      }
      return needles.length === 0 ? undefined : needles;
    }
    case 'string': {
      // Lower-casing a cased needle need not give a substring of the lower-cased text (final sigma).
      if (value.cased) return undefined;
      // Every literal part occurs in a matching text; the longest is the rarest.
      let longest = '';
      for (const part of value.parts) if (typeof part === 'string' && part.length > longest.length) longest = part;
      // Lower-cased part by part, exactly as the string matcher compares them.
      return longest === '' ? undefined : [longest.toLowerCase()];
    }
    case 'number':
    case 'bool':
    case 'null':
    case 'regex':
    case 'cidr':
    case 'fieldRef':
    case 'compare':
    case 'exists':
    case 'timestampPart':
    case 'bytes':
      return undefined;
    default:
      return value satisfies never;
  }
}
