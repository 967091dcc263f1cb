/** The syntax tree of a single-event EQL query. Every node keeps its query offset for errors. */

export type Literal = string | number | boolean | null;

export type Expression =
  | { readonly kind: 'literal'; readonly value: Literal; readonly offset: number }
  | { readonly kind: 'field'; readonly name: string; readonly optional: boolean; readonly offset: number }
  | {
      readonly kind: 'call';
      /** Lower-cased: EQL function names are case-insensitive. */
      readonly name: string;
      readonly caseInsensitive: boolean;
      readonly args: readonly Expression[];
      readonly offset: number;
    }
  | { readonly kind: 'negate'; readonly operand: Expression; readonly offset: number }
  | {
      readonly kind: 'arithmetic';
      readonly operator: '+' | '-' | '*' | '/' | '%';
      readonly left: Expression;
      readonly right: Expression;
      readonly offset: number;
    }
  | {
      readonly kind: 'compare';
      readonly operator: '==' | '!=' | '<' | '<=' | '>' | '>=';
      readonly left: Expression;
      readonly right: Expression;
      readonly offset: number;
    }
  | {
      readonly kind: 'predicate';
      readonly operator: PredicateOperator;
      /** `x not in (...)`. */
      readonly negated: boolean;
      readonly subject: Expression;
      /** Constants for `:`, like and regex; any expressions for in. */
      readonly values: readonly Expression[];
      readonly offset: number;
    }
  | { readonly kind: 'not'; readonly operand: Expression; readonly offset: number }
  | {
      readonly kind: 'logical';
      readonly operator: 'and' | 'or';
      readonly left: Expression;
      readonly right: Expression;
      readonly offset: number;
    };

export type PredicateOperator = ':' | 'in' | 'in~' | 'like' | 'like~' | 'regex' | 'regex~';

export interface EventQuery {
  /** `process`, `file`, ... or `any`. */
  readonly category: string;
  readonly condition: Expression;
}
