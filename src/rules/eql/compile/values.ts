import type { FieldValue } from '../../../events/types.js';

/** What EQL expressions evaluate to. `null` is both EQL's null and an absent field. */
export type EqlScalar = string | number | boolean;
export type EqlValue = EqlScalar | readonly EqlScalar[] | null;

export function fromField(value: FieldValue | undefined): EqlValue {
  return value === undefined ? null : value;
}

export function isArray(value: EqlValue): value is readonly EqlScalar[] {
  return Array.isArray(value);
}

/** A number, or a string holding exactly a decimal number; anything else is null. */
export function toNumber(value: EqlScalar): number | null {
  if (typeof value === 'number') return value;
  if (typeof value !== 'string' || value.trim() === '') return null;
  const number = Number(value);
  return Number.isFinite(number) ? number : null;
}

/** Case-sensitive equality; numbers compare with numeric strings numerically (keyword vs long). */
export function scalarsEqual(left: EqlScalar, right: EqlScalar): boolean {
  if (typeof left === typeof right) return left === right;
  if (typeof left === 'boolean' || typeof right === 'boolean') return String(left) === String(right);
  const leftNumber = toNumber(left);
  return leftNumber !== null && leftNumber === toNumber(right);
}

/** Numeric order when both sides are numeric, otherwise code-unit string order; null if incomparable. */
export function compareScalars(left: EqlScalar, right: EqlScalar): number | null {
  if (typeof left === 'boolean' || typeof right === 'boolean') return null;
  if (typeof left === 'number' || typeof right === 'number') {
    const leftNumber = toNumber(left);
    const rightNumber = toNumber(right);
    if (leftNumber === null || rightNumber === null) return null;
    return leftNumber - rightNumber;
  }
  return left < right ? -1 : left > right ? 1 : 0;
}

/** True when the value, or any element of it, satisfies the test; null never does. */
export function anyScalar(value: EqlValue, test: (scalar: EqlScalar) => boolean): boolean {
  if (value === null) return false;
  if (!isArray(value)) return test(value);
  for (const element of value) if (test(element)) return true;
  return false;
}

export type ArithmeticOperator = '+' | '-' | '*' | '/' | '%';

/**
 * Integral operands divide as integers, as Elasticsearch does for long fields; a double operand
 * (a literal written `4.0`) makes the division a double one (doubleDivision). Division by
 * zero is null.
 */
export const ARITHMETIC: Readonly<Record<ArithmeticOperator, (left: number, right: number) => number | null>> = {
  '+': (left, right) => left + right,
  '-': (left, right) => left - right,
  '*': (left, right) => left * right,
  '/': (left, right) => {
    if (right === 0) return null;
    return Number.isInteger(left) && Number.isInteger(right) ? Math.trunc(left / right) : left / right;
  },
  '%': (left, right) => (right === 0 ? null : left % right),
};

/** Division when an operand is a double in the query (`30 / 4.0`): JavaScript numbers cannot tell 4.0 from 4. */
export function doubleDivision(left: number, right: number): number | null {
  return right === 0 ? null : left / right;
}

/**
 * Epoch milliseconds of a date as Elasticsearch reads one for a `date` field: a number is epoch
 * milliseconds, a string an ISO 8601 date-time; null when it is neither.
 */
export function toEpochMs(value: EqlScalar): number | null {
  if (typeof value === 'number') return Number.isFinite(value) ? value : null;
  if (typeof value !== 'string' || !/^\d{4}-\d{2}-\d{2}/.test(value)) return null;
  const time = Date.parse(value);
  return Number.isNaN(time) ? null : time;
}
