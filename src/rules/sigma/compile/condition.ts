/** A condition tree (model/condition.ts) resolved against the compiled search identifiers into one predicate. */
import { allOf, anyOf, type EventPredicate } from '../../match/combinators.js';
import { invalid } from '../../problem.js';
import { selectIdentifiers, type ConditionNode } from '../model/condition.js';

/** Resolves identifiers against the compiled search identifiers; undefined ones are errors. */
export function compileCondition(node: ConditionNode, identifiers: ReadonlyMap<string, EventPredicate>): EventPredicate {
  switch (node.kind) {
    case 'identifier': {
      const predicate = identifiers.get(node.name);
      if (predicate === undefined) throw invalid(`the condition uses the undefined identifier '${node.name}'`);
      return predicate;
    }
    case 'not': {
      const operand = compileCondition(node.operand, identifiers);
      return (event) => !operand(event);
    }
    case 'and':
      return allOf(node.operands.map((operand) => compileCondition(operand, identifiers)));
    case 'or':
      return anyOf(node.operands.map((operand) => compileCondition(operand, identifiers)));
    case 'of':
      return compileSelector(node.count, node.target, identifiers);
  }
}

function compileSelector(count: number | 'all', target: string, identifiers: ReadonlyMap<string, EventPredicate>): EventPredicate {
  const names = selectIdentifiers(target, [...identifiers.keys()]);
  if (names.length === 0) {
    throw invalid(`'${count} of ${target}' matches no search identifier`);
  }
  const predicates = names.map((name) => identifiers.get(name) as EventPredicate);
  if (count === 'all') return allOf(predicates);
  if (count === 1) return anyOf(predicates);
  if (count > predicates.length) return () => false;
  return (event) => {
    let matched = 0;
    for (const predicate of predicates) {
      if (predicate(event) && ++matched >= count) return true;
    }
    return false;
  };
}
