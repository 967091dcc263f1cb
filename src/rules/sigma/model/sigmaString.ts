/**
 * A Sigma string value with its wildcards and escapes parsed once (as pySigma's SigmaString):
 * literal text runs interleaved with special parts.
 */

import { ANY_CHARS, ONE_CHAR } from '../../match/wildcard.js';

export { ANY_CHARS, ONE_CHAR };
/** A windash position: one of the five dash characters below. */
export const DASH = Symbol('windash');

/** The characters a windash position stands for: - / en dash, em dash, horizontal bar. */
export const DASH_CHARACTERS: readonly string[] = ['-', '/', '\u2013', '\u2014', '\u2015'];

/** A `%name%` placeholder of the expand modifier, replaced by configured values. */
export class Placeholder {
  constructor(readonly name: string) {}
}

export type StringPart = string | typeof ANY_CHARS | typeof ONE_CHAR | typeof DASH | Placeholder;

const WORD_CHARACTER = /[\p{L}\p{N}_]/u;

export class SigmaString {
  readonly kind = 'string';
  readonly parts: readonly StringPart[];

  /**
   * `cased`: match case-sensitively (the `cased` modifier). `original`: the rule's text, kept
   * only by `parse` for the `re` modifier, which reads the value without wildcard parsing.
   */
  constructor(
    parts: readonly StringPart[],
    readonly cased = false,
    readonly original?: string,
  ) {
    this.parts = normalize(parts);
  }

  /**
   * Parses a rule value: `*` and `?` are wildcards; `\*`, `\?` and `\\` stand for the plain
   * character; a backslash before anything else, or at the end, is a plain backslash.
   */
  static parse(raw: string): SigmaString {
    const parts: StringPart[] = [];
    let text = '';
    for (let i = 0; i < raw.length; i++) {
      const c = raw[i];
      if (c === '\\') {
        const next = raw[i + 1];
        if (next === '*' || next === '?' || next === '\\') {
          text += next;
          i++;
        } else {
          text += '\\';
        }
      } else if (c === '*' || c === '?') {
        if (text !== '') parts.push(text);
        text = '';
        parts.push(c === '*' ? ANY_CHARS : ONE_CHAR);
      } else {
        text += c;
      }
    }
    if (text !== '') parts.push(text);
    return new SigmaString(parts, false, raw);
  }

  static literal(text: string): SigmaString {
    return new SigmaString([text]);
  }

  hasSpecialParts(): boolean {
    return this.parts.some((part) => typeof part !== 'string');
  }

  /** The text of a string without special parts. */
  plainText(): string {
    return this.parts.filter((part): part is string => typeof part === 'string').join('');
  }

  startsWithAnyChars(): boolean {
    return this.parts[0] === ANY_CHARS;
  }

  endsWithAnyChars(): boolean {
    return this.parts[this.parts.length - 1] === ANY_CHARS;
  }

  withLeadingAnyChars(): SigmaString {
    return this.startsWithAnyChars() ? this : new SigmaString([ANY_CHARS, ...this.parts], this.cased);
  }

  withTrailingAnyChars(): SigmaString {
    return this.endsWithAnyChars() ? this : new SigmaString([...this.parts, ANY_CHARS], this.cased);
  }

  withCased(cased: boolean): SigmaString {
    return new SigmaString(this.parts, cased);
  }

  /** Replaces every literal text run with the parts `expand` makes of it. */
  mapText(expand: (text: string) => readonly StringPart[]): SigmaString {
    return new SigmaString(
      this.parts.flatMap((part) => (typeof part === 'string' ? expand(part) : [part])),
      this.cased,
    );
  }

  /**
   * Marks windash positions as pySigma does (regex `\B[-/]\b`): a `-` or `/` not preceded by
   * a word character and followed by one. In `-param-name` only the first dash qualifies.
   */
  withWindash(): SigmaString {
    return this.mapText((text) => {
      const parts: StringPart[] = [];
      let start = 0;
      for (let i = 0; i < text.length; i++) {
        const c = text[i];
        if (c !== '-' && c !== '/') continue;
        const afterWord = i > 0 && WORD_CHARACTER.test(text[i - 1]);
        const beforeWord = i + 1 < text.length && WORD_CHARACTER.test(text[i + 1]);
        if (afterWord || !beforeWord) continue;
        parts.push(text.slice(start, i), DASH);
        start = i + 1;
      }
      parts.push(text.slice(start));
      return parts;
    });
  }

  /** Turns `%name%` into placeholders; `\%` stands for a plain percent sign. */
  withPlaceholders(): SigmaString {
    return this.mapText((text) => {
      const parts: StringPart[] = [];
      let literal = '';
      for (let i = 0; i < text.length; i++) {
        const c = text[i];
        if (c === '\\' && text[i + 1] === '%') {
          literal += '%';
          i++;
          continue;
        }
        const close = c === '%' ? text.indexOf('%', i + 1) : -1;
        if (close > i + 1) {
          parts.push(literal, new Placeholder(text.slice(i + 1, close)));
          literal = '';
          i = close;
        } else {
          literal += c;
        }
      }
      parts.push(literal);
      return parts;
    });
  }

  placeholders(): Placeholder[] {
    return this.parts.filter((part): part is Placeholder => part instanceof Placeholder);
  }

  /** The value in Sigma notation, for messages. */
  toString(): string {
    return this.parts
      .map((part) => {
        if (typeof part === 'string') return part.replace(/[\\*?]/g, '\\$&');
        if (part === ANY_CHARS) return '*';
        if (part === ONE_CHAR) return '?';
        if (part === DASH) return '-';
        return `%${part.name}%`;
      })
      .join('');
  }
}

/** Merges adjacent text runs and drops empty ones, so matchers see a canonical form. */
function normalize(parts: readonly StringPart[]): StringPart[] {
  const out: StringPart[] = [];
  for (const part of parts) {
    if (part === '') continue;
    const last = out.length - 1;
    if (typeof part === 'string' && last >= 0 && typeof out[last] === 'string') {
      out[last] = (out[last] as string) + part;
    } else if (part === ANY_CHARS && out[last] === ANY_CHARS) {
      continue;
    } else {
      out.push(part);
    }
  }
  return out;
}
