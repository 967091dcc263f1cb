/**
 * Translates Sigma's PCRE-flavoured `re` values into JavaScript regular expressions. Constructs
 * with a JavaScript equivalent are rewritten; constructs without one (possessive quantifiers,
 * atomic groups, inline flags inside the pattern, ...) make the rule unsupported, so no rule
 * silently matches differently than its author meant.
 */
import { unsupported } from '../problem.js';
import { compileLinearRegex, type LinearRegex } from './linearRegex.js';
import { escapeRegexAnywhere } from './regexEscape.js';

export interface RegexFlags {
  readonly ignoreCase: boolean;
  readonly multiline: boolean;
  readonly dotAll: boolean;
}

const POSIX_CLASSES: Readonly<Record<string, string>> = {
  alpha: 'a-zA-Z',
  digit: '0-9',
  alnum: 'a-zA-Z0-9',
  upper: 'A-Z',
  lower: 'a-z',
  space: '\\s',
  xdigit: '0-9A-Fa-f',
  word: '\\w',
  blank: ' \\t',
  punct: '!-\\/:-@\\[-`{-~',
  cntrl: '\\x00-\\x1f\\x7f',
  print: '\\x20-\\x7e',
  graph: '\\x21-\\x7e',
};

/** Escapes whose PCRE meaning differs from JavaScript's, rewritten (outside, inside a class). */
const REWRITTEN_ESCAPES: Readonly<Record<string, readonly [string, string]>> = {
  A: ['(?<![\\s\\S])', ''],
  z: ['(?![\\s\\S])', ''],
  Z: ['(?=\\n?(?![\\s\\S]))', ''],
  h: ['[ \\t\\xa0]', ' \\t\\xa0'],
  H: ['[^ \\t\\xa0]', ''],
  v: ['[\\n\\x0b\\f\\r\\x85\\u2028\\u2029]', '\\n\\x0b\\f\\r\\x85\\u2028\\u2029'],
  V: ['[^\\n\\x0b\\f\\r\\x85\\u2028\\u2029]', ''],
  e: ['\\x1b', '\\x1b'],
  a: ['\\x07', '\\x07'],
};

/** PCRE escapes with no JavaScript counterpart. */
const UNSUPPORTED_ESCAPES: ReadonlySet<string> = new Set(['G', 'K', 'R', 'X', 'C', 'N', 'o', 'g', 'E']);

/**
 * Compiles a Sigma regex to a linear-time matcher; throws an "unsupported" problem naming the
 * construct it cannot translate or run in linear time.
 */
export function compileSigmaRegex(pattern: string, flags: RegexFlags): LinearRegex {
  const { source, flags: jsFlags } = sigmaRegexToJavaScript(pattern, flags);
  return compileLinearRegex(source, jsFlags);
}

/** The JavaScript regex (source and flags) that a Sigma regex means; throws an "unsupported" problem. */
export function sigmaRegexToJavaScript(pattern: string, flags: RegexFlags): { source: string; flags: string } {
  const translation = translate(pattern);
  let jsFlags = '';
  if (flags.ignoreCase || translation.flags.includes('i')) jsFlags += 'i';
  if (flags.multiline || translation.flags.includes('m')) jsFlags += 'm';
  if (flags.dotAll || translation.flags.includes('s')) jsFlags += 's';
  if (translation.unicode) jsFlags += 'u';
  try {
    // Compiled (never run) to check the translation is valid JavaScript, whose meaning the linear matcher keeps.
    new RegExp(translation.source, jsFlags);
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    throw unsupported(`regular expression '${pattern}' is not valid in JavaScript: ${message}`);
  }
  return { source: translation.source, flags: jsFlags };
}

interface Translation {
  readonly source: string;
  /** Flags from a leading `(?flags)` group. */
  readonly flags: string;
  /** `\p{...}` needs JavaScript's unicode mode. */
  readonly unicode: boolean;
}

function translate(pattern: string): Translation {
  let flags = '';
  let start = 0;
  const leading = /^\(\?([a-zA-Z]+)\)/.exec(pattern);
  if (leading !== null) {
    if (!/^[ims]+$/.test(leading[1])) throw unsupported(`regex inline flags '(?${leading[1]})' are not supported`);
    flags = leading[1];
    start = leading[0].length;
  }
  let out = '';
  let unicode = false;
  let inClass = false;
  let afterQuantifier = false;
  for (let i = start; i < pattern.length; i++) {
    const c = pattern[i];
    const quantifierBefore: boolean = afterQuantifier;
    afterQuantifier = false;
    if (c === '\\') {
      const next = pattern[i + 1];
      if (next === undefined) throw unsupported(`regex '${pattern}' ends with a lone backslash`);
      i++;
      if (next === 'Q') {
        const end = pattern.indexOf('\\E', i + 1);
        const literal = pattern.slice(i + 1, end < 0 ? pattern.length : end);
        out += escapeRegexAnywhere(literal);
        i = end < 0 ? pattern.length : end + 1;
        continue;
      }
      if (next === 'x' && pattern[i + 1] === '{') {
        const close = pattern.indexOf('}', i + 2);
        const hex = close < 0 ? '' : pattern.slice(i + 2, close);
        if (!/^[0-9a-fA-F]{1,4}$/.test(hex)) throw unsupported(`regex escape '\\x{${hex}}' is not supported`);
        out += `\\u${hex.padStart(4, '0')}`;
        i = close;
        continue;
      }
      if (next === 'p' || next === 'P') unicode = true;
      if (UNSUPPORTED_ESCAPES.has(next)) throw unsupported(`regex escape '\\${next}' has no JavaScript equivalent`);
      const rewritten = REWRITTEN_ESCAPES[next];
      if (rewritten !== undefined) {
        const replacement = inClass ? rewritten[1] : rewritten[0];
        if (replacement === '') throw unsupported(`regex escape '\\${next}' inside a character class is not supported`);
        out += replacement;
        continue;
      }
      out += c + next;
      continue;
    }
    if (inClass) {
      if (c === '[' && pattern[i + 1] === ':') {
        const close = pattern.indexOf(':]', i + 2);
        const name = close < 0 ? '' : pattern.slice(i + 2, close);
        const negated = name.startsWith('^');
        const range = POSIX_CLASSES[negated ? name.slice(1) : name];
        if (range === undefined || negated) throw unsupported(`regex POSIX class '[:${name}:]' is not supported`);
        out += range;
        i = close + 1;
        continue;
      }
      if (c === ']') inClass = false;
      out += c;
      continue;
    }
    if (c === '[') {
      inClass = true;
      out += c;
      if (pattern[i + 1] === '^') {
        out += '^';
        i++;
      }
      // PCRE reads a `]` right after the opening bracket as a literal; JavaScript as an empty class.
      if (pattern[i + 1] === ']') {
        out += '\\]';
        i++;
      }
      continue;
    }
    if (c === '(' && pattern[i + 1] === '?') {
      const group = translateGroupOpening(pattern, i);
      out += group.text;
      i = group.end - 1;
      continue;
    }
    if (c === '+' && quantifierBefore) {
      throw unsupported(`regex possessive quantifier in '${pattern}' has no JavaScript equivalent`);
    }
    if (c === '*' || c === '+' || c === '?') {
      afterQuantifier = !quantifierBefore || c !== '?';
    } else if (c === '}') {
      afterQuantifier = /\{\d+(,\d*)?$/.test(pattern.slice(0, i));
    }
    out += c;
  }
  return { source: out, flags, unicode };
}

/** Rewrites `(?...` group openings; returns the JavaScript text and the index after the opening. */
function translateGroupOpening(pattern: string, at: number): { text: string; end: number } {
  const rest = pattern.slice(at + 2);
  if (rest.startsWith(':') || rest.startsWith('=') || rest.startsWith('!')) {
    return { text: pattern.slice(at, at + 3), end: at + 3 };
  }
  if (rest.startsWith('<=') || rest.startsWith('<!')) return { text: pattern.slice(at, at + 4), end: at + 4 };
  const named = /^(?:P?<|')([A-Za-z_][A-Za-z0-9_]*)[>']/.exec(rest);
  if (named !== null) return { text: `(?<${named[1]}>`, end: at + 2 + named[0].length };
  const backReference = /^P=([A-Za-z_][A-Za-z0-9_]*)\)/.exec(rest);
  if (backReference !== null) return { text: `\\k<${backReference[1]}>`, end: at + 2 + backReference[0].length };
  if (rest.startsWith('#')) {
    const close = pattern.indexOf(')', at);
    return { text: '', end: close < 0 ? pattern.length : close + 1 };
  }
  const construct = /^[^)]{0,8}/.exec(rest)?.[0] ?? '';
  if (/^[a-zA-Z-]+[:)]/.test(rest)) {
    throw unsupported(`regex inline flags '(?${construct}' inside the pattern are not supported`);
  }
  throw unsupported(`regex construct '(?${construct}' has no JavaScript equivalent`);
}
