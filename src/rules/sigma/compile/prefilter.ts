/**
 * Sigma rule prefilters (see match/prefilter.ts), derived from the condition and detection trees.
 * Whatever cannot be proven necessary yields nothing: negations (`not`, `neq`), items that match
 * absent fields (`null`, `exists`), cased strings and values other than strings, numbers and
 * booleans (regexes, networks, field references, ...). Keywords give needles searched in every
 * value, and `EventID` equalities the EventIDs the rule can match.
 */
import { selectIdentifiers, type ConditionNode } from '../model/condition.js';
import type { DetectionItem, DetectionNode } from '../model/detection.js';
import type { MatchContext } from '../../match/matchContext.js';
import {
  all,
  either,
  eventIdIn,
  EVERY_VALUE,
  needlesIn,
  prefilterOf,
  UNKNOWN,
  type Requirement,
  type RulePrefilter,
} from '../../match/prefilter.js';
import type { SigmaValue } from '../model/values.js';

/** The Sigma field whose equalities give EventIDs: the record's event id, a number. */
const EVENT_ID_FIELD = 'EventID';

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
      return identifiers.get(node.name) ?? UNKNOWN;
    case 'not':
      // Met by every event without the operand's needles.
      return UNKNOWN;
    case 'and':
      return all(node.operands.map((operand) => conditionRequirement(operand, identifiers)));
    case 'or':
      return either(node.operands.map((operand) => conditionRequirement(operand, identifiers)));
    case 'of': {
      const names = selectIdentifiers(node.target, [...identifiers.keys()]);
      const requirements = names.map((name) => identifiers.get(name) ?? UNKNOWN);
      if (node.count === 'all') return all(requirements);
      // `n of` needs at least one of them; more than there are never matches, nothing to gain.
      return node.count <= names.length ? either(requirements) : UNKNOWN;
    }
  }
}

function detectionRequirement(node: DetectionNode): Requirement {
  switch (node.kind) {
    case 'item':
      return itemRequirement(node.item);
    case 'allOf':
      return all(node.children.map(detectionRequirement));
    case 'anyOf':
      return either(node.children.map(detectionRequirement));
  }
}

function itemRequirement(item: DetectionItem): Requirement {
  const { field, values, linkAll, negated } = item;
  if (negated) return UNKNOWN;
  if (field === EVENT_ID_FIELD) {
    const eventIds = eventIdRequirement(item);
    if (eventIds !== undefined) return eventIds;
  }
  const perValue: string[][] = [];
  for (const value of values) {
    const needles = valueNeedles(value);
    if (needles === undefined) return UNKNOWN;
    perValue.push(needles);
  }
  // With `all` every value must match, so each of them is necessary.
  const target = field ?? EVERY_VALUE;
  return linkAll ? all(perValue.map((needles) => needlesIn(target, needles))) : needlesIn(target, perValue.flat());
}

/** The EventIDs an item of exact values admits, or undefined when a value is a pattern. */
function eventIdRequirement({ values, linkAll }: DetectionItem): Requirement | undefined {
  const perValue: Requirement[] = [];
  for (const value of values) {
    const texts = exactTexts(value);
    if (texts === undefined) return undefined;
    // The event's EventID is a number, compared as its decimal text.
    perValue.push(eventIdIn(texts.filter((text) => /^(0|[1-9][0-9]{0,9})$/.test(text)).map(Number)));
  }
  return linkAll ? all(perValue) : either(perValue);
}

/** The lower-cased texts a value equals, or undefined when it is not an exact value. */
function exactTexts(value: SigmaValue): string[] | undefined {
  switch (value.kind) {
    case 'number':
      return [value.text.toLowerCase(), String(value.value).toLowerCase()];
    case 'string':
      if (value.cased || value.parts.some((part) => typeof part !== 'string')) return undefined;
      return [value.parts.join('').toLowerCase()];
    case 'expansion': {
      const texts: string[] = [];
      for (const alternative of value.values) {
        const more = exactTexts(alternative);
        if (more === undefined) return undefined;
        texts.push(...more);
      }
      return texts;
    }
    default:
      return undefined;
  }
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
      // Compared for equality with the lower-cased text, as written and as a number.
      return [...new Set([value.text.toLowerCase(), String(value.value).toLowerCase()])];
    case 'bool':
      return [String(value.value)];
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
