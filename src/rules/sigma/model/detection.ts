/**
 * The search identifiers of a rule's `detection` section: maps (keys AND-linked), lists
 * (items OR-linked) and keyword values, parsed into typed items with their modifiers applied.
 */
import { invalid } from '../../problem.js';
import { applyModifiers, type ItemLinking, type PlaceholderValues } from './modifiers.js';
import { SigmaString } from './sigmaString.js';
import { SigmaExpansion, valueFromYaml, type SigmaValue } from './values.js';
import { isYamlMap as isMap } from './yaml.js';

export interface DetectionItem {
  /** Undefined for keyword items, which search all of the event's values. */
  readonly field: string | undefined;
  readonly values: readonly SigmaValue[];
  readonly linkAll: boolean;
  readonly negated: boolean;
}

export type DetectionNode =
  | { readonly kind: 'allOf'; readonly children: readonly DetectionNode[] }
  | { readonly kind: 'anyOf'; readonly children: readonly DetectionNode[] }
  | { readonly kind: 'item'; readonly item: DetectionItem };

/** Modifiers that place a keyword in the text; without one, a keyword may occur anywhere. */
const POSITIONING_MODIFIERS: ReadonlySet<string> = new Set(['contains', 'startswith', 'endswith', 're', 'cidr']);

export function parseDetection(definition: unknown, placeholders: PlaceholderValues): DetectionNode {
  if (Array.isArray(definition)) {
    if (definition.length === 0) throw invalid('a search identifier is an empty list');
    const keywords = definition.filter((element) => !isMap(element));
    const maps = definition.filter(isMap);
    const children = maps.map((map) => parseMap(map, placeholders));
    if (keywords.length > 0) children.unshift(keywordNode(keywords, [], placeholders));
    return children.length === 1 ? children[0] : { kind: 'anyOf', children };
  }
  if (isMap(definition)) return parseMap(definition, placeholders);
  return keywordNode([definition], [], placeholders);
}

function parseMap(map: Record<string, unknown>, placeholders: PlaceholderValues): DetectionNode {
  const keys = Object.keys(map);
  if (keys.length === 0) throw invalid('a search identifier is an empty map');
  const children = keys.map((key): DetectionNode => {
    const [field, ...modifiers] = key.split('|');
    const raw = map[key];
    const scalars = Array.isArray(raw) ? raw : [raw];
    if (field === '') return keywordNode(scalars, modifiers, placeholders);
    if (scalars.length === 0) throw invalid(`field '${field}' has an empty list of values`);
    return { kind: 'item', item: makeItem(field, scalars, modifiers, placeholders) };
  });
  return children.length === 1 ? children[0] : { kind: 'allOf', children };
}

function keywordNode(scalars: readonly unknown[], modifiers: readonly string[], placeholders: PlaceholderValues): DetectionNode {
  if (scalars.length === 0) throw invalid('a keyword list is empty');
  const item = makeItem(undefined, scalars, modifiers, placeholders);
  if (item.values.some((value) => value.kind === 'null')) throw invalid('a keyword cannot be null');
  const anywhere = !modifiers.some((name) => POSITIONING_MODIFIERS.has(name));
  return { kind: 'item', item: anywhere ? { ...item, values: item.values.map(searchAnywhere) } : item };
}

function makeItem(
  field: string | undefined,
  scalars: readonly unknown[],
  modifiers: readonly string[],
  placeholders: PlaceholderValues,
): DetectionItem {
  const values = scalars.map((scalar) => {
    const value = valueFromYaml(scalar);
    if (value === undefined) {
      throw invalid(`${field === undefined ? 'a keyword' : `field '${field}'`} has a nested list or map as a value`);
    }
    return value;
  });
  const linking: ItemLinking = { linkAll: false, negated: false };
  const modified = applyModifiers(values, modifiers, field, placeholders, linking);
  return { field, values: modified, linkAll: linking.linkAll, negated: linking.negated };
}

function searchAnywhere(value: SigmaValue): SigmaValue {
  if (value.kind === 'string') return value.withLeadingAnyChars().withTrailingAnyChars();
  if (value.kind === 'number') return searchAnywhere(SigmaString.literal(value.text));
  if (value.kind === 'expansion') return new SigmaExpansion(value.values.map(searchAnywhere));
  return value;
}
