/** The string matcher before the shared wildcard module, kept as the oracle of the equivalence tests. */
/**
 * Compiles Sigma strings into one text test per case mode. Needles are grouped by shape
 * (equal, prefix, suffix, substring) so the common rules run on ===, startsWith, endsWith and
 * includes; only `?` wildcards and values with many windash positions fall back to a regex.
 */
import type { NeedleIndex } from '../../../src/rules/match/needleIndex.js';
import {
  ANY_CHARS,
  DASH,
  DASH_CHARACTERS,
  ONE_CHAR,
  Placeholder,
  SigmaString,
  type StringPart,
} from '../../../src/rules/sigma/model/sigmaString.js';

const invalid = (reason: string): Error => new Error(reason);

export type TextPredicate = (text: string) => boolean;

/** Windash positions are expanded into plain variants up to this many; beyond, a regex is built. */
const MAX_WINDASH_VARIANTS = 25;
/** From this many equality needles on, a Set beats a loop of comparisons. */
const SET_THRESHOLD = 6;

/** `*`-separated literal segments; the ends say whether the pattern is anchored there. */
interface Glob {
  readonly segments: readonly string[];
  readonly anchoredStart: boolean;
  readonly anchoredEnd: boolean;
}

/** Collects the alternatives of one item (any may match) for one case mode. */
export class StringAlternatives {
  private readonly equal: string[] = [];
  private readonly prefixes: string[] = [];
  private readonly suffixes: string[] = [];
  private readonly substrings: string[] = [];
  private readonly globs: Glob[] = [];
  private readonly patterns: string[] = [];
  private matchesAnyText = false;

  /**
   * `lowerCase`: needles are lower-cased, to be tested against lower-cased event text.
   * `index`: the field's shared needle index, which then answers substring and suffix tests.
   */
  constructor(
    private readonly lowerCase: boolean,
    private readonly index?: NeedleIndex,
  ) {}

  get isEmpty(): boolean {
    return (
      !this.matchesAnyText &&
      this.equal.length + this.prefixes.length + this.suffixes.length + this.substrings.length === 0 &&
      this.globs.length + this.patterns.length === 0
    );
  }

  addText(text: string): void {
    this.equal.push(this.lowerCase ? text.toLowerCase() : text);
  }

  add(value: SigmaString): void {
    const parts = value.parts.map((part) => (typeof part === 'string' && this.lowerCase ? part.toLowerCase() : part));
    const placeholder = parts.find((part) => part instanceof Placeholder);
    if (placeholder instanceof Placeholder) throw invalid(`placeholder %${placeholder.name}% left unexpanded`);
    const dashes = parts.filter((part) => part === DASH).length;
    if (dashes === 0) {
      this.addShape(parts);
    } else if (DASH_CHARACTERS.length ** dashes <= MAX_WINDASH_VARIANTS) {
      for (const variant of dashVariants(parts)) this.addShape(variant);
    } else {
      this.patterns.push(patternSource(parts));
    }
  }

  private addShape(parts: readonly StringPart[]): void {
    if (parts.includes(ONE_CHAR)) {
      this.patterns.push(patternSource(parts));
      return;
    }
    const texts = parts as readonly (string | typeof ANY_CHARS)[];
    const first = texts[0];
    const last = texts[texts.length - 1];
    if (texts.length === 0) this.equal.push('');
    else if (texts.length === 1) {
      if (first === ANY_CHARS) this.matchesAnyText = true;
      else this.equal.push(first);
    } else if (texts.length === 2 && first === ANY_CHARS) this.suffixes.push(last as string);
    else if (texts.length === 2) this.prefixes.push(first as string);
    else if (texts.length === 3 && first === ANY_CHARS && last === ANY_CHARS) this.substrings.push(texts[1] as string);
    else {
      this.globs.push({
        segments: texts.filter((part): part is string => part !== ANY_CHARS),
        anchoredStart: first !== ANY_CHARS,
        anchoredEnd: last !== ANY_CHARS,
      });
    }
  }

  /** One predicate over all alternatives, or undefined when there are none. */
  build(): TextPredicate | undefined {
    if (this.matchesAnyText) return () => true;
    const tests: TextPredicate[] = [];
    if (this.equal.length >= SET_THRESHOLD) {
      const set = new Set(this.equal);
      tests.push((text) => set.has(text));
    } else if (this.equal.length > 0) {
      tests.push(oneOf(this.equal, (text, needle) => text === needle));
    }
    const index = this.index;
    if (index !== undefined) {
      if (this.suffixes.length > 0) {
        const ids = Int32Array.from(this.suffixes, (needle) => index.register(needle));
        tests.push((text) => index.endsWithAny(text, ids));
      }
      if (this.substrings.length > 0) {
        const ids = Int32Array.from(this.substrings, (needle) => index.register(needle));
        tests.push((text) => index.containsAny(text, ids));
      }
    } else {
      if (this.suffixes.length > 0) tests.push(oneOf(this.suffixes, (text, needle) => text.endsWith(needle)));
      if (this.substrings.length > 0) tests.push(oneOf(this.substrings, (text, needle) => text.includes(needle)));
    }
    if (this.prefixes.length > 0) tests.push(oneOf(this.prefixes, (text, needle) => text.startsWith(needle)));
    for (const glob of this.globs) tests.push(globPredicate(glob));
    if (this.patterns.length > 0) {
      const regex = new RegExp(this.patterns.map((source) => `(?:${source})`).join('|'), 'su');
      tests.push((text) => regex.test(text));
    }
    return anyOf(tests);
  }
}

export function anyOf<T extends (...args: never[]) => boolean>(tests: readonly T[]): T | undefined {
  if (tests.length === 0) return undefined;
  if (tests.length === 1) return tests[0];
  if (tests.length === 2) {
    const [a, b] = tests;
    return ((...args: Parameters<T>) => a(...args) || b(...args)) as T;
  }
  return ((...args: Parameters<T>) => {
    for (const test of tests) if (test(...args)) return true;
    return false;
  }) as T;
}

function oneOf(needles: readonly string[], test: (text: string, needle: string) => boolean): TextPredicate {
  if (needles.length === 1) {
    const needle = needles[0];
    return (text) => test(text, needle);
  }
  return (text) => {
    for (const needle of needles) if (test(text, needle)) return true;
    return false;
  };
}

/** Leftmost matching of `*`-separated segments: exact for globs without `?`. */
function globPredicate({ segments, anchoredStart, anchoredEnd }: Glob): TextPredicate {
  const first = segments[0];
  const last = segments[segments.length - 1];
  const middleFrom = anchoredStart ? 1 : 0;
  const middleTo = anchoredEnd ? segments.length - 1 : segments.length;
  return (text) => {
    let position = 0;
    let end = text.length;
    if (anchoredStart) {
      if (!text.startsWith(first)) return false;
      position = first.length;
    }
    if (anchoredEnd) {
      end = text.length - last.length;
      if (end < position || !text.endsWith(last)) return false;
    }
    for (let i = middleFrom; i < middleTo; i++) {
      const segment = segments[i];
      const found = text.indexOf(segment, position);
      if (found < 0 || found + segment.length > end) return false;
      position = found + segment.length;
    }
    return true;
  };
}

/**
 * Each combination of dash characters at the windash positions, as normalized parts: the chosen
 * dash joins the text around it, so `-enc` is the one literal `-enc`, not `-` then `enc` anywhere.
 */
function* dashVariants(parts: readonly StringPart[], from = 0): Generator<StringPart[]> {
  const index = parts.indexOf(DASH, from);
  if (index < 0) {
    yield [...new SigmaString(parts).parts];
    return;
  }
  for (const dash of DASH_CHARACTERS) {
    const replaced = [...parts];
    replaced[index] = dash;
    yield* dashVariants(replaced, index + 1);
  }
}

const REGEX_SYNTAX = /[\\^$.*+?()[\]{}|/]/g;

/** An anchored regex source for a string with `?` wildcards or windash positions. */
function patternSource(parts: readonly StringPart[]): string {
  const body = parts
    .map((part) => {
      if (typeof part === 'string') return part.replace(REGEX_SYNTAX, '\\$&');
      if (part === ANY_CHARS) return '.*';
      if (part === ONE_CHAR) return '.';
      return `[${DASH_CHARACTERS.map((dash) => (dash === '-' ? '\\-' : dash === '/' ? '\\/' : dash)).join('')}]`;
    })
    .join('');
  return `^${body}$`;
}
