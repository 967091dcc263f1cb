/**
 * Translates Lucene regular expression syntax (what EQL's `regex` uses) to a JavaScript RegExp
 * matched against the whole value.
 *
 * Lucene differs from JavaScript in ways that matter here: there are no anchors (`^` and `$`
 * are ordinary characters), a backslash makes ANY following character literal, `"..."` is a
 * literal string, stacked quantifiers apply to each other (`a*?` is `(a*)?`, never lazy), and
 * `.` matches every character, newlines included. Since Lucene 8.6 `\d \s \w` and their
 * negations are the ASCII classes [0-9], [ \t\n\x0B\f\r], [a-zA-Z_0-9].
 * Lucene's optional operators (`#` empty, `@` any string, `&` intersection, `~` complement,
 * `<n-m>` numeric interval) depend on flags Elasticsearch sets internally; rather than guess,
 * they are rejected as unsupported (no Elastic Windows rule uses them).
 */
import { invalid, unsupported, type RuleProblem } from '../problem.js';
import { compileLinearRegex, type LinearRegex } from './linearRegex.js';

/** The JavaScript regex (source and flags) that means what the Lucene pattern means. */
export function luceneRegexToJavaScript(pattern: string, caseInsensitive: boolean): { source: string; flags: string } {
  const source = new Translator(pattern).translate();
  return { source: `^(?:${source})$`, flags: caseInsensitive ? 'sui' : 'su' };
}

/** A linear-time matcher for the Lucene pattern. */
export function compileLuceneRegex(pattern: string, caseInsensitive: boolean): LinearRegex {
  const { source, flags } = luceneRegexToJavaScript(pattern, caseInsensitive);
  return compileLinearRegex(source, flags);
}

const SHORTHAND_CLASSES: Readonly<Record<string, string>> = {
  d: '0-9',
  s: ' \\t\\n\\x0B\\f\\r',
  w: 'a-zA-Z_0-9',
};
const OPTIONAL_OPERATORS: ReadonlySet<string> = new Set(['#', '@', '&', '~', '<']);
const QUANTIFIER_STARTS: ReadonlySet<string> = new Set(['?', '*', '+', '{']);

class Translator {
  private index = 0;
  // Lucene works on code points; so does this translator.
  private readonly chars: string[];

  constructor(pattern: string) {
    this.chars = Array.from(pattern);
  }

  translate(): string {
    const source = this.parseUnion();
    if (this.index < this.chars.length) throw this.error(`unexpected '${this.chars[this.index]}'`);
    return source;
  }

  private parseUnion(): string {
    const branches = [this.parseConcatenation()];
    while (this.peek() === '|') {
      this.index++;
      branches.push(this.parseConcatenation());
    }
    return branches.join('|');
  }

  private parseConcatenation(): string {
    let source = this.parseRepeat();
    for (let next = this.peek(); next !== undefined && next !== ')' && next !== '|'; next = this.peek()) {
      source += this.parseRepeat();
    }
    return source;
  }

  private parseRepeat(): string {
    let source = this.parseAtom();
    let quantified = false;
    for (let next = this.peek(); next !== undefined && QUANTIFIER_STARTS.has(next); next = this.peek()) {
      if (quantified) source = `(?:${source})`;
      source += this.parseQuantifier();
      quantified = true;
    }
    return source;
  }

  private parseQuantifier(): string {
    const char = this.chars[this.index++]!;
    if (char !== '{') return char;
    const start = this.index;
    const closing = this.chars.indexOf('}', start);
    const body = closing === -1 ? '' : this.chars.slice(start, closing).join('');
    if (!/^\d+(?:,\d*)?$/.test(body)) throw this.error('invalid {n,m} repetition');
    const [min, max] = body.split(',');
    if (max !== undefined && max !== '' && Number(max) < Number(min)) throw this.error('invalid {n,m} repetition');
    this.index = closing + 1;
    return `{${body}}`;
  }

  private parseAtom(): string {
    const char = this.peek();
    if (char === undefined || char === ')' || char === '|') throw this.error('expected an expression');
    if (QUANTIFIER_STARTS.has(char)) throw this.error(`nothing to repeat before '${char}'`);
    if (OPTIONAL_OPERATORS.has(char)) {
      throw unsupported(`Lucene regex operator '${char}' is not supported`);
    }
    this.index++;
    switch (char) {
      case '.':
        return '.';
      case '(': {
        if (this.peek() === ')') {
          this.index++;
          return '(?:)';
        }
        const inner = this.parseUnion();
        if (this.peek() !== ')') throw this.error("missing ')'");
        this.index++;
        return `(?:${inner})`;
      }
      case '[':
        return this.parseCharacterClass();
      case '"': {
        const closing = this.chars.indexOf('"', this.index);
        if (closing === -1) throw this.error('unterminated "literal string"');
        const literal = this.chars.slice(this.index, closing).map(escapeLiteral).join('');
        this.index = closing + 1;
        return `(?:${literal})`;
      }
      case '\\': {
        const escaped = this.chars[this.index++];
        if (escaped === undefined) throw this.error('trailing backslash');
        const shorthand = SHORTHAND_CLASSES[escaped.toLowerCase()];
        if (shorthand !== undefined) return escaped === escaped.toLowerCase() ? `[${shorthand}]` : `[^${shorthand}]`;
        return escapeLiteral(escaped);
      }
      default:
        return escapeLiteral(char);
    }
  }

  private parseCharacterClass(): string {
    let source = '[';
    if (this.peek() === '^') {
      this.index++;
      source += '^';
    }
    if (this.peek() === ']') throw this.error('empty character class');
    while (this.peek() !== ']') {
      const first = this.parseClassCharacter();
      if (first.kind === 'class') {
        source += first.source;
        continue;
      }
      if (this.peek() === '-' && this.chars[this.index + 1] !== ']') {
        this.index++;
        const last = this.parseClassCharacter();
        if (last.kind === 'class') throw this.error('a range cannot end in a character class');
        if (last.codePoint < first.codePoint) throw this.error('character range out of order');
        source += `${first.source}-${last.source}`;
      } else {
        source += first.source;
      }
    }
    this.index++;
    return `${source}]`;
  }

  private parseClassCharacter(): { kind: 'char'; codePoint: number; source: string } | { kind: 'class'; source: string } {
    let char = this.chars[this.index++];
    if (char === undefined) throw this.error("missing ']'");
    if (char === '\\') {
      char = this.chars[this.index++];
      if (char === undefined) throw this.error('trailing backslash');
      const shorthand = SHORTHAND_CLASSES[char];
      if (shorthand !== undefined) return { kind: 'class', source: shorthand };
      if (SHORTHAND_CLASSES[char.toLowerCase()] !== undefined) {
        throw unsupported(`negated class \\${char} inside [...] is not supported`);
      }
    }
    const codePoint = char.codePointAt(0)!;
    return { kind: 'char', codePoint, source: `\\u{${codePoint.toString(16)}}` };
  }

  private peek(): string | undefined {
    return this.chars[this.index];
  }

  /** The pattern is not a valid Lucene regular expression. */
  private error(message: string): RuleProblem {
    return invalid(`${message} at pattern index ${this.index}`);
  }
}

function escapeLiteral(char: string): string {
  return /[A-Za-z0-9]/.test(char) ? char : `\\u{${char.codePointAt(0)!.toString(16)}}`;
}
