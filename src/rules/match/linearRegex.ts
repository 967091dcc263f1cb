/**
 * Runs the rule regexes in linear time. A JavaScript regex (what pcreRegex.ts and luceneRegex.ts
 * produce) is rewritten into RE2 syntax with the same meaning and run by re2js, whose automata
 * take time linear in the text whatever the pattern: a crafted value cannot make a rule backtrack
 * for seconds. Constructs RE2 has no linear-time form for (backreferences, lookahead, lookbehind
 * other than the anchors that mean "start/end of input") make the regex unsupported.
 *
 * The rewrite keeps JavaScript's semantics where RE2's differ: `\s` and `.` get JavaScript's sets
 * (RE2's `\s` lacks \v and the Unicode spaces, its `.` matches \r), case-insensitivity becomes
 * explicit sets under JavaScript's case folding (RE2's would also fold K to the Kelvin sign and s
 * to long s), and without the `u` flag the text is matched by UTF-16 code unit as JavaScript does
 * (re2js reads code points, so surrogates are moved to private code points first).
 */
import { RE2JS } from 're2js';
import { unsupported } from '../problem.js';

/** What a compiled rule regex offers: whether it matches somewhere in a text. */
export interface LinearRegex {
  test(text: string): boolean;
}

/** Compiles a valid JavaScript regex (`source`, `flags` among "imsu") into a linear-time matcher. */
export function compileLinearRegex(source: string, flags: string): LinearRegex {
  const mode: Mode = {
    ignoreCase: flags.includes('i'),
    multiline: flags.includes('m'),
    dotAll: flags.includes('s'),
    unicode: flags.includes('u'),
  };
  const tree = withoutAnchoredAnyPrefixOrSuffix(new Parser(source, mode).parse(), mode);
  const emitter = new Emitter(mode);
  const re2Source = emitter.emit(tree, true);
  let compiled: RE2JS;
  try {
    compiled = RE2JS.compile(re2Source, emitter.needsLookbehind ? RE2JS.LOOKBEHINDS : 0);
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    throw unsupported(`regular expression /${source}/ cannot run in linear time: ${message}`);
  }
  const run: (text: string) => boolean = mode.unicode
    ? (text) => compiled.test(text)
    : (text) => compiled.test(SURROGATE.test(text) ? text.replace(SURROGATES, unitAsCodePoint) : text);
  const needle = requiredLiteral(tree, emitter);
  if (needle === '') return { test: run };
  // Most values lack the literal every match contains; includes() says so far faster than the automaton.
  if (mode.ignoreCase) return { test: (text) => text.toLowerCase().includes(needle) && run(text) };
  return { test: (text) => text.includes(needle) && run(text) };
}

/**
 * `^.*X.*$` with a `.` that matches everything (Lucene's whole-value patterns) finds a match
 * exactly when X occurs: the anchored any-prefix and any-suffix are dropped, which spares the
 * automaton a pass over the whole text for each.
 */
function withoutAnchoredAnyPrefixOrSuffix(tree: Node, mode: Mode): Node {
  const items: Node[] = [];
  const flatten = (node: Node): void => {
    if (node.kind === 'sequence') node.items.forEach(flatten);
    else items.push(node);
  };
  flatten(tree);
  const isAnchor = (node: Node | undefined, which: 'start' | 'end'): boolean =>
    node?.kind === 'assertion' &&
    (node.which === (which === 'start' ? 'inputStart' : 'inputEnd') || (node.which === which && !mode.multiline));
  const isAnyRun = (node: Node | undefined): boolean =>
    node?.kind === 'repeat' && node.min === 0 && node.max === undefined && node.item.kind === 'set' && matchesEverything(node.item, mode);
  if (items.length >= 2 && isAnchor(items[0], 'start') && isAnyRun(items[1])) items.splice(0, 2);
  if (items.length >= 2 && isAnchor(items[items.length - 1], 'end') && isAnyRun(items[items.length - 2])) items.splice(-2, 2);
  return items.length === 1 ? items[0]! : { kind: 'sequence', items };
}

/** Whether a set node matches every character (with `i` too: case folding only adds characters). */
function matchesEverything(node: Extract<Node, { kind: 'set' }>, mode: Mode): boolean {
  if (node.negated) return node.set.length === 0;
  const [first] = node.set;
  return node.set.length === 1 && first![0] === 0 && first![1] >= (mode.unicode ? MAX_CODE_POINT : MAX_CODE_UNIT);
}

/**
 * The longest literal that every match contains (lower-cased for a case-insensitive regex), or ''.
 * Only top-level runs of single characters count; a case-insensitive character counts when every
 * character that matches it lower-cases, alone, to one and the same character.
 */
function requiredLiteral(tree: Node, emitter: Emitter): string {
  let longest = '';
  let run = '';
  const end = (): void => {
    if (run.length > longest.length) longest = run;
    run = '';
  };
  const visit = (node: Node): void => {
    if (node.kind === 'sequence') {
      node.items.forEach(visit);
      return;
    }
    const char =
      node.kind === 'set'
        ? emitter.literalChar(node)
        : node.kind === 'repeat' && node.min >= 1 && node.item.kind === 'set'
          ? emitter.literalChar(node.item)
          : undefined;
    if (char === undefined) {
      end();
      return;
    }
    run += char;
    if (node.kind === 'repeat') {
      end();
      run = char;
    }
  };
  visit(tree);
  end();
  return longest;
}

interface Mode {
  readonly ignoreCase: boolean;
  readonly multiline: boolean;
  readonly dotAll: boolean;
  readonly unicode: boolean;
}

/** First and last code point. */
type Range = readonly [number, number];
/** Code point ranges, sorted, disjoint and not adjacent. */
type CharSet = readonly Range[];

type Node =
  | { readonly kind: 'set'; readonly set: CharSet; readonly negated: boolean; readonly folds: boolean }
  | { readonly kind: 'sequence'; readonly items: readonly Node[] }
  | { readonly kind: 'alternation'; readonly branches: readonly Node[] }
  | { readonly kind: 'repeat'; readonly item: Node; readonly min: number; readonly max: number | undefined }
  | {
      readonly kind: 'assertion';
      readonly which: 'start' | 'end' | 'inputStart' | 'inputEnd' | 'inputEndOrFinalNewline' | 'wordBoundary' | 'notWordBoundary';
    }
  | { readonly kind: 'property'; readonly text: string };

/** RE2's largest counted repetition. */
const MAX_REPEAT = 1000;
const MAX_CODE_POINT = 0x10ffff;
const MAX_CODE_UNIT = 0xffff;
const SURROGATE = /[\ud800-\udfff]/;
const SURROGATES = /[\ud800-\udfff]/g;
/** Where a UTF-16 surrogate unit goes when the text is read by code unit: plane 15's private use area. */
const SURROGATE_BASE = 0xf0000;

function unitAsCodePoint(unit: string): string {
  return String.fromCodePoint(SURROGATE_BASE + unit.charCodeAt(0) - 0xd800);
}

const DIGITS: readonly Range[] = [[0x30, 0x39]];
const WORD: readonly Range[] = [
  [0x30, 0x39],
  [0x41, 0x5a],
  [0x5f, 0x5f],
  [0x61, 0x7a],
];
/** With both `i` and `u`, JavaScript's \w also holds the long s and the Kelvin sign (they fold to s and k). */
const UNICODE_FOLDED_WORD: CharSet = union(WORD, [
  [0x17f, 0x17f],
  [0x212a, 0x212a],
]);
const SPACES: readonly Range[] = [
  [0x09, 0x0d],
  [0x20, 0x20],
  [0xa0, 0xa0],
  [0x1680, 0x1680],
  [0x2000, 0x200a],
  [0x2028, 0x2029],
  [0x202f, 0x202f],
  [0x205f, 0x205f],
  [0x3000, 0x3000],
  [0xfeff, 0xfeff],
];
const LINE_TERMINATORS: readonly Range[] = [
  [0x0a, 0x0a],
  [0x0d, 0x0d],
  [0x2028, 0x2029],
];
const PROPERTY = /^[pP]\{([A-Z][a-z]?)\}/;

function single(codePoint: number): CharSet {
  return [[codePoint, codePoint]];
}

function union(...sets: CharSet[]): CharSet {
  const ranges = sets
    .flat()
    .map(([low, high]) => [low, high] as [number, number])
    .sort((a, b) => a[0] - b[0]);
  const merged: [number, number][] = [];
  for (const range of ranges) {
    const last = merged[merged.length - 1];
    if (last !== undefined && range[0] <= last[1] + 1) last[1] = Math.max(last[1], range[1]);
    else merged.push(range);
  }
  return merged;
}

function complement(set: CharSet, max: number): CharSet {
  const result: [number, number][] = [];
  let next = 0;
  for (const [low, high] of set) {
    if (low > next) result.push([next, low - 1]);
    next = high + 1;
  }
  if (next <= max) result.push([next, max]);
  return result;
}

class Parser {
  private index = 0;
  private readonly groupCount: number;
  private readonly hasNamedGroups: boolean;

  constructor(
    private readonly source: string,
    private readonly mode: Mode,
  ) {
    // A decimal escape is a backreference when that many groups exist; count them ahead.
    this.groupCount = (source.replace(/\\[\s\S]|\[(?:\\[\s\S]|[^\]\\])*\]/g, '').match(/\((?!\?)|\(\?<(?![=!])/g) ?? []).length;
    this.hasNamedGroups = /\(\?<(?![=!])/.test(source);
  }

  parse(): Node {
    const tree = this.disjunction();
    if (this.index < this.source.length) throw this.unsupported(`unexpected '${this.source[this.index]}'`);
    return tree;
  }

  private disjunction(): Node {
    const branches = [this.alternative()];
    while (this.source[this.index] === '|') {
      this.index++;
      branches.push(this.alternative());
    }
    return branches.length === 1 ? branches[0]! : { kind: 'alternation', branches };
  }

  private alternative(): Node {
    const items: Node[] = [];
    for (let c = this.source[this.index]; c !== undefined && c !== '|' && c !== ')'; c = this.source[this.index]) {
      items.push(this.term());
    }
    return items.length === 1 ? items[0]! : { kind: 'sequence', items };
  }

  private term(): Node {
    const atom = this.atom();
    const quantifier = this.quantifier();
    if (quantifier === undefined) return atom;
    if (atom.kind === 'assertion') throw this.unsupported('a quantified assertion');
    return { kind: 'repeat', item: atom, ...quantifier };
  }

  private quantifier(): { min: number; max: number | undefined } | undefined {
    const c = this.source[this.index];
    let bounds: { min: number; max: number | undefined } | undefined;
    if (c === '*') bounds = { min: 0, max: undefined };
    else if (c === '+') bounds = { min: 1, max: undefined };
    else if (c === '?') bounds = { min: 0, max: 1 };
    if (bounds !== undefined) {
      this.index++;
    } else if (c === '{') {
      const counted = /^\{(\d+)(,(\d*))?\}/.exec(this.source.slice(this.index));
      if (counted === null) return undefined;
      this.index += counted[0].length;
      const min = Number(counted[1]);
      const max = counted[2] === undefined ? min : counted[3] === '' ? undefined : Number(counted[3]);
      if (min > MAX_REPEAT || (max !== undefined && max > MAX_REPEAT)) {
        throw this.unsupported(`a counted repetition above ${MAX_REPEAT}`);
      }
      bounds = { min, max };
    } else {
      return undefined;
    }
    // Laziness does not change whether a match exists.
    if (this.source[this.index] === '?') this.index++;
    return bounds;
  }

  private atom(): Node {
    const c = this.source[this.index]!;
    switch (c) {
      case '^':
        this.index++;
        return { kind: 'assertion', which: 'start' };
      case '$':
        this.index++;
        return { kind: 'assertion', which: 'end' };
      case '.':
        this.index++;
        return this.set(this.mode.dotAll ? [[0, MAX_CODE_POINT]] : LINE_TERMINATORS, !this.mode.dotAll, false);
      case '(':
        return this.group();
      case '[':
        return this.characterClass();
      case '\\':
        return this.atomEscape();
      default: {
        const codePoint = this.character();
        return this.set(single(codePoint), false, true);
      }
    }
  }

  /** The next character of the pattern: a code point with `u`, else a code unit. */
  private character(): number {
    const codePoint = this.mode.unicode ? this.source.codePointAt(this.index)! : this.source.charCodeAt(this.index);
    this.index += codePoint > MAX_CODE_UNIT ? 2 : 1;
    return codePoint;
  }

  private set(set: CharSet, negated: boolean, folds: boolean): Node {
    return { kind: 'set', set, negated, folds };
  }

  private group(): Node {
    const rest = this.source.slice(this.index);
    // The PCRE translator writes \A and \z as these lookarounds; they are RE2's \A and \z ...
    if (rest.startsWith('(?<![\\s\\S])')) {
      this.index += '(?<![\\s\\S])'.length;
      return { kind: 'assertion', which: 'inputStart' };
    }
    if (rest.startsWith('(?![\\s\\S])')) {
      this.index += '(?![\\s\\S])'.length;
      return { kind: 'assertion', which: 'inputEnd' };
    }
    // ... and PCRE's \Z as this one: the end of the input or before a final newline.
    if (rest.startsWith('(?=\\n?(?![\\s\\S]))')) {
      this.index += '(?=\\n?(?![\\s\\S]))'.length;
      return { kind: 'assertion', which: 'inputEndOrFinalNewline' };
    }
    if (/^\(\?(?:[=!]|<[=!])/.test(rest)) throw this.unsupported('lookahead and lookbehind');
    const opening = /^\((?:\?:|\?<[^>]*>)?/.exec(rest)![0];
    this.index += opening.length;
    const inner = this.disjunction();
    if (this.source[this.index] !== ')') throw this.unsupported("a missing ')'");
    this.index++;
    return inner;
  }

  private atomEscape(): Node {
    const next = this.source[this.index + 1];
    if (next === 'b' || next === 'B') {
      this.index += 2;
      if (this.mode.unicode && this.mode.ignoreCase) throw this.unsupported('\\b with both the i and u flags');
      return { kind: 'assertion', which: next === 'b' ? 'wordBoundary' : 'notWordBoundary' };
    }
    if (next !== undefined && /[1-9]/.test(next)) {
      const digits = /^\d+/.exec(this.source.slice(this.index + 1))![0];
      if (this.mode.unicode || Number(digits) <= this.groupCount) throw this.unsupported('backreferences');
      throw this.unsupported('legacy octal escapes');
    }
    if (next === 'k' && (this.mode.unicode || this.hasNamedGroups)) throw this.unsupported('backreferences');
    if (next === 'p' || next === 'P') {
      if (this.mode.unicode) {
        const property = PROPERTY.exec(this.source.slice(this.index + 1));
        if (property === null || this.mode.ignoreCase) throw this.unsupported(`the property escape in /${this.source}/`);
        this.index += 1 + property[0].length;
        return { kind: 'property', text: `\\${property[0]}` };
      }
    }
    const escaped = this.classEscape(false);
    return typeof escaped === 'number' ? this.set(single(escaped), false, true) : this.set(escaped.set, escaped.negated, false);
  }

  /** An escape (at the backslash) as a character or a set; `inClass` reads \b as backspace. */
  private classEscape(inClass: boolean): number | { set: CharSet; negated: boolean } {
    this.index++;
    const c = this.source[this.index]!;
    const sets: Readonly<Record<string, CharSet>> = {
      d: DIGITS,
      w: this.mode.unicode && this.mode.ignoreCase ? UNICODE_FOLDED_WORD : WORD,
      s: SPACES,
    };
    const shorthand = sets[c.toLowerCase()];
    if (shorthand !== undefined) {
      this.index++;
      return { set: shorthand, negated: c !== c.toLowerCase() };
    }
    const rest = this.source.slice(this.index);
    const controls: Readonly<Record<string, number>> = { t: 0x09, n: 0x0a, v: 0x0b, f: 0x0c, r: 0x0d };
    if (controls[c] !== undefined) {
      this.index++;
      return controls[c];
    }
    if (inClass && c === 'b') {
      this.index++;
      return 0x08;
    }
    if (c === '0' && !/^0\d/.test(rest)) {
      this.index++;
      return 0;
    }
    if (/^\d/.test(rest)) throw this.unsupported('legacy octal escapes');
    const control = /^c([A-Za-z])/.exec(rest);
    if (control !== null) {
      this.index += 2;
      return control[1]!.charCodeAt(0) % 32;
    }
    const hex = /^x([0-9A-Fa-f]{2})/.exec(rest);
    if (hex !== null) {
      this.index += 3;
      return parseInt(hex[1]!, 16);
    }
    if (this.mode.unicode) {
      const braced = /^u\{([0-9A-Fa-f]+)\}/.exec(rest);
      if (braced !== null) {
        this.index += braced[0].length;
        return parseInt(braced[1]!, 16);
      }
      const pair = /^u(d[89ab][0-9a-f]{2})\\u(d[c-f][0-9a-f]{2})/i.exec(rest);
      if (pair !== null) {
        this.index += pair[0].length;
        return String.fromCharCode(parseInt(pair[1]!, 16), parseInt(pair[2]!, 16)).codePointAt(0)!;
      }
    }
    const unit = /^u([0-9A-Fa-f]{4})/.exec(rest);
    if (unit !== null) {
      this.index += 5;
      return parseInt(unit[1]!, 16);
    }
    if (c === 'c') return 0x5c; // Annex B: a \c without a letter is a backslash; the c is read next
    return this.character();
  }

  private characterClass(): Node {
    this.index++;
    const negated = this.source[this.index] === '^';
    if (negated) this.index++;
    const members: CharSet[] = [];
    while (this.source[this.index] !== ']') {
      if (this.index >= this.source.length) throw this.unsupported("a missing ']'");
      const first = this.classAtom();
      if (this.source[this.index] === '-' && this.source[this.index + 1] !== ']' && this.index + 1 < this.source.length) {
        const save = this.index;
        this.index++;
        const last = this.classAtom();
        if (typeof first === 'number' && typeof last === 'number') {
          members.push([[first, last]]);
          continue;
        }
        // Annex B: a range with a class escape at either end is the members and a literal '-'.
        this.index = save;
      }
      members.push(typeof first === 'number' ? single(first) : first);
    }
    this.index++;
    return this.set(union(...members), negated, true);
  }

  private classAtom(): number | CharSet {
    if (this.source[this.index] !== '\\') return this.character();
    const escaped = this.classEscape(true);
    if (typeof escaped === 'number') return escaped;
    return escaped.negated ? complement(escaped.set, this.mode.unicode ? MAX_CODE_POINT : MAX_CODE_UNIT) : escaped.set;
  }

  private unsupported(what: string): Error {
    return unsupported(`regular expression /${this.source}/ uses ${what}, which has no linear-time form`);
  }
}

class Emitter {
  needsLookbehind = false;
  private readonly max: number;

  constructor(private readonly mode: Mode) {
    this.max = mode.unicode ? MAX_CODE_POINT : MAX_CODE_UNIT;
  }

  /** RE2 syntax for `node`; `atEnd`: nothing can follow it in a match. */
  emit(node: Node, atEnd: boolean): string {
    switch (node.kind) {
      case 'set':
        return this.emitSet(node);
      case 'sequence':
        return node.items.map((item, index) => this.emit(item, atEnd && index === node.items.length - 1)).join('');
      case 'alternation':
        return `(?:${node.branches.map((branch) => this.emit(branch, atEnd)).join('|')})`;
      case 'repeat': {
        const inner = this.emit(node.item, false);
        const item = node.item.kind === 'set' || node.item.kind === 'property' ? inner : `(?:${inner})`;
        const { min, max } = node;
        const suffix =
          max === undefined
            ? min === 0
              ? '*'
              : min === 1
                ? '+'
                : `{${min},}`
            : min === 0 && max === 1
              ? '?'
              : min === max
                ? `{${min}}`
                : `{${min},${max}}`;
        return `${item}${suffix}`;
      }
      case 'property':
        return node.text;
      case 'assertion':
        return this.emitAssertion(node.which, atEnd);
      default:
        return node satisfies never;
    }
  }

  private emitAssertion(which: Extract<Node, { kind: 'assertion' }>['which'], atEnd: boolean): string {
    switch (which) {
      case 'inputStart':
        return '\\A';
      case 'inputEnd':
        return '\\z';
      case 'inputEndOrFinalNewline':
        // Like a multiline $: at the end of the pattern it may consume the newline; elsewhere it would need lookahead.
        if (!atEnd) throw unsupported('\\Z before more of the pattern has no linear-time form');
        return '(?:\\n?\\z)';
      case 'wordBoundary':
        return '\\b';
      case 'notWordBoundary':
        return '\\B';
      case 'start':
        if (!this.mode.multiline) return '\\A';
        this.needsLookbehind = true;
        return `(?:\\A|(?<=${this.classText(LINE_TERMINATORS)}))`;
      case 'end':
        if (!this.mode.multiline) return '\\z';
        // A line end with nothing after it may consume the line terminator; elsewhere it would need lookahead.
        if (!atEnd) throw unsupported('a multiline $ before more of the pattern has no linear-time form');
        return `(?:${this.classText(LINE_TERMINATORS)}|\\z)`;
      default:
        return which satisfies never;
    }
  }

  private emitSet(node: Extract<Node, { kind: 'set' }>): string {
    const set = this.matched(node);
    if (set.length === 1 && set[0]![0] === set[0]![1]) return this.codePoint(set[0]![0]);
    return this.classText(set);
  }

  /** The characters a set node matches. */
  private matched(node: Extract<Node, { kind: 'set' }>): CharSet {
    const set = node.folds && this.mode.ignoreCase ? this.caseClosure(node.set) : node.set;
    return node.negated ? complement(set, this.max) : set;
  }

  /** The one character that a set node stands for in the (lower-cased, with `i`) text, if there is one. */
  literalChar(node: Extract<Node, { kind: 'set' }>): string | undefined {
    const set = this.matched(node);
    const size = set.reduce((count, [low, high]) => count + high - low + 1, 0);
    if (size > 8) return undefined;
    const chars = set.flatMap(([low, high]) => Array.from({ length: high - low + 1 }, (_, offset) => String.fromCodePoint(low + offset)));
    if (!this.mode.ignoreCase) return chars.length === 1 ? chars[0] : undefined;
    const lowered = new Set(chars.map((char) => char.toLowerCase()));
    const [only] = lowered;
    return lowered.size === 1 && only!.length === 1 ? only : undefined;
  }

  private classText(set: CharSet): string {
    if (set.length === 0) return '[^\\x{0}-\\x{10FFFF}]';
    const ranges = this.mode.unicode ? set : withSurrogatesMoved(set);
    return `[${ranges.map(([low, high]) => (low === high ? this.codePoint(low) : `${this.codePoint(low)}-${this.codePoint(high)}`)).join('')}]`;
  }

  private codePoint(codePoint: number): string {
    const moved = !this.mode.unicode && codePoint >= 0xd800 && codePoint <= 0xdfff ? SURROGATE_BASE + codePoint - 0xd800 : codePoint;
    return `\\x{${moved.toString(16)}}`;
  }

  /**
   * Every character that JavaScript's case-insensitive matching lets match a member of `set`.
   * ASCII letters pair with their other case (and, with `u`, k and s with the Kelvin and long s);
   * any other cased member is resolved by asking JavaScript itself, character by character.
   */
  private caseClosure(set: CharSet): CharSet {
    const added: [number, number][] = [];
    let otherCased = false;
    for (const [low, high] of set) {
      for (let codePoint = low; codePoint <= Math.min(high, 0x7f); codePoint++) {
        const char = String.fromCharCode(codePoint);
        const other = char === char.toLowerCase() ? char.toUpperCase() : char.toLowerCase();
        if (other !== char) added.push([other.charCodeAt(0), other.charCodeAt(0)]);
        if (this.mode.unicode && (char === 'k' || char === 'K')) added.push([0x212a, 0x212a]);
        if (this.mode.unicode && (char === 's' || char === 'S')) added.push([0x17f, 0x17f]);
      }
      for (let codePoint = Math.max(low, 0x80); codePoint <= high && !otherCased; codePoint++) {
        const char = String.fromCodePoint(codePoint);
        otherCased = char.toLowerCase() !== char || char.toUpperCase() !== char;
      }
    }
    if (!otherCased) return union(set, added);
    const flags = this.mode.unicode ? 'iu' : 'i';
    const oracle = new RegExp(`^${jsClass(set, this.mode.unicode)}$`, flags);
    // Case pairs end below 0x20000; above, only the members themselves match.
    const scanned = this.mode.unicode ? 0x1ffff : MAX_CODE_UNIT;
    for (let codePoint = 0; codePoint <= scanned; codePoint++) {
      if (oracle.test(String.fromCodePoint(codePoint))) added.push([codePoint, codePoint]);
    }
    return union(set, added);
  }
}

/** Splits ranges at the surrogate block so that its part is moved as one range. */
function withSurrogatesMoved(set: CharSet): CharSet {
  const result: [number, number][] = [];
  for (const [low, high] of set) {
    const pieces: [number, number][] = [
      [low, Math.min(high, 0xd7ff)],
      [Math.max(low, 0xd800), Math.min(high, 0xdfff)],
      [Math.max(low, 0xe000), high],
    ];
    for (const [from, to] of pieces) if (from <= to) result.push([from, to]);
  }
  return result;
}

/** A JavaScript character class for `set`. */
function jsClass(set: CharSet, unicode: boolean): string {
  const escape = (codePoint: number): string =>
    unicode ? `\\u{${codePoint.toString(16)}}` : `\\u${codePoint.toString(16).padStart(4, '0')}`;
  return `[${set.map(([low, high]) => `${escape(low)}-${escape(high)}`).join('')}]`;
}
