/** The syntax tree of an EQL query: single-event or sequence, and its pipes. Every node keeps its query offset for errors. */

export type Literal = string | number | boolean | null;

export type Expression =
  | {
      readonly kind: 'literal';
      readonly value: Literal;
      /** A number written with a fraction or exponent (`4.0`): a double, which divides as one. */
      readonly float?: boolean;
      readonly offset: number;
    }
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

/** One bracketed step of a sequence: `[<category> where <condition>] by <keys> with runs=N`, or `![...]`. */
export interface SequenceStep {
  readonly query: EventQuery;
  /** The step's own `by` keys, after the sequence's. */
  readonly keys: readonly Expression[];
  /** `with runs=N`: the step stands for N consecutive steps. */
  readonly runs: number;
  /** `![...]`: an event that must not occur there. */
  readonly missing: boolean;
  readonly offset: number;
}

export interface SequenceQuery {
  /** `sequence by <keys>`: join keys every step shares, before the step's own. */
  readonly keys: readonly Expression[];
  /** `with maxspan=...` in milliseconds: the longest time from a match's first event to its last. */
  readonly maxspanMs: number | undefined;
  readonly steps: readonly SequenceStep[];
  /** `until [...]`: an event that ends the partial matches of its key. */
  readonly until: SequenceStep | undefined;
}

/** `| head N` keeps the first N results, `| tail N` the last N. */
export interface Pipe {
  readonly kind: 'head' | 'tail';
  readonly count: number;
}

export type EqlQuery =
  | { readonly kind: 'event'; readonly event: EventQuery; readonly pipes: readonly Pipe[] }
  | { readonly kind: 'sequence'; readonly sequence: SequenceQuery; readonly pipes: readonly Pipe[] };
