/**
 * Compiles an EQL condition into closures over an event's ECS fields. Work that depends only
 * on the query (pattern sets, regexes, function lookup) happens once, here.
 *
 * Missing values: a predicate on an absent field (or a null function result) is false, and
 * `not` simply negates, so `not x : "a"` and `x != "a"` hold when x is absent, as Elastic's
 * query translation behaves. `x == null` tests absence. Multi-valued fields: a predicate
 * holds when any element satisfies it; `!=` and `not in` hold only when none does.
 */
import type { FieldSource } from '../../../events/types.js';
import { allOf, anyOf, type EventPredicate } from '../../match/combinators.js';
import type { Expression, Literal } from '../parse/ast.js';
import { RuleProblem, invalidInQuery, unsupported } from '../../problem.js';
import { lookupFunction } from './functions.js';
import type { LinearRegex } from '../../match/linearRegex.js';
import { compileLuceneRegex } from '../../match/luceneRegex.js';
import {
  ARITHMETIC,
  anyScalar,
  compareScalars,
  doubleDivision,
  fromField,
  isArray,
  scalarsEqual,
  toEpochMs,
  toNumber,
  type EqlScalar,
  type EqlValue,
} from './values.js';
import { compileWildcardPatterns } from './wildcard.js';

export type Condition = EventPredicate;
type Evaluate = (fields: FieldSource) => EqlValue;
type ScalarTest = (scalar: EqlScalar) => boolean;

export function compileCondition(query: string, expression: Expression): Condition {
  return new Compiler(query).test(expression);
}

/** An expression's value for an event (a sequence's join keys). */
export function compileValue(query: string, expression: Expression): (fields: FieldSource) => EqlValue {
  return new Compiler(query).value(expression);
}

type CompareOperator = '==' | '!=' | '<' | '<=' | '>' | '>=';
const FLIPPED: Readonly<Record<CompareOperator, CompareOperator>> = {
  '==': '==',
  '!=': '!=',
  '<': '>',
  '<=': '>=',
  '>': '<',
  '>=': '<=',
};

class Compiler {
  constructor(private readonly query: string) {}

  test(expression: Expression): Condition {
    switch (expression.kind) {
      case 'logical': {
        // `a and b and c` parses as ((a and b) and c); one loop over [a, b, c] saves a call level per term.
        const operands = flattenLogical(expression, expression.operator).map((operand) => this.test(operand));
        return expression.operator === 'and' ? allOf(operands) : anyOf(operands);
      }
      case 'not': {
        const operand = this.test(expression.operand);
        return (fields) => !operand(fields);
      }
      case 'compare':
        return this.compare(expression.operator, expression.left, expression.right);
      case 'predicate': {
        const subject = this.value(expression.subject);
        const test = this.predicateTest(expression.operator, expression.values, subject);
        return expression.negated ? (fields) => !test(fields) : test;
      }
      default: {
        const value = this.value(expression);
        return (fields) => anyScalar(value(fields), isTrue);
      }
    }
  }

  private compare(operator: CompareOperator, leftExpression: Expression, rightExpression: Expression): Condition {
    if (isNullLiteral(rightExpression) || isNullLiteral(leftExpression)) {
      if (operator !== '==' && operator !== '!=') throw this.syntaxError(rightExpression, `null cannot be ordered with ${operator}`);
      const value = this.value(isNullLiteral(rightExpression) ? leftExpression : rightExpression);
      return operator === '==' ? (fields) => isAbsent(value(fields)) : (fields) => !isAbsent(value(fields));
    }
    const constantOnLeft = leftExpression.kind === 'literal';
    if (constantOnLeft || rightExpression.kind === 'literal') {
      const constant = (constantOnLeft ? leftExpression : rightExpression) as { value: Literal };
      const subject = constantOnLeft ? rightExpression : leftExpression;
      if (isTimestampField(subject)) {
        return this.dateComparison(constantOnLeft ? FLIPPED[operator] : operator, subject, constant as Expression);
      }
      const value = this.value(subject);
      const scalarTest = scalarComparison(constantOnLeft ? FLIPPED[operator] : operator, constant.value as EqlScalar);
      if (operator === '!=') {
        const equals = scalarComparison('==', constant.value as EqlScalar);
        return (fields) => !anyScalar(value(fields), equals);
      }
      return (fields) => anyScalar(value(fields), scalarTest);
    }
    const left = this.value(leftExpression);
    const right = this.value(rightExpression);
    const pairOperator = operator === '!=' ? '==' : operator;
    const pairTest = (fields: FieldSource): boolean => {
      const rightValue = right(fields);
      return anyScalar(left(fields), (leftScalar) => anyScalar(rightValue, scalarComparison(pairOperator, leftScalar, true)));
    };
    return operator === '!=' ? (fields) => !pairTest(fields) : pairTest;
  }

  /** `@timestamp` is a date: the constant is one too (ISO 8601 text or epoch milliseconds), compared to the millisecond. */
  private dateComparison(operator: CompareOperator, subject: Expression, constant: Expression): Condition {
    const literal = (constant as { value: Literal }).value;
    const constantMs = typeof literal === 'string' || typeof literal === 'number' ? toEpochMs(literal) : null;
    if (constantMs === null) throw this.syntaxError(constant, `${JSON.stringify(literal)} is not a date (ISO 8601 or epoch milliseconds)`);
    const value = this.value(subject);
    // `!=` is `not ==`, as for other values: it holds when the field is absent.
    const holds = ORDER_TESTS[operator === '!=' ? '==' : operator];
    const test: ScalarTest = (scalar) => {
      const time = toEpochMs(scalar);
      return time !== null && holds(time - constantMs);
    };
    return operator === '!=' ? (fields) => !anyScalar(value(fields), test) : (fields) => anyScalar(value(fields), test);
  }

  private predicateTest(operator: string, values: readonly Expression[], subject: Evaluate): Condition {
    if (operator === 'in' || operator === 'in~') return this.membership(values, operator === 'in~', subject);
    const patterns = values.map((value) => this.patternText(value));
    let scalarTest: (text: string) => boolean;
    if (operator === 'regex' || operator === 'regex~') {
      const regexes = values.map((value, index) => this.regex(value, patterns[index]!, operator === 'regex~'));
      scalarTest = (text) => regexes.some((regex) => regex.test(text));
    } else {
      scalarTest = compileWildcardPatterns(patterns, operator !== 'like');
    }
    const test: ScalarTest = (scalar) => scalarTest(typeof scalar === 'string' ? scalar : String(scalar));
    return (fields) => anyScalar(subject(fields), test);
  }

  private membership(values: readonly Expression[], caseInsensitive: boolean, subject: Evaluate): Condition {
    const fold = (scalar: EqlScalar): EqlScalar => (caseInsensitive && typeof scalar === 'string' ? scalar.toLowerCase() : scalar);
    const matchesAbsent = values.some(isNullLiteral);
    const candidates = values.filter((value) => !isNullLiteral(value));
    if (candidates.every((value) => value.kind === 'literal')) {
      const constants = candidates.map((value) => fold((value as { value: Literal }).value as EqlScalar));
      const strings = new Set(constants.filter((constant) => typeof constant === 'string'));
      const others = constants.filter((constant) => typeof constant !== 'string');
      const test: ScalarTest = (scalar) => {
        const folded = fold(scalar);
        return typeof folded === 'string'
          ? strings.has(folded) || others.some((other) => scalarsEqual(folded, other))
          : constants.some((constant) => scalarsEqual(folded, constant));
      };
      return (fields) => {
        const value = subject(fields);
        return (matchesAbsent && isAbsent(value)) || anyScalar(value, test);
      };
    }
    const evaluators = candidates.map((value) => this.value(value));
    return (fields) => {
      const value = subject(fields);
      if (matchesAbsent && isAbsent(value)) return true;
      return evaluators.some((evaluate) => {
        const candidate = evaluate(fields);
        return anyScalar(value, (scalar) => anyScalar(candidate, (other) => scalarsEqual(fold(scalar), fold(other))));
      });
    };
  }

  private patternText(expression: Expression): string {
    if (expression.kind !== 'literal' || expression.value === null) {
      throw this.syntaxError(expression, 'expected a string, number or boolean pattern');
    }
    return String(expression.value);
  }

  private regex(expression: Expression, pattern: string, caseInsensitive: boolean): LinearRegex {
    try {
      return compileLuceneRegex(pattern, caseInsensitive);
    } catch (error) {
      if (error instanceof RuleProblem && error.kind === 'invalid') {
        throw this.syntaxError(expression, `invalid regular expression /${pattern}/: ${error.reason}`);
      }
      throw error;
    }
  }

  value(expression: Expression): Evaluate {
    switch (expression.kind) {
      case 'literal': {
        const constant = expression.value;
        return () => constant;
      }
      case 'field': {
        const name = expression.name;
        return (fields) => fromField(fields.get(name));
      }
      case 'call':
        return this.call(expression);
      case 'negate': {
        const operand = this.value(expression.operand);
        return (fields) => {
          const number = numericValue(operand(fields));
          return number === null ? null : -number;
        };
      }
      case 'arithmetic': {
        const left = this.value(expression.left);
        const right = this.value(expression.right);
        const operate =
          expression.operator === '/' && (isDouble(expression.left) || isDouble(expression.right))
            ? doubleDivision
            : ARITHMETIC[expression.operator];
        return (fields) => {
          const leftNumber = numericValue(left(fields));
          const rightNumber = numericValue(right(fields));
          return leftNumber === null || rightNumber === null ? null : operate(leftNumber, rightNumber);
        };
      }
      case 'compare': {
        // As a value, a comparison with a null (absent) operand is null, not false: `null == (x > 1)` holds when x is absent.
        const test = this.test(expression);
        if (isNullLiteral(expression.left) || isNullLiteral(expression.right)) return test;
        const left = this.value(expression.left);
        const right = this.value(expression.right);
        return (fields) => (isAbsent(left(fields)) || isAbsent(right(fields)) ? null : test(fields));
      }
      default: {
        const test = this.test(expression);
        return (fields) => test(fields);
      }
    }
  }

  private call(expression: Extract<Expression, { kind: 'call' }>): Evaluate {
    const operator = ARITHMETIC_FUNCTIONS.get(expression.name);
    if (operator !== undefined) {
      if (expression.args.length !== 2)
        throw this.syntaxError(expression, `${expression.name}() takes 2 arguments, got ${expression.args.length}`);
      if (expression.caseInsensitive) throw this.syntaxError(expression, `${expression.name}() has no case-insensitive ~ form`);
      const [left, right] = expression.args as [Expression, Expression];
      return this.value({ kind: 'arithmetic', operator, left, right, offset: expression.offset });
    }
    const definition = lookupFunction(expression.name);
    if (!definition) throw unsupported(`function ${expression.name}() is not supported`);
    const count = expression.args.length;
    if (count < definition.minArgs || count > definition.maxArgs) {
      throw this.syntaxError(
        expression,
        `${expression.name}() takes ${arityText(definition.minArgs, definition.maxArgs)} arguments, got ${count}`,
      );
    }
    if (expression.caseInsensitive && !definition.hasCaseInsensitiveForm) {
      throw this.syntaxError(expression, `${expression.name}() has no case-insensitive ~ form`);
    }
    const args = expression.args.map((arg) => this.value(arg));
    const constants = expression.args.map((arg) => (arg.kind === 'literal' ? { value: arg.value } : undefined));
    const call = definition.bind(constants, expression.caseInsensitive);
    return (fields) => call(args.map((arg) => arg(fields)));
  }

  private syntaxError(expression: Expression, message: string): RuleProblem {
    return invalidInQuery(this.query, expression.offset, message);
  }
}

/** `value <operator> constant` on one scalar; `constantFirst` flips it to `constant <operator> value`. */
function scalarComparison(operator: CompareOperator, constant: EqlScalar, constantFirst = false): ScalarTest {
  switch (operator) {
    case '==':
    case '!=':
      return (scalar) => scalarsEqual(scalar, constant);
    default: {
      const holds = ORDER_TESTS[constantFirst ? FLIPPED[operator] : operator];
      return (scalar) => {
        const order = compareScalars(scalar, constant);
        return order !== null && holds(order);
      };
    }
  }
}

const ORDER_TESTS: Readonly<Record<CompareOperator, (order: number) => boolean>> = {
  '==': (order) => order === 0,
  '!=': (order) => order !== 0,
  '<': (order) => order < 0,
  '<=': (order) => order <= 0,
  '>': (order) => order > 0,
  '>=': (order) => order >= 0,
};

/** The arithmetic functions: the operators' arithmetic, written as calls (a double argument makes divide() a double division). */
const ARITHMETIC_FUNCTIONS: ReadonlyMap<string, '+' | '-' | '*' | '/' | '%'> = new Map([
  ['add', '+'],
  ['subtract', '-'],
  ['multiply', '*'],
  ['divide', '/'],
  ['modulo', '%'],
]);

/** Whether the query makes the expression a double: a float literal, or arithmetic on one. */
function isDouble(expression: Expression): boolean {
  switch (expression.kind) {
    case 'literal':
      return expression.float === true;
    case 'negate':
      return isDouble(expression.operand);
    case 'arithmetic':
      return isDouble(expression.left) || isDouble(expression.right);
    case 'call':
      return ARITHMETIC_FUNCTIONS.has(expression.name) && expression.args.some(isDouble);
    default:
      return false;
  }
}

function isTimestampField(expression: Expression): boolean {
  return expression.kind === 'field' && expression.name === '@timestamp';
}

function flattenLogical(expression: Expression, operator: 'and' | 'or'): Expression[] {
  if (expression.kind !== 'logical' || expression.operator !== operator) return [expression];
  return [...flattenLogical(expression.left, operator), ...flattenLogical(expression.right, operator)];
}

function isTrue(scalar: EqlScalar): boolean {
  return scalar === true;
}

function isNullLiteral(expression: Expression): boolean {
  return expression.kind === 'literal' && expression.value === null;
}

function isAbsent(value: EqlValue): boolean {
  return value === null || (isArray(value) && value.length === 0);
}

function numericValue(value: EqlValue): number | null {
  return value === null || isArray(value) ? null : toNumber(value);
}

function arityText(min: number, max: number): string {
  if (min === max) return String(min);
  return max === Infinity ? `at least ${min}` : `${min} to ${max}`;
}
