import { invalidInQuery } from '../../problem.js';

export type TokenKind =
  | 'identifier' // a name, dotted names included: process.pe.original_file_name
  | 'functionName~' // a name directly followed by `~`: startswith~
  | 'string'
  | 'number'
  | 'keyword'
  | 'symbol'
  | 'end';

export interface Token {
  readonly kind: TokenKind;
  /** Keyword and symbol text, decoded string value, identifier name, or number source text. */
  readonly text: string;
  readonly offset: number;
}

const KEYWORDS: ReadonlySet<string> = new Set([
  'and',
  'or',
  'not',
  'in',
  'like',
  'regex',
  'where',
  'sequence',
  'join',
  'sample',
  'by',
  'with',
  'until',
  'true',
  'false',
  'null',
  'any',
  'of',
]);
/** Keywords that have a case-insensitive `~` form. */
const TILDE_KEYWORDS: ReadonlySet<string> = new Set(['in', 'like', 'regex']);
const TWO_CHAR_SYMBOLS: ReadonlySet<string> = new Set(['==', '!=', '<=', '>=']);
const ONE_CHAR_SYMBOLS: ReadonlySet<string> = new Set([
  '(',
  ')',
  '[',
  ']',
  ',',
  ':',
  '<',
  '>',
  '+',
  '-',
  '*',
  '/',
  '%',
  '|',
  '?',
  '=',
  '!',
]);

export function tokenize(query: string): Token[] {
  const tokens: Token[] = [];
  const length = query.length;
  let index = 0;
  while (index < length) {
    const char = query[index]!;
    if (char === ' ' || char === '\t' || char === '\n' || char === '\r') {
      index++;
    } else if (query.startsWith('//', index)) {
      const lineEnd = query.indexOf('\n', index);
      index = lineEnd === -1 ? length : lineEnd + 1;
    } else if (query.startsWith('/*', index)) {
      const commentEnd = query.indexOf('*/', index + 2);
      if (commentEnd === -1) throw invalidInQuery(query, index, 'unterminated comment');
      index = commentEnd + 2;
    } else if (query.startsWith('"""', index)) {
      const closing = query.indexOf('"""', index + 3);
      if (closing === -1) throw invalidInQuery(query, index, 'unterminated raw string');
      tokens.push({ kind: 'string', text: query.slice(index + 3, closing), offset: index });
      index = closing + 3;
    } else if (char === '"') {
      index = readString(query, index, tokens);
    } else if (char === "'") {
      throw invalidInQuery(query, index, 'single-quoted strings are not EQL; use double quotes');
    } else if (char === '`') {
      const closing = query.indexOf('`', index + 1);
      if (closing === -1) throw invalidInQuery(query, index, 'unterminated quoted identifier');
      tokens.push({ kind: 'identifier', text: query.slice(index + 1, closing), offset: index });
      index = closing + 1;
    } else if (isDigit(char) || (char === '.' && isDigit(query[index + 1] ?? ''))) {
      NUMBER.lastIndex = index;
      const match = NUMBER.exec(query)!;
      tokens.push({ kind: 'number', text: match[0], offset: index });
      index += match[0].length;
    } else if (isNameStart(char)) {
      index = readName(query, index, tokens);
    } else {
      const pair = query.slice(index, index + 2);
      if (TWO_CHAR_SYMBOLS.has(pair)) {
        tokens.push({ kind: 'symbol', text: pair, offset: index });
        index += 2;
      } else if (ONE_CHAR_SYMBOLS.has(char)) {
        tokens.push({ kind: 'symbol', text: char, offset: index });
        index++;
      } else {
        throw invalidInQuery(query, index, `unexpected character '${char}'`);
      }
    }
  }
  tokens.push({ kind: 'end', text: '', offset: length });
  return tokens;
}

const NUMBER = /(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?/y;

function readName(query: string, start: number, tokens: Token[]): number {
  let index = start + 1;
  while (index < query.length) {
    const char = query[index]!;
    if (isNameChar(char)) index++;
    else if (char === '.' && isNameChar(query[index + 1] ?? '')) index += 2;
    else break;
  }
  const name = query.slice(start, index);
  if (query[index] === '~') {
    if (TILDE_KEYWORDS.has(name)) {
      tokens.push({ kind: 'keyword', text: `${name}~`, offset: start });
    } else {
      tokens.push({ kind: 'functionName~', text: name, offset: start });
    }
    return index + 1;
  }
  tokens.push({ kind: KEYWORDS.has(name) ? 'keyword' : 'identifier', text: name, offset: start });
  return index;
}

function readString(query: string, start: number, tokens: Token[]): number {
  let value = '';
  let index = start + 1;
  let chunkStart = index;
  for (;;) {
    if (index >= query.length) throw invalidInQuery(query, start, 'unterminated string');
    const char = query[index]!;
    if (char === '"') break;
    if (char === '\n' || char === '\r') {
      throw invalidInQuery(query, index, 'line break inside a string; use """raw""" strings for multi-line text');
    }
    if (char !== '\\') {
      index++;
      continue;
    }
    value += query.slice(chunkStart, index);
    const escaped = query[index + 1];
    const simple = escaped === undefined ? undefined : SIMPLE_ESCAPES[escaped];
    if (simple !== undefined) {
      value += simple;
      index += 2;
    } else if (escaped === 'u') {
      const match = /^\{([0-9a-fA-F]{1,8})\}/.exec(query.slice(index + 2, index + 13));
      const codePoint = match ? parseInt(match[1]!, 16) : NaN;
      if (!match || codePoint > 0x10ffff) throw invalidInQuery(query, index, 'invalid \\u{...} escape');
      value += String.fromCodePoint(codePoint);
      index += 2 + match[0].length;
    } else {
      throw invalidInQuery(query, index, `invalid escape '\\${escaped ?? ''}' in string`);
    }
    chunkStart = index;
  }
  value += query.slice(chunkStart, index);
  tokens.push({ kind: 'string', text: value, offset: start });
  return index + 1;
}

const SIMPLE_ESCAPES: Readonly<Record<string, string>> = {
  '\\': '\\',
  '"': '"',
  "'": "'",
  n: '\n',
  r: '\r',
  t: '\t',
  b: '\b',
  f: '\f',
};

function isDigit(char: string): boolean {
  return char >= '0' && char <= '9';
}

function isNameStart(char: string): boolean {
  return (char >= 'a' && char <= 'z') || (char >= 'A' && char <= 'Z') || char === '_' || char === '@';
}

function isNameChar(char: string): boolean {
  return isNameStart(char) || isDigit(char);
}
