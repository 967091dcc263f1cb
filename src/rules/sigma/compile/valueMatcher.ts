/**
 * Compiles the typed values of detection items into predicates over an event's fields.
 * Case-insensitive string values read the field lower-cased (once per event, see
 * match/caseFold.ts); regexes, networks, numbers and cased strings read it as it is.
 */
import type { FieldSource } from '../../../events/types.js';
import { anyOfSome, type EventPredicate } from '../../match/combinators.js';
import { cidrContainsText } from '../../match/ipNetwork.js';
import type { MatchContext } from '../../match/matchContext.js';
import { compileSigmaRegex } from '../../match/pcreRegex.js';
import { unsupported } from '../../problem.js';
import { StringAlternatives } from './stringMatcher.js';
import { timestampPart } from './timestamp.js';
import type { CompareOperator, SigmaFieldRef, SigmaValue } from '../model/values.js';

/** Tests one text of an event field; `event` is there for field references. */
export type TextTest = (text: string, event: FieldSource) => boolean;

/** Values of one item combined with OR, compiled. */
export interface ValueMatcher {
  /** Matches when the field is absent (`null`, `exists: false`). */
  readonly matchesAbsent: boolean;
  /** Test over the lower-cased text. */
  readonly lowered: TextTest | undefined;
  /** Test over the text as the event has it. */
  readonly raw: TextTest | undefined;
}

/**
 * Compiles values of which any may match, grouping string needles into one test per case mode.
 * `field`: the field the values are matched against (undefined for keywords); its needle index
 * in `context` then answers the case-insensitive substring and suffix tests.
 */
export function compileAlternatives(values: readonly SigmaValue[], field: string | undefined, context: MatchContext): ValueMatcher {
  const insensitive = new StringAlternatives(true, field === undefined ? undefined : context.needleIndex('sigma', field));
  const sensitive = new StringAlternatives(false);
  const lowered: TextTest[] = [];
  const raw: TextTest[] = [];
  let matchesAbsent = false;
  const visit = (value: SigmaValue): void => {
    switch (value.kind) {
      case 'string':
        (value.cased ? sensitive : insensitive).add(value);
        break;
      case 'number':
        insensitive.addText(value.text);
        if (String(value.value) !== value.text) insensitive.addText(String(value.value));
        break;
      case 'bool':
        insensitive.addText(String(value.value));
        break;
      case 'null':
        matchesAbsent = true;
        break;
      case 'exists':
        if (value.exists) raw.push(() => true);
        else matchesAbsent = true;
        break;
      case 'regex': {
        const regex = compileSigmaRegex(value.pattern, value.flags);
        raw.push((text) => regex.test(text));
        break;
      }
      case 'cidr': {
        const network = value.network;
        raw.push((text) => cidrContainsText(network, text));
        break;
      }
      case 'compare':
        raw.push(compareTest(value.operator, value.value));
        break;
      case 'timestampPart': {
        const { unit, value: wanted } = value;
        raw.push((text) => timestampPart(text, unit) === wanted);
        break;
      }
      case 'fieldRef':
        (value.cased ? raw : lowered).push(fieldRefTest(value, context));
        break;
      case 'bytes':
        throw unsupported('a utf16/wide value must be followed by base64 or base64offset');
      case 'expansion':
        value.values.forEach(visit);
        break;
      default:
        value satisfies never;
    }
  };
  values.forEach(visit);
  const insensitiveTest = insensitive.build();
  const sensitiveTest = sensitive.build();
  if (insensitiveTest !== undefined) lowered.unshift(insensitiveTest);
  if (sensitiveTest !== undefined) raw.unshift(sensitiveTest);
  return { matchesAbsent, lowered: anyOfSome(lowered), raw: anyOfSome(raw) };
}

/** One test over the raw text, lower-casing it (with `lower`) only for matchers that need it. */
function textTest(matcher: ValueMatcher, lower: (raw: string) => string): TextTest {
  const { lowered, raw } = matcher;
  if (lowered !== undefined && raw !== undefined) {
    return (text, event) => raw(text, event) || lowered(lower(text), event);
  }
  if (lowered !== undefined) return (text, event) => lowered(lower(text), event);
  return raw ?? (() => false);
}

/**
 * A field item: each matcher must match (one matcher for OR-linked values, one per value with
 * `all`); a multi-valued field matches a matcher when any element does. `negated` (neq) inverts.
 */
export function fieldItemPredicate(
  field: string,
  matchers: readonly ValueMatcher[],
  negated: boolean,
  context: MatchContext,
): EventPredicate {
  const lower = context.lowerCase('sigma', field);
  const tests = matchers.map((matcher) => textTest(matcher, lower));
  const matchesAbsent = matchers.every((matcher) => matcher.matchesAbsent);
  const testText: TextTest = tests.length === 1 ? tests[0] : (text, event) => tests.every((test) => test(text, event));
  return (event) => {
    const value = event.get(field);
    let result: boolean;
    if (typeof value === 'string') result = testText(value, event);
    else if (value === undefined) result = matchesAbsent;
    else if (typeof value === 'object') result = tests.every((test) => value.some((element) => test(element, event)));
    else result = testText(String(value), event);
    return result !== negated;
  };
}

/** A keyword item: its values are searched in every value of the event. */
export function keywordItemPredicate(matchers: readonly ValueMatcher[], negated: boolean): EventPredicate {
  const tests = matchers.map((matcher) => textTest(matcher, (raw) => raw.toLowerCase()));
  const foundInEvent = (test: TextTest, event: FieldSource): boolean => {
    for (const value of event.values()) if (test(value, event)) return true;
    return false;
  };
  return (event) => tests.every((test) => foundInEvent(test, event)) !== negated;
}

function compareTest(operator: CompareOperator, bound: number): TextTest {
  const compare: (value: number) => boolean =
    operator === 'gt'
      ? (value) => value > bound
      : operator === 'gte'
        ? (value) => value >= bound
        : operator === 'lt'
          ? (value) => value < bound
          : (value) => value <= bound;
  return (text) => {
    const trimmed = text.trim();
    if (trimmed === '') return false;
    const value = Number(trimmed);
    return !Number.isNaN(value) && compare(value);
  };
}

/** Compares the field's text with another field of the same event. */
function fieldRefTest(reference: SigmaFieldRef, context: MatchContext): TextTest {
  const { field, startsWith, endsWith, cased } = reference;
  const lower = context.lowerCase('sigma', field);
  const normalize = (other: string | number | boolean): string =>
    typeof other === 'string' ? (cased ? other : lower(other)) : String(other).toLowerCase();
  const relation: (text: string, other: string) => boolean =
    startsWith && endsWith
      ? (text, other) => text.includes(other)
      : startsWith
        ? (text, other) => text.startsWith(other)
        : endsWith
          ? (text, other) => text.endsWith(other)
          : (text, other) => text === other;
  return (text, event) => {
    const other = event.get(field);
    if (other === undefined) return false;
    if (typeof other === 'object') return other.some((element) => relation(text, normalize(element)));
    return relation(text, normalize(other));
  };
}
