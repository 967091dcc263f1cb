import type { FieldSource } from '../../events/types.js';

/** A test of one event's fields. */
export type EventPredicate = (event: FieldSource) => boolean;

/**
 * AND/OR over predicates of up to two arguments (event predicates, text tests), shared by the
 * Sigma detection and condition compilers, the string matchers and EQL's `and`/`or`. One or two
 * operands get a closure without a loop; the arguments are passed on as they are.
 */

type Test = (first: never, second: never) => boolean;
type AnyTest = (first: unknown, second: unknown) => boolean;

/** True when every test holds (true for none). */
export function allOf<T extends Test>(tests: readonly T[]): T {
  return (tests.length === 1 ? tests[0]! : every(tests as unknown as readonly AnyTest[])) as T;
}

/** True when any test holds (false for none). */
export function anyOf<T extends Test>(tests: readonly T[]): T {
  return (tests.length === 1 ? tests[0]! : some(tests as unknown as readonly AnyTest[])) as T;
}

/** anyOf, or undefined when there are no tests (so callers can tell "no alternatives" apart). */
export function anyOfSome<T extends Test>(tests: readonly T[]): T | undefined {
  return tests.length === 0 ? undefined : anyOf(tests);
}

function every(tests: readonly AnyTest[]): Test {
  if (tests.length === 2) {
    const [a, b] = tests as [AnyTest, AnyTest];
    return (first, second) => a(first, second) && b(first, second);
  }
  const count = tests.length;
  return (first, second) => {
    for (let index = 0; index < count; index++) if (!tests[index]!(first, second)) return false;
    return true;
  };
}

function some(tests: readonly AnyTest[]): Test {
  if (tests.length === 2) {
    const [a, b] = tests as [AnyTest, AnyTest];
    return (first, second) => a(first, second) || b(first, second);
  }
  const count = tests.length;
  return (first, second) => {
    for (let index = 0; index < count; index++) if (tests[index]!(first, second)) return true;
    return false;
  };
}
