import type { EqlQuery, EventQuery, Expression, Literal, Pipe, PredicateOperator, SequenceQuery, SequenceStep } from './ast.js';
import { RuleProblem, invalidInQuery, unsupported } from '../../problem.js';
import { tokenize, type Token } from './lexer.js';

/** Parses `<category> where <condition>`; sequences, joins, samples and pipes are unsupported. */
export function parseEventQuery(query: string): EventQuery {
  const parsed = parseQuery(query);
  if (parsed.kind === 'sequence') throw unsupported('sequence queries are not single-event queries');
  if (parsed.pipes.length > 0) throw unsupported('pipes (| head, | tail, ...) are not supported in rules');
  return parsed.event;
}

/** Parses a single-event or a sequence query, with its `| head N` and `| tail N` pipes; joins and samples are unsupported. */
export function parseQuery(query: string): EqlQuery {
  return new Parser(query).parseQuery();
}

/** Milliseconds per maxspan unit, as Elasticsearch reads them. */
const TIME_UNITS: ReadonlyMap<string, number> = new Map([
  ['ms', 1],
  ['s', 1000],
  ['m', 60_000],
  ['h', 3_600_000],
  ['d', 86_400_000],
]);

/** More runs than this in one step is surely a mistake, and would make every partial match that long. */
const MAX_RUNS = 100;

const COMPARISON_OPERATORS: ReadonlySet<string> = new Set(['==', '!=', '<', '<=', '>', '>=']);
const CONSTANT_PREDICATES: ReadonlySet<string> = new Set([':', 'like', 'like~', 'regex', 'regex~']);

class Parser {
  private readonly tokens: Token[];
  private position = 0;

  constructor(private readonly query: string) {
    this.tokens = tokenize(query);
  }

  parseQuery(): EqlQuery {
    const first = this.peek();
    if (first.kind === 'keyword' && (first.text === 'join' || first.text === 'sample')) {
      throw unsupported(`${first.text} queries are not supported yet`);
    }
    if (this.isKeyword(first, 'sequence')) {
      this.position++;
      const sequence = this.parseSequence();
      return { kind: 'sequence', sequence, pipes: this.parsePipes() };
    }
    const event = this.parseEventBody();
    return { kind: 'event', event, pipes: this.parsePipes() };
  }

  private parseSequence(): SequenceQuery {
    let keys: readonly Expression[] = [];
    let maxspanMs: number | undefined;
    if (this.isKeyword(this.peek(), 'by')) {
      this.position++;
      keys = this.parseKeys();
    }
    if (this.isKeyword(this.peek(), 'with')) {
      this.position++;
      this.expectOption('maxspan');
      maxspanMs = this.parseDuration();
    }
    const steps: SequenceStep[] = [];
    while (this.isSymbol(this.peek(), '[') || this.isSymbol(this.peek(), '!')) steps.push(this.parseStep(true));
    // A step with runs=N counts N times; missing-event steps count too (`[A] ![B]`).
    if (steps.reduce((count, step) => count + step.runs, 0) < 2) throw this.error(this.peek(), 'a sequence needs at least two steps');
    let until: SequenceStep | undefined;
    if (this.isKeyword(this.peek(), 'until')) {
      this.position++;
      until = this.parseStep(false);
    }
    if (steps.length > 0 && steps.every((step) => step.missing))
      throw this.error(this.peek(), 'a sequence needs a step that is not missing');
    return { keys, maxspanMs, steps, until };
  }

  private parseStep(allowMissing: boolean): SequenceStep {
    const start = this.peek();
    const missing = this.isSymbol(start, '!');
    if (missing) {
      if (!allowMissing) throw this.error(start, "an until step cannot be a missing event ('![')");
      this.position++;
    }
    this.expectSymbol('[');
    const query = this.parseEventBody();
    this.expectSymbol(']');
    let keys: readonly Expression[] = [];
    let runs = 1;
    if (this.isKeyword(this.peek(), 'by')) {
      this.position++;
      keys = this.parseKeys();
    }
    if (this.isKeyword(this.peek(), 'with')) {
      this.position++;
      this.expectOption('runs');
      const count = this.next();
      runs = count.kind === 'number' ? Number(count.text) : NaN;
      if (!Number.isInteger(runs) || runs < 1 || runs > MAX_RUNS)
        throw this.error(count, `runs must be a whole number from 1 to ${MAX_RUNS}`);
      if (missing) throw this.error(count, 'a missing event cannot have runs');
    }
    return { query, keys, runs, missing, offset: start.offset };
  }

  /** Join keys: fields (`?field` too) or function calls, comma-separated. */
  private parseKeys(): Expression[] {
    const keys = [this.parseKey()];
    while (this.isSymbol(this.peek(), ',')) {
      this.position++;
      keys.push(this.parseKey());
    }
    return keys;
  }

  private parseKey(): Expression {
    const token = this.next();
    if (this.isSymbol(token, '?')) {
      const name = this.next();
      if (name.kind !== 'identifier') throw this.error(name, "expected a field name after '?'");
      return { kind: 'field', name: name.text, optional: true, offset: name.offset };
    }
    if (token.kind === 'functionName~') return this.parseCall(token, true);
    if (token.kind !== 'identifier') throw this.error(token, 'expected a join key (a field name)');
    if (this.isSymbol(this.peek(), '(')) return this.parseCall(token, false);
    return { kind: 'field', name: token.text, optional: false, offset: token.offset };
  }

  /** `name =` of a `with` option. */
  private expectOption(name: string): void {
    const option = this.next();
    if (option.kind !== 'identifier' || option.text !== name) throw this.error(option, `expected '${name}'`);
    this.expectSymbol('=');
  }

  private parseDuration(): number {
    const amount = this.next();
    const unit = this.peek();
    const ms = TIME_UNITS.get(unit.kind === 'identifier' ? unit.text : '');
    if (amount.kind !== 'number' || !/^\d+$/.test(amount.text) || ms === undefined || unit.offset !== amount.offset + amount.text.length) {
      throw this.error(amount, 'expected a time span such as 30s, 5m, 1h or 500ms');
    }
    this.position++;
    return Number(amount.text) * ms;
  }

  private parsePipes(): Pipe[] {
    const pipes: Pipe[] = [];
    while (this.isSymbol(this.peek(), '|')) {
      this.position++;
      const name = this.next();
      if (name.kind !== 'identifier' || (name.text !== 'head' && name.text !== 'tail')) {
        throw unsupported(`the pipe '| ${name.text}' is not supported (only head and tail are)`);
      }
      const count = this.next();
      if (count.kind !== 'number' || !/^\d+$/.test(count.text)) throw this.error(count, `expected how many results ${name.text} keeps`);
      pipes.push({ kind: name.text, count: Number(count.text) });
    }
    const next = this.peek();
    if (next.kind !== 'end') throw this.error(next, `unexpected '${next.text}'`);
    return pipes;
  }

  private parseEventBody(): EventQuery {
    const first = this.peek();
    let category: string;
    if (first.kind === 'identifier' || first.kind === 'string' || this.isKeyword(first, 'any')) {
      category = first.text;
      this.position++;
    } else {
      throw this.error(first, 'expected an event category (process, file, any, ...)');
    }
    this.expectKeyword('where');
    const condition = this.parseOr();
    return { category, condition };
  }

  private parseOr(): Expression {
    let left = this.parseAnd();
    while (this.isKeyword(this.peek(), 'or')) {
      const offset = this.next().offset;
      left = { kind: 'logical', operator: 'or', left, right: this.parseAnd(), offset };
    }
    return left;
  }

  private parseAnd(): Expression {
    let left = this.parseNot();
    while (this.isKeyword(this.peek(), 'and')) {
      const offset = this.next().offset;
      left = { kind: 'logical', operator: 'and', left, right: this.parseNot(), offset };
    }
    return left;
  }

  private parseNot(): Expression {
    const token = this.peek();
    if (this.isKeyword(token, 'not')) {
      this.position++;
      return { kind: 'not', operand: this.parseNot(), offset: token.offset };
    }
    return this.parseComparison();
  }

  private parseComparison(): Expression {
    const left = this.parseAdditive();
    const token = this.peek();
    if (token.kind === 'symbol' && COMPARISON_OPERATORS.has(token.text)) {
      this.position++;
      const operator = token.text as '==' | '!=' | '<' | '<=' | '>' | '>=';
      return { kind: 'compare', operator, left, right: this.parseAdditive(), offset: token.offset };
    }
    if (this.isSymbol(token, '=')) throw this.error(token, "'=' is not an EQL operator; use '==' or ':'");
    return left;
  }

  private parseAdditive(): Expression {
    let left = this.parseMultiplicative();
    for (let token = this.peek(); this.isSymbol(token, '+') || this.isSymbol(token, '-'); token = this.peek()) {
      this.position++;
      const operator = token.text as '+' | '-';
      left = { kind: 'arithmetic', operator, left, right: this.parseMultiplicative(), offset: token.offset };
    }
    return left;
  }

  private parseMultiplicative(): Expression {
    let left = this.parseUnary();
    for (
      let token = this.peek();
      this.isSymbol(token, '*') || this.isSymbol(token, '/') || this.isSymbol(token, '%');
      token = this.peek()
    ) {
      this.position++;
      const operator = token.text as '*' | '/' | '%';
      left = { kind: 'arithmetic', operator, left, right: this.parseUnary(), offset: token.offset };
    }
    return left;
  }

  private parseUnary(): Expression {
    const token = this.peek();
    if (this.isSymbol(token, '-')) {
      this.position++;
      return { kind: 'negate', operand: this.parseUnary(), offset: token.offset };
    }
    if (this.isSymbol(token, '+')) {
      this.position++;
      return this.parseUnary();
    }
    const subject = this.parsePrimary();
    return this.parsePredicate(subject);
  }

  private parsePredicate(subject: Expression): Expression {
    const token = this.peek();
    const negated = this.isKeyword(token, 'not');
    const operatorToken = negated ? this.tokens[this.position + 1]! : token;
    const operatorText = operatorToken.text;
    const isIn = operatorToken.kind === 'keyword' && (operatorText === 'in' || operatorText === 'in~');
    if (negated && !isIn) return subject;
    if (isIn) {
      this.position += negated ? 2 : 1;
      this.expectSymbol('(');
      const values = [this.parseOr()];
      while (this.isSymbol(this.peek(), ',')) {
        this.position++;
        values.push(this.parseOr());
      }
      this.expectSymbol(')');
      return { kind: 'predicate', operator: operatorText as 'in' | 'in~', negated, subject, values, offset: token.offset };
    }
    const isConstantPredicate =
      (operatorToken.kind === 'keyword' || operatorToken.kind === 'symbol') && CONSTANT_PREDICATES.has(operatorText);
    if (!isConstantPredicate) return subject;
    this.position++;
    const values: Expression[] = [];
    if (this.isSymbol(this.peek(), '(')) {
      this.position++;
      values.push(this.parseConstant());
      while (this.isSymbol(this.peek(), ',')) {
        this.position++;
        values.push(this.parseConstant());
      }
      this.expectSymbol(')');
    } else {
      values.push(this.parseConstant());
    }
    const operator = operatorText as PredicateOperator;
    return { kind: 'predicate', operator, negated: false, subject, values, offset: token.offset };
  }

  private parsePrimary(): Expression {
    const token = this.next();
    switch (token.kind) {
      case 'string':
        return { kind: 'literal', value: this.literalOf(token), offset: token.offset };
      case 'number':
        return this.numberLiteral(token, false);
      case 'keyword':
        if (token.text === 'true' || token.text === 'false' || token.text === 'null') {
          return { kind: 'literal', value: this.literalOf(token), offset: token.offset };
        }
        throw this.error(token, `unexpected keyword '${token.text}'`);
      case 'functionName~':
        return this.parseCall(token, true);
      case 'identifier':
        if (this.isSymbol(this.peek(), '(')) return this.parseCall(token, false);
        return this.parseField(token, false);
      case 'symbol':
        if (token.text === '?') {
          const name = this.next();
          if (name.kind !== 'identifier') throw this.error(name, "expected a field name after '?'");
          return this.parseField(name, true);
        }
        if (token.text === '(') {
          const inner = this.parseOr();
          this.expectSymbol(')');
          return inner;
        }
        throw this.error(token, `unexpected '${token.text}'`);
      case 'end':
        throw this.error(token, 'unexpected end of query');
    }
  }

  private parseField(token: Token, optional: boolean): Expression {
    if (this.isSymbol(this.peek(), '[')) throw unsupported(`array indexing (${token.text}[...]) is not supported`);
    return { kind: 'field', name: token.text, optional, offset: token.offset };
  }

  private parseCall(nameToken: Token, caseInsensitive: boolean): Expression {
    this.expectSymbol('(');
    const args: Expression[] = [];
    if (!this.isSymbol(this.peek(), ')')) {
      args.push(this.parseOr());
      while (this.isSymbol(this.peek(), ',')) {
        this.position++;
        args.push(this.parseOr());
      }
    }
    this.expectSymbol(')');
    const name = nameToken.text.toLowerCase();
    return { kind: 'call', name, caseInsensitive, args, offset: nameToken.offset };
  }

  private parseConstant(): Expression {
    const token = this.next();
    const negative = this.isSymbol(token, '-');
    const valueToken = negative ? this.next() : token;
    const isConstant =
      valueToken.kind === 'string' ||
      valueToken.kind === 'number' ||
      (!negative && valueToken.kind === 'keyword' && ['true', 'false', 'null'].includes(valueToken.text));
    if (!isConstant || (negative && valueToken.kind !== 'number')) {
      throw this.error(valueToken, 'expected a constant (string, number, boolean or null)');
    }
    if (valueToken.kind === 'number') return this.numberLiteral(valueToken, negative, token.offset);
    return { kind: 'literal', value: this.literalOf(valueToken), offset: token.offset };
  }

  private numberLiteral(token: Token, negative: boolean, offset = token.offset): Expression {
    const value = Number(token.text);
    const float = /[.eE]/.test(token.text);
    return { kind: 'literal', value: negative ? -value : value, ...(float && { float }), offset };
  }

  private literalOf(token: Token): Literal {
    if (token.kind === 'string') return token.text;
    if (token.kind === 'number') return Number(token.text);
    if (token.text === 'null') return null;
    return token.text === 'true';
  }

  private peek(): Token {
    return this.tokens[this.position]!;
  }

  private next(): Token {
    const token = this.tokens[this.position]!;
    if (token.kind !== 'end') this.position++;
    return token;
  }

  private isKeyword(token: Token, keyword: string): boolean {
    return token.kind === 'keyword' && token.text === keyword;
  }

  private isSymbol(token: Token, symbol: string): boolean {
    return token.kind === 'symbol' && token.text === symbol;
  }

  private expectKeyword(keyword: string): void {
    const token = this.next();
    if (!this.isKeyword(token, keyword)) throw this.error(token, `expected '${keyword}'`);
  }

  private expectSymbol(symbol: string): void {
    const token = this.next();
    if (!this.isSymbol(token, symbol)) {
      throw this.error(token, `expected '${symbol}' but found ${token.kind === 'end' ? 'end of query' : `'${token.text}'`}`);
    }
  }

  private error(token: Token, message: string): RuleProblem {
    return invalidInQuery(this.query, token.offset, message);
  }
}
