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
import { either, needlesIn, prefilterOf, strongest, type Requirement, type RulePrefilter } from '../../match/prefilter.js';
import type { Expression, PredicateOperator } from '../parse/ast.js';
import { toNumber } from './values.js';

/** The prefilter of a query condition, or undefined when none can be proven. Registers its needles. */
export function derivePrefilter(condition: Expression, context: MatchContext): RulePrefilter | undefined {
  return prefilterOf(requirement(condition), 'ecs', context);
}

const LOWER_CASE_UNSTABLE = /[\u03a3\ud800-\udfff]/;

function requirement(expression: Expression): Requirement {
  switch (expression.kind) {
    case 'logical': {
      const operands = [requirement(expression.left), requirement(expression.right)];
      return expression.operator === 'and' ? strongest(operands) : either(operands);
    }
    case 'predicate':
      if (expression.negated || expression.subject.kind !== 'field') return undefined;
      return predicateRequirement(expression.operator, expression.subject.name, expression.values);
    case 'compare': {
      if (expression.operator !== '==') return undefined;
      const { left, right } = expression;
      if (left.kind === 'field' && right.kind === 'literal') return equalityRequirement(left.name, [right], false);
      if (right.kind === 'field' && left.kind === 'literal') return equalityRequirement(right.name, [left], false);
      return undefined;
    }
    default:
      return undefined;
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
      return undefined;
    default:
      return operator satisfies never;
  }
}

/** Wildcard patterns, any of which may match: the longest literal run of each. */
function patternRequirement(field: string, values: readonly Expression[], caseInsensitive: boolean): Requirement {
  const needles: string[] = [];
  for (const value of values) {
    if (value.kind !== 'literal' || value.value === null) return undefined;
    const pattern = String(value.value);
    let longest = '';
    for (const part of parseWildcard(caseInsensitive ? pattern.toLowerCase() : pattern)) {
      if (part !== ANY_CHARS && part !== ONE_CHAR && typeof part === 'string' && part.length > longest.length) longest = part;
    }
    const needle = caseInsensitive ? longest : casedNeedle(longest);
    if (needle === undefined || needle === '') return undefined;
    needles.push(needle);
  }
  return needles.length === 0 ? undefined : needlesIn(field, needles);
}

/**
 * Equality with string constants, any of which may match. Numeric strings are left out: they
 * equal numbers written differently (`"042" == 42`).
 */
function equalityRequirement(field: string, values: readonly Expression[], caseInsensitive: boolean): Requirement {
  const needles: string[] = [];
  for (const value of values) {
    if (value.kind !== 'literal' || typeof value.value !== 'string' || toNumber(value.value) !== null) return undefined;
    const needle = caseInsensitive ? value.value.toLowerCase() : casedNeedle(value.value);
    if (needle === undefined || needle === '') return undefined;
    needles.push(needle);
  }
  return needles.length === 0 ? undefined : needlesIn(field, needles);
}

/** The needle for a case-sensitive literal, or undefined when lower-casing could break containment. */
function casedNeedle(literal: string): string | undefined {
  return LOWER_CASE_UNSTABLE.test(literal) ? undefined : literal.toLowerCase();
}
