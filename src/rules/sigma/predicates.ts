/** Event predicates and the AND/OR combinators the detection and condition compilers share. */
import type { FieldSource } from '../../events/types.js';

export type EventPredicate = (event: FieldSource) => boolean;

export function allOf(predicates: readonly EventPredicate[]): EventPredicate {
  if (predicates.length === 1) return predicates[0];
  if (predicates.length === 2) {
    const [a, b] = predicates;
    return (event) => a(event) && b(event);
  }
  return (event) => {
    for (const predicate of predicates) if (!predicate(event)) return false;
    return true;
  };
}

export function someOf(predicates: readonly EventPredicate[]): EventPredicate {
  if (predicates.length === 1) return predicates[0];
  if (predicates.length === 2) {
    const [a, b] = predicates;
    return (event) => a(event) || b(event);
  }
  return (event) => {
    for (const predicate of predicates) if (predicate(event)) return true;
    return false;
  };
}
