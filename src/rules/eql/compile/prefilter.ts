/**
 * EQL rule prefilters (see match/prefilter.ts), derived from the query's syntax tree. Only
 * string tests on a plain field give needles: `:`, `like`, `like~`, `in`, `in~` and `==` with
 * string literals, under `and`/`or`. Anything negated (`not`, `!=`, `not in`), regexes,
 * functions, numbers and null give none, so the rule runs on every event of its category.
 *
 * Needles are read in the form the matcher compares: case-insensitive tests lower-case the
 * whole pattern and the whole value, so a literal run of the lower-cased pattern occurs in the
 * lower-cased value. For case-sensitive tests a literal run of the pattern occurs in the value
 * itself, and lower-cased in the lower-cased value, unless it holds a capital sigma (whose lower
 * case depends on what follows) or a surrogate half (a pair lower-cases as a whole).
 */
import { ANY_CHARS, ONE_CHAR, parseWildcard } from '../../match/wildcard.js';
import type { MatchContext } from '../../match/matchContext.js';
import { all, either, eventIdIn, needlesIn, prefilterOf, UNKNOWN, type Requirement, type RulePrefilter } from '../../match/prefilter.js';
import type { Expression, PredicateOperator } from '../parse/ast.js';
import { toNumber } from './values.js';

/** The prefilter of a query condition, or undefined when none can be proven. Registers its needles. */
export function derivePrefilter(condition: Expression, context: MatchContext): RulePrefilter | undefined {
  return prefilterOf(requirement(condition), 'ecs', context);
}

const LOWER_CASE_UNSTABLE = /[\u03a3\ud800-\udfff]/;

/** The ECS fields that hold the record's event id, as its decimal text. */
const EVENT_ID_FIELDS: ReadonlySet<string> = new Set(['event.code', 'winlog.event_id']);

function requirement(expression: Expression): Requirement {
  switch (expression.kind) {
    case 'logical': {
      const operands = [requirement(expression.left), requirement(expression.right)];
      return expression.operator === 'and' ? all(operands) : either(operands);
    }
    case 'predicate':
      if (expression.negated || expression.subject.kind !== 'field') return UNKNOWN;
      if (EVENT_ID_FIELDS.has(expression.subject.name) && expression.operator !== 'regex' && expression.operator !== 'regex~') {
        const eventIds = eventIdRequirement(expression.values, expression.operator !== 'in' && expression.operator !== 'in~');
        if (eventIds !== undefined) return eventIds;
      }
      return predicateRequirement(expression.operator, expression.subject.name, expression.values);
    case 'compare': {
      if (expression.operator !== '==') return UNKNOWN;
      const { left, right } = expression;
      const [field, literal] = left.kind === 'field' ? [left, right] : [right, left];
      if (field.kind === 'field' && literal.kind === 'literal' && EVENT_ID_FIELDS.has(field.name)) {
        const eventIds = eventIdRequirement([literal], false);
        if (eventIds !== undefined) return eventIds;
      }
      if (left.kind === 'field' && right.kind === 'literal') return equalityRequirement(left.name, [right], false);
      if (right.kind === 'field' && left.kind === 'literal') return equalityRequirement(right.name, [left], false);
      return UNKNOWN;
    }
    default:
      return UNKNOWN;
  }
}

function predicateRequirement(operator: PredicateOperator, field: string, values: readonly Expression[]): Requirement {
  switch (operator) {
    case ':':
    case 'like~':
      return patternRequirement(field, values, true);
    case 'like':
      return patternRequirement(field, values, false);
    case 'in':
      return equalityRequirement(field, values, false);
    case 'in~':
      return equalityRequirement(field, values, true);
    case 'regex':
    case 'regex~':
      return UNKNOWN;
    default:
      return operator satisfies never;
  }
}

/**
 * The event ids of an event-id field's values, or undefined when one is not an exact value. The
 * field is the canonical decimal text of the id: a string equals it only written so, a number
 * (compared numerically) only if it is that id.
 */
function eventIdRequirement(values: readonly Expression[], wildcards: boolean): Requirement | undefined {
  const eventIds: number[] = [];
  for (const value of values) {
    if (value.kind !== 'literal') return undefined;
    const literal = value.value;
    if (typeof literal === 'number') {
      if (Number.isSafeInteger(literal) && literal >= 0) eventIds.push(literal);
    } else if (typeof literal === 'string') {
      const parts = wildcards ? parseWildcard(literal) : [literal];
      if (parts.some((part) => typeof part !== 'string')) return undefined;
      const text = parts.join('');
      if (/^(0|[1-9][0-9]{0,9})$/.test(text)) eventIds.push(Number(text));
    } else {
      return undefined;
    }
  }
  return eventIdIn(eventIds);
}

/** Wildcard patterns, any of which may match: the longest literal run of each. */
function patternRequirement(field: string, values: readonly Expression[], caseInsensitive: boolean): Requirement {
  const needles: string[] = [];
  for (const value of values) {
    if (value.kind !== 'literal' || value.value === null) return UNKNOWN;
    const pattern = String(value.value);
    let longest = '';
    for (const part of parseWildcard(caseInsensitive ? pattern.toLowerCase() : pattern)) {
      if (part !== ANY_CHARS && part !== ONE_CHAR && typeof part === 'string' && part.length > longest.length) longest = part;
    }
    const needle = caseInsensitive ? longest : casedNeedle(longest);
    if (needle === undefined || needle === '') return UNKNOWN;
    needles.push(needle);
  }
  return needles.length === 0 ? UNKNOWN : needlesIn(field, needles);
}

/**
 * Equality with string constants, any of which may match. Numeric strings are left out: they
 * equal numbers written differently (`"042" == 42`).
 */
function equalityRequirement(field: string, values: readonly Expression[], caseInsensitive: boolean): Requirement {
  const needles: string[] = [];
  for (const value of values) {
    if (value.kind !== 'literal' || typeof value.value !== 'string' || toNumber(value.value) !== null) return UNKNOWN;
    const needle = caseInsensitive ? value.value.toLowerCase() : casedNeedle(value.value);
    if (needle === undefined || needle === '') return UNKNOWN;
    needles.push(needle);
  }
  return needles.length === 0 ? UNKNOWN : needlesIn(field, needles);
}

/** The needle for a case-sensitive literal, or undefined when lower-casing could break containment. */
function casedNeedle(literal: string): string | undefined {
  return LOWER_CASE_UNSTABLE.test(literal) ? undefined : literal.toLowerCase();
}
