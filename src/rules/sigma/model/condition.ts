/**
 * Sigma conditions, parsed into a tree (compile/condition.ts resolves it against the rule's
 * search identifiers). Precedence, loosest first: or, and, not, `x of`, parentheses. A list
 * of conditions is OR-linked by the caller.
 */
import { ANY_CHARS, globMatcher, type GlobPart } from '../../match/wildcard.js';
import { invalid, unsupported } from '../../problem.js';

export type ConditionNode =
  | { readonly kind: 'identifier'; readonly name: string }
  | { readonly kind: 'not'; readonly operand: ConditionNode }
  | { readonly kind: 'and' | 'or'; readonly operands: readonly ConditionNode[] }
  /** `1 of x*`, `all of them`, `3 of sel_*`; `them` means every identifier not starting with `_`. */
  | { readonly kind: 'of'; readonly count: number | 'all'; readonly target: string };

const KEYWORDS: ReadonlySet<string> = new Set(['and', 'or', 'not', 'of', 'them', 'all', 'any']);

export function parseCondition(text: string): ConditionNode {
  if (text.includes('|')) {
    throw unsupported(`aggregation conditions ('${text.trim()}') are not supported; Sigma v2 uses correlation rules`);
  }
  const tokens = text.match(/[()]|[^\s()]+/g) ?? [];
  if (tokens.length === 0) throw invalid('the condition is empty');
  const parser = new ConditionParser(tokens, text);
  return parser.parseAll();
}

class ConditionParser {
  private position = 0;

  constructor(
    private readonly tokens: readonly string[],
    private readonly text: string,
  ) {}

  parseAll(): ConditionNode {
    const node = this.parseOr();
    if (this.position < this.tokens.length) this.fail(`unexpected '${this.tokens[this.position]}'`);
    return node;
  }

  private peek(): string | undefined {
    return this.tokens[this.position]?.toLowerCase();
  }

  private next(): string {
    const token = this.tokens[this.position++];
    if (token === undefined) this.fail('it ends too early');
    return token;
  }

  private fail(problem: string): never {
    throw invalid(`condition '${this.text.trim()}': ${problem}`);
  }

  private parseOr(): ConditionNode {
    const operands = [this.parseAnd()];
    while (this.peek() === 'or') {
      this.position++;
      operands.push(this.parseAnd());
    }
    return operands.length === 1 ? operands[0] : { kind: 'or', operands };
  }

  private parseAnd(): ConditionNode {
    const operands = [this.parseNot()];
    while (this.peek() === 'and') {
      this.position++;
      operands.push(this.parseNot());
    }
    return operands.length === 1 ? operands[0] : { kind: 'and', operands };
  }

  private parseNot(): ConditionNode {
    if (this.peek() === 'not') {
      this.position++;
      return { kind: 'not', operand: this.parseNot() };
    }
    return this.parsePrimary();
  }

  private parsePrimary(): ConditionNode {
    const token = this.next();
    if (token === '(') {
      const inner = this.parseOr();
      if (this.next() !== ')') this.fail("a '(' is not closed");
      return inner;
    }
    if (token === ')') this.fail("unexpected ')'");
    const lower = token.toLowerCase();
    if (this.peek() === 'of') {
      this.position++;
      let count: number | 'all';
      if (lower === 'all') count = 'all';
      else if (lower === 'any') count = 1;
      else if (/^[1-9]\d*$/.test(token)) count = Number(token);
      else this.fail(`'${token} of' needs a count, 'all' or 'any'`);
      const target = this.next();
      if (target === '(' || target === ')' || (KEYWORDS.has(target.toLowerCase()) && target.toLowerCase() !== 'them')) {
        this.fail(`'${token} of' must be followed by 'them' or an identifier pattern`);
      }
      return { kind: 'of', count, target: target.toLowerCase() === 'them' ? 'them' : target };
    }
    if (KEYWORDS.has(lower)) this.fail(`unexpected '${token}'`);
    if (token.includes('*')) this.fail(`the pattern '${token}' is only allowed after 'x of'`);
    return { kind: 'identifier', name: token };
  }
}

/** The identifiers an `x of target` selector covers. */
export function selectIdentifiers(target: string, names: readonly string[]): string[] {
  if (target === 'them') return names.filter((name) => !name.startsWith('_'));
  // Only `*` is a wildcard in identifier patterns.
  const parts = target.split('*').flatMap((text, index): GlobPart[] => (index === 0 ? [text] : [ANY_CHARS, text]));
  const matches = globMatcher(parts);
  return names.filter(matches);
}
