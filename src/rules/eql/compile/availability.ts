/**
 * Which fields a query cannot do without. A rule whose condition needs a field no Windows event log
 * provides (process.code_signature.*, Elastic Defend's *.Ext.*) can never match an event hunt reads:
 * loaders skip it with that reason instead of running it on every event of its category.
 *
 * Only tests that are false on a missing field count, under `and` and `or`: `:`, `like`, `in`,
 * `regex`, `==` or an ordering against a non-null constant, `!= null`, and the string and network
 * functions that are false on null. Anything under `not`, `!=`, `not in` or arithmetic is left alone.
 */
import type { Expression } from '../parse/ast.js';

/** Functions that are false (or null) when their first argument is missing. */
const NULL_FALSE_FUNCTIONS: ReadonlySet<string> = new Set(['startswith', 'endswith', 'stringcontains', 'cidrmatch', 'wildcard', 'match']);

/**
 * The fields, none of them available, without which `condition` can never hold; undefined when it
 * may hold with the available fields alone.
 */
export function missingRequiredFields(condition: Expression, isAvailable: (field: string) => boolean): readonly string[] | undefined {
  const missing = (expression: Expression): readonly string[] | undefined => {
    switch (expression.kind) {
      case 'logical': {
        const left = missing(expression.left);
        const right = missing(expression.right);
        if (expression.operator === 'and') return left ?? right;
        return left !== undefined && right !== undefined ? [...new Set([...left, ...right])] : undefined;
      }
      case 'predicate':
        return expression.negated ? undefined : absentField(expression.subject);
      case 'compare': {
        const { left, right, operator } = expression;
        if (operator === '!=') return isNull(right) ? absentField(left) : isNull(left) ? absentField(right) : undefined;
        if (isNull(left) || isNull(right)) return undefined;
        return (left.kind === 'literal' ? absentField(right) : undefined) ?? (right.kind === 'literal' ? absentField(left) : undefined);
      }
      case 'call':
        return NULL_FALSE_FUNCTIONS.has(expression.name) && expression.args[0] !== undefined ? absentField(expression.args[0]) : undefined;
      default:
        return undefined;
    }
  };
  const absentField = (expression: Expression): readonly string[] | undefined =>
    expression.kind === 'field' && !isAvailable(expression.name) ? [expression.name] : undefined;
  return missing(condition);
}

function isNull(expression: Expression): boolean {
  return expression.kind === 'literal' && expression.value === null;
}
