/** Search identifiers (model/detection.ts) compiled into event predicates. */
import { allOf, anyOf, type EventPredicate } from '../../match/combinators.js';
import type { MatchContext } from '../../match/matchContext.js';
import type { DetectionItem, DetectionNode } from '../model/detection.js';
import { compileAlternatives, fieldItemPredicate, keywordItemPredicate } from './valueMatcher.js';

export function compileDetection(node: DetectionNode, context: MatchContext): EventPredicate {
  switch (node.kind) {
    case 'item':
      return compileItem(node.item, context);
    case 'allOf':
      return allOf(node.children.map((child) => compileDetection(child, context)));
    case 'anyOf':
      return anyOf(node.children.map((child) => compileDetection(child, context)));
  }
}

function compileItem(item: DetectionItem, context: MatchContext): EventPredicate {
  const matchers = item.linkAll
    ? item.values.map((value) => compileAlternatives([value], item.field, context))
    : [compileAlternatives(item.values, item.field, context)];
  return item.field === undefined
    ? keywordItemPredicate(matchers, item.negated)
    : fieldItemPredicate(item.field, matchers, item.negated, context);
}
